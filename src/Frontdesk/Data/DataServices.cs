using Frontdesk.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Frontdesk.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the data lives: "Frontdesk:Database:Provider" (sqlite or postgres) and "ConnectionStrings:Frontdesk".</summary>
public sealed class DatabaseSettings
{
    public required DatabaseProvider Provider { get; init; }

    public required string ConnectionString { get; init; }

    public required string DataDirectory { get; init; }

    public static DatabaseSettings From(IConfiguration config)
    {
        var dataDirectory = Path.GetFullPath(config["Frontdesk:DataDirectory"] ?? "data");
        var providerName = config["Frontdesk:Database:Provider"] ?? "sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Frontdesk:Database:Provider must be sqlite or postgres, not '{providerName}'.");
        }

        var connectionString = config.GetConnectionString("Frontdesk");
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("The postgres provider needs ConnectionStrings:Frontdesk.");
        }

        connectionString ??= new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "frontdesk.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        return new DatabaseSettings { Provider = provider, ConnectionString = connectionString, DataDirectory = dataDirectory };
    }
}

public static class DataServices
{
    public static IServiceCollection AddFrontdeskData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<TicketPipeline>();
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            services.AddPooledDbContextFactory<PostgresFrontdeskDbContext>(o => ConfigurePostgres(o, settings.ConnectionString));
            services.AddSingleton<IDbContextFactory<FrontdeskDbContext>, UpcastFactory<PostgresFrontdeskDbContext>>();
            services.AddSingleton<IDatabaseWriter, TransactionPerWriteWriter>();
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteFrontdeskDbContext>(o => ConfigureSqlite(o, settings.ConnectionString));
            services.AddSingleton<IDbContextFactory<FrontdeskDbContext>, UpcastFactory<SqliteFrontdeskDbContext>>();
            services.AddSingleton<IDatabaseWriter, GroupCommitWriter>();
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<FrontdeskDbContext>>().CreateDbContext());
        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new SqlitePragmas(), new AppendOnlyHistory());

    internal static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new AppendOnlyHistory());

    /// <summary>Creates the schema or brings it up to date; SQLite also switches to WAL (readers never wait for the writer).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<FrontdeskDbContext>>().CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private sealed class UpcastFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<FrontdeskDbContext>
        where T : FrontdeskDbContext
    {
        public FrontdeskDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<FrontdeskDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}

/// <summary>Lets `dotnet ef migrations add` build each provider's context without starting the server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFrontdeskDbContext>
{
    public SqliteFrontdeskDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteFrontdeskDbContext>();
        DataServices.ConfigureSqlite(o, "Data Source=design.db");
        return new SqliteFrontdeskDbContext(o.Options);
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFrontdeskDbContext>
{
    public PostgresFrontdeskDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresFrontdeskDbContext>();
        DataServices.ConfigurePostgres(o, "Host=localhost;Database=frontdesk_design");
        return new PostgresFrontdeskDbContext(o.Options);
    }
}
