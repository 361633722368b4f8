namespace Frontdesk.Domain.Tests;

/// <summary>Gives an entity the id the database would, for rules that compare ids (a ticket is not merged into itself).</summary>
internal static class Persisted
{
    public static void SetId<T>(T entity, long id)
        where T : class =>
        typeof(T).GetProperty("Id")!.SetValue(entity, id);
}
