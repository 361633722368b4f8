using Frontdesk.Data;

namespace Frontdesk.Search;

public static class SearchEndpoints
{
    /// <summary>The search index of the configured database: FTS5 on SQLite, tsvector and GIN on PostgreSQL.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SqliteSearchOptions>().BindConfiguration("Frontdesk:Search:Sqlite");
        services.AddScoped<ISearchIndex>(sp => sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresSearchIndex>(sp)
            : ActivatorUtilities.CreateInstance<SqliteSearchIndex>(sp));
        return services;
    }

    public static RouteGroupBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/api/v1/search").WithTags("Search");
        search.MapGet("/", SearchEverything.HandleAsync).WithName("Search");
        return search;
    }
}
