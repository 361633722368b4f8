using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>
/// Splits the new text from the quoted history and signature, so agents read the reply and search indexes
/// only what is new. Never folds everything: a body that would be left empty stays whole.
/// </summary>
internal sealed partial class QuoteFolding : IInboundMailStep
{
    /// <summary>The line Frontdesk puts on its outgoing mail; everything from it down is history.</summary>
    public const string ReplyAboveMarker = "##- Please type your reply above this line -##";

    private static readonly string[] HeaderLabels = ["From:", "Von:", "De :", "De:", "Da:", "Van:", "Från:", "Fra:", "Od:"];

    public void Apply(MimeMessage message, MailDraft draft)
    {
        if (draft.Body is not { } body)
        {
            return;
        }

        var split = body.IsHtml ? SplitHtml(body.Content) : SplitText(body.Content);
        if (split is not var (fresh, quoted) || string.IsNullOrWhiteSpace(body.IsHtml ? HtmlText.Of(fresh) : fresh))
        {
            return;
        }

        draft.Body = body with { Content = fresh };
        draft.Quoted = new MailBody(quoted, body.IsHtml);
    }

    private static (string Fresh, string Quoted)? SplitHtml(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        var body = document.Body;
        var start = body?.Descendants().FirstOrDefault(IsQuoteStart);
        if (body is null || start is null)
        {
            return null;
        }

        // The start and everything after it in document order: its following siblings, then its parent's, up to the body.
        var container = document.CreateElement("div");
        var startParent = start.Parent;
        for (INode? current = start; current is not null;)
        {
            var next = current.NextSibling;
            container.AppendChild(current);
            current = next;
        }

        for (var ancestor = startParent; ancestor is not null && ancestor != body; ancestor = ancestor.Parent)
        {
            // Cleared on the way up; earlier content of the ancestors stays with the new text.
            while (ancestor.NextSibling is { } following)
            {
                container.AppendChild(following);
            }
        }

        return (body.InnerHtml, container.InnerHtml);
    }

    private static bool IsQuoteStart(INode node) => node switch
    {
        IText text => text.Data.Contains(ReplyAboveMarker, StringComparison.Ordinal),
        IElement e => IsQuoteElement(e),
        _ => false,
    };

    private static bool IsQuoteElement(IElement e)
    {
        if (e.ClassList.Contains("gmail_quote") || e.ClassList.Contains("gmail_quote_container") || e.ClassList.Contains("yahoo_quoted")
            || e.ClassList.Contains("moz-cite-prefix") || e.ClassList.Contains("gmail_signature") || e.ClassList.Contains("moz-signature")
            || e.Id is "divRplyFwdMsg" or "appendonsend")
        {
            return true;
        }

        if (e.LocalName == "blockquote" && string.Equals(e.GetAttribute("type"), "cite", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Outlook desktop: a block with a top border (or a rule) that starts the "From: … Sent: …" header of the quoted mail.
        if (e.LocalName == "div" && (e.GetAttribute("style") ?? "").Contains("border-top", StringComparison.OrdinalIgnoreCase))
        {
            return StartsWithHeaderLabel(e.TextContent);
        }

        if (e.LocalName == "hr" && e.NextElementSibling is { } next)
        {
            return next.Id == "divRplyFwdMsg" || StartsWithHeaderLabel(next.TextContent);
        }

        return false;
    }

    private static bool StartsWithHeaderLabel(string text)
    {
        var trimmed = text.TrimStart();
        return HeaderLabels.Any(l => trimmed.StartsWith(l, StringComparison.OrdinalIgnoreCase));
    }

    private static (string Fresh, string Quoted)? SplitText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var fold = FindHistory(lines) ?? FindSignature(lines, lines.Length);
        if (fold is not var (from, to))
        {
            return null;
        }

        // A signature just above folded history folds with it.
        if (from > 0 && FindSignature(lines, from) is var (signatureFrom, _))
        {
            from = signatureFrom;
        }

        var fresh = string.Join('\n', lines[..from].Concat(lines[to..]));
        var quoted = string.Join('\n', lines[from..to]);
        return (fresh.Trim('\n'), quoted.Trim('\n'));
    }

    /// <summary>The range of quoted history: [from, to) in lines.</summary>
    private static (int From, int To)? FindHistory(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Contains(ReplyAboveMarker, StringComparison.Ordinal) || OriginalMessage().IsMatch(line)
                || (line.StartsWith("________________", StringComparison.Ordinal) && i + 1 < lines.Length && StartsWithHeaderLabel(lines[i + 1])))
            {
                return (i, lines.Length);
            }

            if (!line.StartsWith('>'))
            {
                continue;
            }

            // A block of "> " lines, with the "On … wrote:" line above it when there is one.
            var start = i;
            if (AttributionAbove(lines, i) is { } attribution)
            {
                start = attribution;
            }

            var end = i;
            while (end < lines.Length && (lines[end].TrimStart().StartsWith('>') || string.IsNullOrWhiteSpace(lines[end])))
            {
                end++;
            }

            var after = lines[end..];
            if (after.All(string.IsNullOrWhiteSpace) || IsSignatureStart(after.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? ""))
            {
                return (start, lines.Length);
            }

            // Quote first, reply below it: fold the quote. Quotes between answers are the answers' context: keep them.
            var onlyQuote = lines[..start].All(string.IsNullOrWhiteSpace) && !after.Any(l => l.TrimStart().StartsWith('>'));
            return onlyQuote ? (start, end) : null;
        }

        return null;
    }

    private static int? AttributionAbove(string[] lines, int quoteLine)
    {
        var i = quoteLine - 1;
        while (i >= 0 && string.IsNullOrWhiteSpace(lines[i]))
        {
            i--;
        }

        if (i < 0 || !lines[i].TrimEnd().EndsWith(':'))
        {
            return null;
        }

        if (Attribution().IsMatch(lines[i]))
        {
            return i;
        }

        // Long attributions wrap: "On Mon, 4 May 2026, Ann Example <ann@example.com>" / "wrote:".
        return i > 0 && Attribution().IsMatch(lines[i - 1].TrimEnd() + " " + lines[i].Trim()) ? i - 1 : null;
    }

    private static (int From, int To)? FindSignature(string[] lines, int end)
    {
        for (var i = 1; i < end; i++)
        {
            if (IsSignatureStart(lines[i]))
            {
                return (i, end);
            }
        }

        return null;
    }

    private static bool IsSignatureStart(string line) => line is "-- " or "--" or "-- \r";

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\s*(On|Am|Le|El|Il|Op|Em|Den|W dniu)\b.*\b(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev|napisał)\b.*:\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();
}
