using System.Text.Json;
using System.Text.Json.Nodes;
using Frontdesk.Channels.Outbox;
using Frontdesk.Channels.Webhooks;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Channels;

namespace Frontdesk.Automation.Actions;

/// <summary>
/// <c>{"type": "callWebhook", "url": "https://…", "body": {"text": "#{{ticket.number}} is urgent"}, "secret": "…"}</c>:
/// POSTs a JSON body through the outbox (retried, never inside the write), signed like channel webhooks when a secret
/// is set. Every string in the body is a template; without a body the ticket's main fields are sent. The secret is
/// stored protected and shown as <see cref="KeepSecret"/>, which, sent back, keeps it.
/// </summary>
public sealed record CallWebhook(string Url, WebhookBody? Body, string? Secret, string? SecretProtected) : ITicketAction
{
    public const string Type = "callWebhook";
    public const string KeepSecret = "********";
    public const int MaxBodyLength = 16 * 1024;
    public const int MinSecretLength = 16;

    public bool IsSigned => Secret is not null || SecretProtected is not null;

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing)
    {
        if (!ActionJson.Only(json, path, parsing, "url", "body", parsing.FromStorage ? "secretProtected" : "secret"))
        {
            return null;
        }

        var url = RuleJson.RequiredString(json, "url", path, parsing, 2048);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            parsing.Error(RuleJson.Member(path, "url"), "Expected an absolute http or https URL.");
            url = null;
        }

        WebhookBody? body = null;
        var bodyOk = true;
        if (RuleJson.Property(json, "body") is { } bodyJson)
        {
            var at = RuleJson.Member(path, "body");
            if (bodyJson.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || bodyJson.GetRawText().Length > MaxBodyLength)
            {
                parsing.Error(at, $"Expected a JSON object or array of at most {MaxBodyLength} characters.");
                bodyOk = false;
            }
            else
            {
                body = WebhookBody.Parse(bodyJson, at, parsing);
                bodyOk = body is not null;
            }
        }

        string? secret = null;
        string? secretProtected = null;
        if (parsing.FromStorage)
        {
            secretProtected = RuleJson.Property(json, "secretProtected")?.GetString();
        }
        else if (RuleJson.Property(json, "secret") is { } secretJson)
        {
            secret = RuleJson.String(secretJson, RuleJson.Member(path, "secret"), parsing, 200);
            if (secret is not null && secret != KeepSecret && secret.Length < MinSecretLength)
            {
                parsing.Error(RuleJson.Member(path, "secret"), $"A secret has at least {MinSecretLength} characters ('{KeepSecret}' keeps the one stored).");
                secret = null;
            }
        }

        return url is null || !bodyOk ? null : new CallWebhook(url, body, secret, secretProtected);
    }

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        var ticket = run.Ticket;
        string body;
        if (Body is null)
        {
            var url = Deliveries.FollowLink(run.Services.Options.PublicUrl, ticket);
            body = new JsonObject
            {
                ["ticket"] = new JsonObject
                {
                    ["id"] = ticket.Id,
                    ["number"] = ticket.Number,
                    ["subject"] = ticket.Subject,
                    ["status"] = RuleJson.Name(ticket.Status),
                    ["priority"] = RuleJson.Name(ticket.Priority),
                    ["type"] = RuleJson.Name(ticket.Type),
                    ["channel"] = RuleJson.Name(ticket.Channel),
                    ["teamId"] = ticket.TeamId,
                    ["assigneeId"] = ticket.AssigneeId,
                    ["url"] = url,
                },
                ["by"] = new JsonObject { ["kind"] = RuleJson.Name(run.Actor.Kind), ["id"] = run.Actor.Id, ["name"] = run.Actor.Name },
                ["at"] = run.Now,
            }.ToJsonString();
        }
        else
        {
            body = Body.Render(await run.PlaceholdersAsync(Body.Uses, ct))!.ToJsonString();
        }

        var call = new WebhookCall(Url, body, SecretProtected);
        run.Db.Outbox.Add(new OutboxMessage(OutboxKind.WebhookCall, null, ticket.Id, null, Url, JsonSerializer.Serialize(call, Deliveries.Json), run.Now));
        run.Record(new QueuedWebhook(Url, body, IsSigned));
        if (!run.DryRun)
        {
            run.Db.AfterCommit(run.Services.Outbox.Notify);
        }
    }
}

/// <summary>A JSON body whose strings are templates: keys and other values stay as written, strings get placeholders filled.</summary>
public abstract class WebhookBody
{
    public abstract IEnumerable<string> Uses { get; }

    public abstract JsonNode? Render(Func<string, string?> values);

    internal static WebhookBody? Parse(JsonElement json, string path, RuleParsing parsing)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string, WebhookBody)>();
                foreach (var property in json.EnumerateObject())
                {
                    if (Parse(property.Value, RuleJson.Member(path, property.Name), parsing) is { } member)
                    {
                        members.Add((property.Name, member));
                    }
                }

                return members.Count == json.EnumerateObject().Count() ? new Members(members) : null;
            case JsonValueKind.Array:
                var items = new List<WebhookBody>();
                var i = 0;
                foreach (var element in json.EnumerateArray())
                {
                    if (Parse(element, RuleJson.Index(path, i++), parsing) is { } item)
                    {
                        items.Add(item);
                    }
                }

                return items.Count == i ? new Items(items) : null;
            case JsonValueKind.String:
                return Template.Parse(json.GetString()!, path, parsing, CallWebhook.MaxBodyLength) is { } template ? new Text(template) : null;
            default:
                return new Literal(JsonNode.Parse(json.GetRawText()));
        }
    }

    private sealed class Members(List<(string Name, WebhookBody Value)> members) : WebhookBody
    {
        public override IEnumerable<string> Uses => members.SelectMany(m => m.Value.Uses);

        public override JsonNode Render(Func<string, string?> values)
        {
            var obj = new JsonObject();
            foreach (var (name, value) in members)
            {
                obj[name] = value.Render(values);
            }

            return obj;
        }
    }

    private sealed class Items(List<WebhookBody> items) : WebhookBody
    {
        public override IEnumerable<string> Uses => items.SelectMany(i => i.Uses);

        public override JsonNode Render(Func<string, string?> values) => new JsonArray(items.Select(i => i.Render(values)).ToArray());
    }

    private sealed class Text(Template template) : WebhookBody
    {
        public override IEnumerable<string> Uses => template.Uses;

        public override JsonNode Render(Func<string, string?> values) => JsonValue.Create(template.Render(values));
    }

    private sealed class Literal(JsonNode? value) : WebhookBody
    {
        public override IEnumerable<string> Uses => [];

        public override JsonNode? Render(Func<string, string?> values) => value?.DeepClone();
    }
}
