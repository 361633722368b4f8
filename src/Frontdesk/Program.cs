using Frontdesk;

var app = FrontdeskApp.Build(args);
await FrontdeskApp.StartAsync(app);
await app.WaitForShutdownAsync();

/// <summary>The entry point, kept visible to WebApplicationFactory.</summary>
public partial class Program;
