using Frontdesk.Data;
using Frontdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Frontdesk.Tests.Sla;

/// <summary>Another app node on the first one's database (on SQLite, the same file), with a fake clock of its own.</summary>
public sealed class SecondNode(FrontdeskFactory first) : FrontdeskFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Frontdesk:DataDirectory", first.DataDirectory);
        if (first.IsPostgres)
        {
            builder.UseSetting("ConnectionStrings:Frontdesk", first.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
        }
    }
}
