using System.Runtime.CompilerServices;
using System.Text;

namespace Frontdesk.Tests.Infrastructure;

/// <summary>
/// Tests build MimeKit messages in Japanese and Chinese charsets before any server or parser exists; the server
/// registers the code pages at start, and so must this process, before MimeKit first looks a charset up.
/// </summary>
internal static class CodePages
{
    [ModuleInitializer]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
