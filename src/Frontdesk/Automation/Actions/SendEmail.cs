using System.Net;
using System.Text.Json;
using Frontdesk.Channels.Outbox;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.Actions;

/// <summary>
/// <c>{"type": "sendEmail", "to": "requester", "subject": "We got #{{ticket.number}}", "body": "Hi {{requester.first_name}}, …"}</c>:
/// to the requester, the assignee or an address; queued in the outbox through the ticket's email channel (or the first
/// that can send), threaded with the ticket, with its token in the subject so answers come back to it. Mail to anyone
/// but an agent counts against the hourly limit of automatic mail per address, which stops loops with auto-responders.
/// </summary>
public sealed record SendEmail(string To, Template Subject, Template Body) : ITicketAction
{
    public const string Type = "sendEmail";
    public const string Requester = "requester";
    public const string Assignee = "assignee";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing)
    {
        if (!ActionJson.Only(json, path, parsing, "to", "subject", "body"))
        {
            return null;
        }

        var to = RuleJson.RequiredString(json, "to", path, parsing, 254);
        if (to is not null && to is not (Requester or Assignee))
        {
            to = ContactIdentity.Normalize(IdentityKind.Email, to);
            if (to is null)
            {
                parsing.Error(RuleJson.Member(path, "to"), "Expected 'requester', 'assignee' or an email address.");
            }
        }

        var subject = ActionJson.Template(json, "subject", path, parsing, 250);
        var body = ActionJson.Template(json, "body", path, parsing);
        return to is null || subject is null || body is null ? null : new SendEmail(to, subject, body);
    }

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        var ticket = run.Ticket;
        MailAddress? to;
        switch (To)
        {
            case Requester:
                var requester = await run.RequesterAsync(ct);
                to = requester.Email is { } email ? new MailAddress(email, requester.Name) : null;
                break;
            case Assignee:
                to = await run.AssigneeAsync(ct) is { } agent ? new MailAddress(agent.Email, agent.Name) : null;
                break;
            default:
                to = new MailAddress(To, null);
                break;
        }

        if (to is null)
        {
            run.Skip(Type, To == Assignee ? "The ticket has no assignee." : "The requester has no email address.");
            return;
        }

        var channel = ticket.ChannelId is { } channelId ? await run.Db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct) : null;
        var route = await Deliveries.EmailRouteAsync(run.Db, channel, ct);
        if (route is null)
        {
            Undeliverable(run, to.Address, "No email channel can send mail.");
            return;
        }

        if (To != Assignee && await Deliveries.AutomaticMailsThisHourAsync(run.Db, to.Address, run.Now, ct) >= run.Services.Options.EmailsPerRecipientPerHour)
        {
            Undeliverable(run, to.Address, $"{to.Address} already had {run.Services.Options.EmailsPerRecipientPerHour} automatic mails this hour.");
            return;
        }

        var values = await run.PlaceholdersAsync(Subject.Uses.Concat(Body.Uses), ct);
        var subject = Subject.Render(values).ReplaceLineEndings(" ").Trim();
        var token = $"[#{ticket.Number}]";
        subject = subject.Contains(token, StringComparison.Ordinal) ? subject : $"{subject} {token}".Trim();
        var text = Body.Render(values);
        await Deliveries.QueueAutomaticAsync(run.Db, route, ticket, to, subject, Html(text), text, run.Now, ct);
        run.Record(new QueuedEmail(to.Address, subject, text));
        if (!run.DryRun)
        {
            run.Db.AfterCommit(run.Services.Outbox.Notify);
        }
    }

    /// <summary>Plain text as HTML: blank lines part paragraphs, single line breaks stay.</summary>
    private static string Html(string text) =>
        string.Concat(text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => $"<p>{WebUtility.HtmlEncode(p).Replace("\n", "<br>\n", StringComparison.Ordinal)}</p>\n"));

    /// <summary>Agents see on the ticket that the rule's mail did not go out, and why.</summary>
    private static void Undeliverable(ActionRun run, string address, string reason)
    {
        run.Ticket.RecordDeliveryFailure(address, $"{run.Actor.Name}: {reason}", run.Now);
        run.Skip(Type, reason);
    }
}
