using System.Net;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tests.Infrastructure;

namespace Frontdesk.Tests.Tickets;

public sealed class CustomFieldTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.WithDbAsync(async db =>
    {
        if (!db.CustomFields.Any())
        {
            db.CustomFields.AddRange(
                new CustomFieldDefinition("order_ref", "Order reference", CustomFieldKind.Text, null, required: true),
                new CustomFieldDefinition("seats", "Seats", CustomFieldKind.Number, null, required: false),
                new CustomFieldDefinition("renewal", "Renewal date", CustomFieldKind.Date, null, required: false),
                new CustomFieldDefinition("plan", "Plan", CustomFieldKind.Dropdown, ["basic", "pro"], required: false),
                new CustomFieldDefinition("trial", "On trial", CustomFieldKind.Checkbox, null, required: false));
            await db.SaveChangesAsync();
        }
    });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ValidValues_AreStoredAndReturnedTyped()
    {
        var ticket = await app.Admin().CreateTicketAsync("Fields", extra: new
        {
            customFields = new Dictionary<string, object> { ["order_ref"] = "A-1", ["seats"] = 12.5, ["renewal"] = "2027-01-31", ["plan"] = "pro", ["trial"] = true },
        });

        var fields = ticket["customFields"]!;
        Assert.Equal("A-1", fields["order_ref"].Str());
        Assert.Equal(12.5m, fields["seats"]!.GetValue<decimal>());
        Assert.Equal("2027-01-31", fields["renewal"].Str());
        Assert.Equal("pro", fields["plan"].Str());
        Assert.True(fields["trial"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{\"order_ref\":\"A\",\"seats\":\"many\"}", "customFields.seats")]
    [InlineData("{\"order_ref\":\"A\",\"renewal\":\"31/01/2027\"}", "customFields.renewal")]
    [InlineData("{\"order_ref\":\"A\",\"plan\":\"enterprise\"}", "customFields.plan")]
    [InlineData("{\"order_ref\":\"A\",\"trial\":\"yes\"}", "customFields.trial")]
    [InlineData("{\"seats\":1}", "customFields.order_ref")]
    [InlineData("{\"order_ref\":null}", "customFields.order_ref")]
    public async Task InvalidValues_Are400NamingTheField(string fieldsJson, string field)
    {
        var json = $"{{\"subject\":\"s\",\"body\":\"b\",\"requester\":{{\"email\":\"cf@x.test\"}},\"customFields\":{fieldsJson}}}";
        await (await app.Admin().PostRawAsync("/api/v1/tickets", json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Patch_ChangesAndClearsOptionalFields_WithHistory()
    {
        var admin = app.Admin();
        var ticket = await admin.CreateTicketAsync("Patch fields", extra: new { customFields = new Dictionary<string, object> { ["order_ref"] = "B-2", ["plan"] = "basic" } });

        var updated = await (await admin.PatchJsonAsync($"/api/v1/tickets/{ticket.Id()}", new { customFields = new Dictionary<string, object?> { ["plan"] = null, ["seats"] = 3 } })).ExpectAsync(HttpStatusCode.OK);

        Assert.False(updated["customFields"]!.AsObject().ContainsKey("plan"));
        Assert.Equal(3, updated["customFields"]!["seats"]!.GetValue<int>());
        var events = await (await admin.GetAsync($"/api/v1/tickets/{ticket.Id()}/events")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events["items"]!.AsArray(), e => e!["field"]?.GetValue<string>() == "custom.plan" && e["oldValue"]?.GetValue<string>() == "basic" && e["newValue"] is null);
    }
}
