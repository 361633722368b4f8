using System.Net;
using AngleSharp.Html.Parser;
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

    private readonly HtmlSanitizer _sanitizer;
    private readonly HtmlParser _parser = new();

    public MessageContent()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedSchemes.Add("cid");
        _sanitizer.AllowedAttributes.Add("class");
    }

    public (string Html, string Text) FromMarkdown(string markdown)
    {
        var html = _sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Markdown));
        return (html, TextOf(html, markdown));
    }

    public (string Html, string Text) FromHtml(string html)
    {
        var clean = _sanitizer.Sanitize(html);
        return (clean, TextOf(clean, null));
    }

    public (string Html, string Text) FromPlainText(string text)
    {
        var html = "<p>" + WebUtility.HtmlEncode(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>\n", StringComparison.Ordinal) + "</p>";
        return (html, text.Trim());
    }

    private string TextOf(string html, string? fallback)
    {
        using var document = _parser.ParseDocument("<body>" + html + "</body>");
        foreach (var br in document.QuerySelectorAll("br"))
        {
            br.Replace(document.CreateTextNode("\n"));
        }

        foreach (var block in document.QuerySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6, tr, blockquote, pre"))
        {
            block.Append(document.CreateTextNode("\n"));
        }

        var text = document.Body?.TextContent ?? fallback ?? "";
        var lines = text.Split('\n').Select(l => l.TrimEnd());
        return string.Join('\n', lines).Trim();
    }
}
