using MimeKit;

namespace Frontdesk.Channels.Email;

/// <summary>One small step of reading an inbound mail; <see cref="MailParser"/> runs them in order after the parts are read.</summary>
internal interface IInboundMailStep
{
    void Apply(MimeMessage message, MailDraft draft);
}
