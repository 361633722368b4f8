using System.Net;
using System.Text;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace Frontdesk.Content;

/// <summary>Turns what people write (Markdown or HTML from outside) into safe HTML for display plus plain text for search.</summary>
public sealed class MessageContent
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private static readonly HashSet<string> BlockElements = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "ul", "ol", "table"];

    private readonly HtmlSanitizer _sanitizer;

    public MessageContent()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedSchemes.Add("cid");
        _sanitizer.AllowedAttributes.Add("class");
    }

    public (string Html, string Text) FromMarkdown(string markdown) => FromHtml(Markdig.Markdown.ToHtml(markdown, Markdown));

    /// <summary>Sanitises once and reads the text from the same parsed document (parsing is most of the cost).</summary>
    public (string Html, string Text) FromHtml(string html)
    {
        using var document = _sanitizer.SanitizeDom(html);
        var body = document.Body;
        if (body is null)
        {
            return ("", "");
        }

        var text = new StringBuilder();
        AppendText(body, text);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd());
        return (body.InnerHtml, string.Join('\n', lines).Trim());
    }

    public (string Html, string Text) FromPlainText(string text)
    {
        var html = "<p>" + WebUtility.HtmlEncode(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>\n", StringComparison.Ordinal) + "</p>";
        return (html, text.Trim());
    }

    private static void AppendText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement e:
                    AppendText(e, text);
                    if (BlockElements.Contains(e.LocalName))
                    {
                        text.Append('\n');
                    }

                    break;
            }
        }
    }
}
