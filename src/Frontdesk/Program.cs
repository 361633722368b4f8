using Frontdesk;
using Frontdesk.Channels.Email;

if (args is ["mail", ..])
{
    return await MailCommand.RunAsync(args);
}

var app = FrontdeskApp.Build(args);
await FrontdeskApp.StartAsync(app);
await app.WaitForShutdownAsync();
return 0;

/// <summary>The entry point, kept visible to WebApplicationFactory.</summary>
public partial class Program;
