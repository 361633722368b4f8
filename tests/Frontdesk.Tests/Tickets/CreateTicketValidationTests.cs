using System.Net;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Tickets;

public sealed class CreateTicketValidationTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Theory]
    [InlineData("{\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"}}", "subject")]
    [InlineData("{\"subject\":\"s\",\"requester\":{\"email\":\"a@b.test\"}}", "body")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\"}", "requester.email")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"not-an-email\"}}", "requester.email")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"},\"priority\":\"meh\"}", "priority")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"},\"type\":\"saga\"}", "type")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"},\"teamId\":424242}", "teamId")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"},\"tags\":[\"\"]}", "tags")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"},\"surprise\":true}", "surprise")]
    [InlineData("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\",\"phone\":\"1\"}}", "requester.phone")]
    [InlineData("{\"subject\":[1],\"body\":\"b\",\"requester\":{\"email\":\"a@b.test\"}}", "subject")]
    [InlineData("[]", "body")]
    [InlineData("not json at all", "body")]
    public async Task BadBody_Is400NamingTheField_AndCreatesNothing(string json, string field)
    {
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());

        var response = await app.Admin().PostRawAsync("/api/v1/tickets", json);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.Tickets.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Name == "A")));
    }

    [Fact]
    public async Task SubjectTooLong_Is400()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = new string('x', 251), body = "b", requester = new { email = "long@b.test" } });
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "subject");
    }

    [Fact]
    public async Task OversizeBody_Is413NamingBody()
    {
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new { subject = "big", body = new string('x', 300_000), requester = new { email = "big@b.test" } });
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task OversizeAttachment_Is413NamingIt_AndStoresNothing()
    {
        var big = Convert.ToBase64String(new byte[26 * 1024 * 1024]);
        var response = await app.Admin().PostJsonAsync("/api/v1/tickets", new
        {
            subject = "attachment",
            body = "b",
            requester = new { email = "att@b.test" },
            attachments = new[] { new { fileName = "huge.bin", contentBase64 = big } },
        });

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "attachments[0].contentBase64");
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "blobs")) && Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Customer_CannotChooseRequesterOrAssignee()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@c.test");
        var response = await customer.PostJsonAsync("/api/v1/tickets", new { subject = "s", body = "b", requester = new { email = "someone@else.test" } });
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "requester");
    }

    [Fact]
    public async Task UnknownTicket_Is404_AndNonNumericId_Is404()
    {
        await (await app.Admin().GetAsync("/api/v1/tickets/123456789")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().GetAsync("/api/v1/tickets/abc")).StatusCode);
    }
}
