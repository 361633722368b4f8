using System.Diagnostics;
using Frontdesk.Content;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Demo;

/// <summary>
/// Fills a new database with a sample workspace so a first start shows a helpdesk at work: agents in teams,
/// customers in organizations of each tier, and about 200 tickets with real conversations and history over
/// the past six weeks. Everything goes through the domain methods, so the history is the one the app would
/// have written. Deterministic: the same seed gives the same workspace (relative to the clock).
/// </summary>
public static class DemoWorkspace
{
    public const string Setting = "Frontdesk:Demo";

    /// <summary>On unless "Frontdesk:Demo" is "false" (the --no-demo flag).</summary>
    public static bool IsEnabled(IConfiguration config) => !string.Equals(config[Setting], "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fills the workspace when the database has no tickets and no contacts yet; returns the number of tickets made.</summary>
    public static async Task<int> FillIfNewAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<FrontdeskDbContext>();
        if (await db.Tickets.AnyAsync(ct) || await db.Contacts.AnyAsync(ct))
        {
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var builder = new DemoBuilder(
            db,
            provider.GetRequiredService<UserManager<AppUser>>(),
            provider.GetRequiredService<MessageContent>(),
            provider.GetRequiredService<TimeProvider>().GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tickets = await builder.BuildAsync(ct);
        await tx.CommitAsync(ct);
        var log = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoWorkspace));
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Demo workspace: {Tickets} tickets, {Contacts} contacts, {Agents} agents in {Milliseconds} ms", tickets, builder.ContactCount, DemoCatalog.Agents.Length, watch.ElapsedMilliseconds);
        }
        return tickets;
    }
}
