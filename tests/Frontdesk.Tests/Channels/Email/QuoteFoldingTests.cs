using MimeKit;

namespace Frontdesk.Tests.Channels.Email;

public sealed class QuoteFoldingTests : IDisposable
{
    private readonly MailParserFixture _mail = new();

    public void Dispose() => _mail.Dispose();

    private Task<Frontdesk.Channels.Email.ParsedMail> ParseAsync(string body, bool html)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("ann@example.com"));
        message.Subject = "Re: printer";
        message.MessageId = "q@example.com";
        message.Body = new TextPart(html ? "html" : "plain") { Text = body };
        return _mail.ParseAsync(message);
    }

    [Fact]
    public async Task Parse_GmailReply_FoldsGmailQuote()
    {
        var mail = await ParseAsync("""
            <div dir="ltr">Thanks, it works now.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 4 May 2026 at 10:00, Support &lt;support@frontdesk.test&gt; wrote:<br></div><blockquote class="gmail_quote">Please restart the printer.</blockquote></div>
            """, html: true);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", mail.BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OutlookWebReply_FoldsFromDivRplyFwdMsg()
    {
        var mail = await ParseAsync("""
            <html><body><div>Thanks, it works now.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> Support<br><b>Sent:</b> Monday<br></div><div>Please restart the printer.</div></body></html>
            """, html: true);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OutlookDesktopReply_FoldsFromBorderTopHeader()
    {
        var mail = await ParseAsync("""
            <div class="WordSection1"><p class="MsoNormal">Thanks, it works now.</p><p class="MsoNormal">&nbsp;</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>From:</b> Support &lt;support@frontdesk.test&gt;<br><b>Sent:</b> Monday, 4 May 2026 10:00</p></div><p class="MsoNormal">Please restart the printer.</p></div>
            """, html: true);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_AppleMailReply_FoldsCiteBlockquote()
    {
        var mail = await ParseAsync("""
            <html><body><div>Thanks, it works now.</div><div><br><blockquote type="cite"><div>On 4 May 2026, at 10:00, Support wrote:</div><div>Please restart the printer.</div></blockquote></div></body></html>
            """, html: true);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_PlainTextReply_FoldsAttributionAndQuotedLines()
    {
        var mail = await ParseAsync("Thanks, it works now.\n\nOn Mon, 4 May 2026 at 10:00, Support <support@frontdesk.test>\nwrote:\n> Please restart the printer.\n> Regards\n", html: false);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("On Mon, 4 May 2026", mail.QuotedHtml, StringComparison.Ordinal);
        Assert.Contains("&gt; Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OriginalMessageLine_FoldsEverythingBelow()
    {
        var mail = await ParseAsync("Thanks, it works now.\n\n-----Original Message-----\nFrom: Support\nPlease restart the printer.", html: false);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_FrontdeskReplyMarker_FoldsEverythingFromIt()
    {
        var text = await ParseAsync("Thanks, it works now.\n\n##- Please type your reply above this line -##\nSupport wrote: please restart the printer.", html: false);
        var html = await ParseAsync("<p>Thanks, it works now.</p><p>##- Please type your reply above this line -##</p><p>please restart the printer.</p>", html: true);

        Assert.Equal("Thanks, it works now.", text.BodyText);
        Assert.Contains("please restart the printer.", text.QuotedHtml, StringComparison.Ordinal);
        Assert.Equal("Thanks, it works now.", html.BodyText);
        Assert.Contains("##- Please type your reply above this line -##", html.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_Signature_FoldsFromDelimiter()
    {
        var mail = await ParseAsync("Thanks, it works now.\n-- \nAnn Example\nACME Ltd, +44 20 1234 5678", html: false);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("ACME Ltd", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_QuoteAboveReply_FoldsOnlyTheQuote()
    {
        var mail = await ParseAsync("On Mon, 4 May 2026, Support wrote:\n> Please restart the printer.\n\nThanks, it works now.", html: false);

        Assert.Equal("Thanks, it works now.", mail.BodyText);
        Assert.Contains("Please restart the printer.", mail.QuotedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_OnlyQuotedText_KeepsTheFullBody()
    {
        var text = await ParseAsync("> Please restart the printer.\n> Regards", html: false);
        var html = await ParseAsync("<div class=\"gmail_quote\">Please restart the printer.</div>", html: true);

        Assert.Contains("Please restart the printer.", text.BodyText, StringComparison.Ordinal);
        Assert.Null(text.QuotedHtml);
        Assert.Equal("Please restart the printer.", html.BodyText);
        Assert.Null(html.QuotedHtml);
    }

    [Fact]
    public async Task Parse_InterleavedAnswers_KeepsQuotesAsContext()
    {
        var mail = await ParseAsync("> Which model?\nThe X200.\n> Since when?\nSince Monday.", html: false);

        Assert.Contains("Which model?", mail.BodyText, StringComparison.Ordinal);
        Assert.Contains("Since Monday.", mail.BodyText, StringComparison.Ordinal);
        Assert.Null(mail.QuotedHtml);
    }
}
