using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Phone;
using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Channels.Phone;

public sealed class PhoneCallTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    private const string CallsUrl = "/api/v1/tickets/calls";

    private static string Number() => "+1 (555) " + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

    private static string Digits(string phone) => "+" + new string(phone.Where(char.IsAsciiDigit).ToArray());

    private async Task<JsonObject> OnlyMessageAsync(HttpClient client, JsonNode? ticketId)
    {
        var messages = await (await client.GetAsync($"/api/v1/tickets/{ticketId}/messages")).ExpectAsync(HttpStatusCode.OK);
        return messages["items"]!.AsArray()[^1]!.AsObject();
    }

    [Fact]
    public async Task InboundCall_FromANewNumber_OpensAPhoneTicket_ForANewPhoneContact()
    {
        var (agent, _) = await app.AgentAsync("Paula Phone");
        var number = Number();

        var logged = await (await agent.PostJsonAsync(CallsUrl, new { number, name = "Carl Caller", direction = "inbound", durationSeconds = 245, notes = "Printer jams on page 2." }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("created", logged["outcome"].Str());
        var ticket = await (await agent.GetAsync($"/api/v1/tickets/{logged["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("phone", ticket["channel"].Str());
        Assert.Equal("Call from Carl Caller", ticket["subject"].Str());
        var contact = await (await agent.GetAsync($"/api/v1/contacts/{logged["contactId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Carl Caller", contact["name"].Str());
        var identity = Assert.Single(contact["identities"]!.AsArray())!;
        Assert.Equal("phone", identity["kind"].Str());
        Assert.Equal(Digits(number), identity["value"].Str());

        var message = await OnlyMessageAsync(agent, logged["ticketId"]);
        Assert.Equal("phone", message["channel"].Str());
        Assert.Equal("contact", message["authorKind"].Str());
        Assert.Equal($"Inbound call from {Digits(number)} (Carl Caller), 4 min 5 s, taken by Paula Phone.\n\nPrinter jams on page 2.", message["bodyText"].Str());
    }

    [Fact]
    public async Task OutboundCall_OnATicket_IsAMessageRecordedByTheAgent_AndAKnownNumberFindsItsContact()
    {
        var (agent, agentId) = await app.AgentAsync("Otto Outbound");
        var number = Number();
        var first = await (await agent.PostJsonAsync(CallsUrl, new { number, direction = "inbound", durationSeconds = 30 })).ExpectAsync(HttpStatusCode.Created);

        var logged = await (await agent.PostJsonAsync(CallsUrl, new { number = Digits(number), direction = "outbound", durationSeconds = 3725, notes = "Called back; fixed.", ticketId = first["ticketId"] }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("threaded", logged["outcome"].Str());
        Assert.Equal(first["ticketId"]!.GetValue<long>(), logged["ticketId"]!.GetValue<long>());
        Assert.Equal(first["contactId"]!.GetValue<long>(), logged["contactId"]!.GetValue<long>());
        var message = await OnlyMessageAsync(agent, logged["ticketId"]);
        Assert.Equal("agent", message["authorKind"].Str());
        Assert.Equal(agentId, message["authorId"]!.GetValue<long>());
        Assert.StartsWith($"Outbound call to {Digits(number)}, 1 h 2 min, made by Otto Outbound.", message["bodyText"].Str());
    }

    [Fact]
    public async Task OutboundCall_WithoutATicket_OpensOneOnTheCallersBehalf()
    {
        var (agent, _) = await app.AgentAsync();
        var logged = await (await agent.PostJsonAsync(CallsUrl, new { number = Number(), direction = "outbound", durationSeconds = 0, subject = "Renewal reminder" }))
            .ExpectAsync(HttpStatusCode.Created);

        var ticket = await (await agent.GetAsync($"/api/v1/tickets/{logged["ticketId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Renewal reminder", ticket["subject"].Str());
        Assert.Equal(logged["contactId"]!.GetValue<long>(), ticket["requester"]!["id"]!.GetValue<long>());
        Assert.Contains("0 s", (await OnlyMessageAsync(agent, logged["ticketId"]))["bodyText"].Str());
    }

    [Fact]
    public async Task SameCallIdTwice_IsLoggedOnce()
    {
        var (agent, _) = await app.AgentAsync();
        var call = new { number = Number(), direction = "inbound", durationSeconds = 12, callId = "pbx-" + Guid.NewGuid() };

        var first = await (await agent.PostJsonAsync(CallsUrl, call)).ExpectAsync(HttpStatusCode.Created);
        var second = await (await agent.PostJsonAsync(CallsUrl, call)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("duplicate", second["outcome"].Str());
        Assert.Equal(first["messageId"]!.GetValue<long>(), second["messageId"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{\"direction\": \"inbound\", \"durationSeconds\": 5}", "number")]
    [InlineData("{\"number\": \"ring ring\", \"direction\": \"inbound\", \"durationSeconds\": 5}", "number")]
    [InlineData("{\"number\": \"+15550100\", \"durationSeconds\": 5}", "direction")]
    [InlineData("{\"number\": \"+15550100\", \"direction\": \"sideways\", \"durationSeconds\": 5}", "direction")]
    [InlineData("{\"number\": \"+15550100\", \"direction\": \"inbound\"}", "durationSeconds")]
    [InlineData("{\"number\": \"+15550100\", \"direction\": \"inbound\", \"durationSeconds\": -1}", "durationSeconds")]
    [InlineData("{\"number\": \"+15550100\", \"direction\": \"inbound\", \"durationSeconds\": 5, \"ticketId\": 987654}", "ticketId")]
    [InlineData("{\"number\": \"+15550100\", \"direction\": \"inbound\", \"durationSeconds\": 5, \"subject\": \"  \"}", "subject")]
    [InlineData("{\"number\": \"+15550100\", \"direction\": \"inbound\", \"durationSeconds\": 5, \"mood\": \"angry\"}", "mood")]
    public async Task BadCalls_Get400NamingTheField_AndStoreNothing(string json, string field)
    {
        var (agent, _) = await app.AgentAsync();
        var before = await app.WithDbAsync(db => db.Messages.CountAsync());

        await (await agent.PostRawAsync(CallsUrl, json)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await app.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task Customers_CannotLogCalls()
    {
        var (customer, _) = await app.CustomerAsync($"{Guid.NewGuid():N}@customers.test");
        var response = await customer.PostJsonAsync(CallsUrl, new { number = Number(), direction = "inbound", durationSeconds = 5 });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59, "59 s")]
    [InlineData(60, "1 min 0 s")]
    [InlineData(3599, "59 min 59 s")]
    [InlineData(7260, "2 h 1 min")]
    public void Duration_ReadsLikeAPerson(int seconds, string expected) => Assert.Equal(expected, LogCall.Duration(seconds));
}
