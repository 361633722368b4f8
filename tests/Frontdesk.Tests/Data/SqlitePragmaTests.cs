using Frontdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Tests.Data;

/// <summary>The pragmas run once per native connection; a connection reopened from the pool must still have them.</summary>
public sealed class SqlitePragmaTests(FrontdeskFactory app) : IClassFixture<FrontdeskFactory>
{
    [Fact]
    public async Task EveryOpen_FromThePool_HasNormalSyncAndABusyTimeout()
    {
        if (app.IsPostgres)
        {
            return;
        }

        for (var i = 0; i < 5; i++)
        {
            // Each query opens and closes the connection: the later ones come back from the pool.
            Assert.Equal(1, await app.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT synchronous AS \"Value\" FROM pragma_synchronous").SingleAsync()));
            Assert.Equal(10_000, await app.WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync()));
        }
    }
}
