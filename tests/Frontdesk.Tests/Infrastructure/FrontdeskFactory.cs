using System.Net.Http.Headers;
using Frontdesk.Data;
using Frontdesk.Domain.Agents;
using Frontdesk.Domain.Contacts;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Frontdesk.Tests.Infrastructure;

/// <summary>
/// The real server on a fresh database of its own: SQLite in a temporary folder, or a new PostgreSQL
/// database when FRONTDESK_TEST_DB=postgres (the test script starts the cluster and sets FRONTDESK_TEST_PG).
/// Only the clock is swapped, for a FakeTimeProvider.
/// </summary>
public class FrontdeskFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminToken = "fd_test-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "frontdesk-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgresDatabase;

    public FrontdeskFactory()
    {
        if (TestDatabase.IsPostgres)
        {
            _postgresDatabase = "fd_" + Guid.NewGuid().ToString("N")[..16];
        }
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public bool IsPostgres => _postgresDatabase is not null;

    public string DataDirectory => _dataDirectory;

    public ValueTask InitializeAsync()
    {
        // Starting the host runs the migrations and creates the admin token.
        _ = Server;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Frontdesk:DataDirectory", _dataDirectory);
        builder.UseSetting("Frontdesk:Demo", "false");
        builder.UseSetting(FirstStart.TokenVariable, AdminToken);
        if (_postgresDatabase is not null)
        {
            builder.UseSetting("Frontdesk:Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Frontdesk", new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = _postgresDatabase }.ToString());
        }

        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        ConfigureMore(builder);
    }

    /// <summary>For fixtures that need more settings (attachment limits and such).</summary>
    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }

    public HttpClient Anonymous() => CreateClient();

    public HttpClient Admin() => WithToken(AdminToken);

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<FrontdeskDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FrontdeskDbContext>());
    }

    public Task WithDbAsync(Func<FrontdeskDbContext, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

    /// <summary>A new agent (or admin) with an API token; returns the client and the agent's id.</summary>
    public async Task<(HttpClient Client, long AgentId)> AgentAsync(string name = "Agent", AgentRole role = AgentRole.Agent)
    {
        var email = $"{Guid.NewGuid():N}@agents.test";
        var (agentId, token) = await WithDbAsync(async db =>
        {
            var agent = new Agent(name, email, role, Clock.GetUtcNow());
            db.Agents.Add(agent);
            await db.SaveChangesAsync();
            var user = new AppUser { UserName = email, Email = email, AgentId = agent.Id, SecurityStamp = Guid.NewGuid().ToString() };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return (agent.Id, await IssueTokenAsync(db, user.Id));
        });
        return (WithToken(token), agentId);
    }

    /// <summary>A customer contact with an API token (as the portal will have); optionally in an organization.</summary>
    public async Task<(HttpClient Client, long ContactId)> CustomerAsync(string email, long? organizationId = null)
    {
        var (contactId, token) = await WithDbAsync(async db =>
        {
            var normalized = ContactIdentity.Normalize(IdentityKind.Email, email)!;
            var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Identities.Any(i => i.Value == normalized));
            if (contact is null)
            {
                contact = new Contact(email, organizationId, Clock.GetUtcNow());
                contact.AddIdentity(IdentityKind.Email, normalized, Clock.GetUtcNow());
                db.Contacts.Add(contact);
                await db.SaveChangesAsync();
            }

            var user = new AppUser { UserName = "c-" + Guid.NewGuid().ToString("N"), Email = normalized, ContactId = contact.Id, SecurityStamp = Guid.NewGuid().ToString() };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return (contact.Id, await IssueTokenAsync(db, user.Id));
        });
        return (WithToken(token), contactId);
    }

    public async Task<long> OrganizationAsync(string name, bool sharesTickets, OrganizationTier tier = OrganizationTier.Standard, params string[] domains) =>
        await WithDbAsync(async db =>
        {
            var org = new Organization(name, tier, sharesTickets, Clock.GetUtcNow());
            org.SetDomains(domains);
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            return org.Id;
        });

    private async Task<string> IssueTokenAsync(FrontdeskDbContext db, long userId)
    {
        var secret = ApiTokens.NewSecret();
        db.ApiTokens.Add(new ApiToken { Name = "test", Prefix = ApiTokens.PrefixOf(secret), Hash = ApiTokens.Hash(secret), UserId = userId, CreatedAt = Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return secret;
    }
}

public static class TestDatabase
{
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("FRONTDESK_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server (maintenance database) of the throwaway cluster the test script started.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("FRONTDESK_TEST_PG")
        ?? throw new InvalidOperationException("FRONTDESK_TEST_DB=postgres needs FRONTDESK_TEST_PG (a connection string to the test cluster); run ./test.sh.");
}
