using System.Text.Json;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Automation.Actions;

/// <summary><c>{"type": "addNote", "body": "Refund asked on a {{ticket.priority}} ticket."}</c>: an internal note, Markdown, with placeholders.</summary>
public sealed record AddNote(Template Body) : ITicketAction
{
    public const string Type = "addNote";

    public static ITicketAction? Parse(JsonElement json, string path, RuleParsing parsing) =>
        ActionJson.Only(json, path, parsing, "body") && ActionJson.Template(json, "body", path, parsing) is { } body ? new AddNote(body) : null;

    public async Task ApplyAsync(ActionRun run, CancellationToken ct)
    {
        var text = Body.Render(await run.PlaceholdersAsync(Body.Uses, ct));
        var (html, plain) = run.Services.Content.FromMarkdown(text);
        if (string.IsNullOrWhiteSpace(plain))
        {
            run.Skip(Type, "The note is empty once its placeholders are filled.");
            return;
        }

        var added = run.Ticket.AddMessage(new MessageDraft(html, plain, IsInternal: true, ChannelKind.Api, []), run.Actor, run.Now);
        if (!added.IsSuccess)
        {
            run.Skip(Type, added.Error!.Detail);
            return;
        }

        run.Record(new AddedNote(plain));
    }
}
