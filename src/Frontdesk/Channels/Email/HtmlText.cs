using AngleSharp.Html.Parser;

namespace Frontdesk.Channels.Email;

/// <summary>The visible text of an HTML fragment, for looking at words before the HTML is sanitised.</summary>
internal static class HtmlText
{
    public static string Of(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        return document.Body?.TextContent ?? "";
    }
}
