using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation;

/// <summary>Every rule's id, in the order the rules should run.</summary>
public sealed record ReorderRulesRequest(List<long>? Ids);

/// <summary>Sets the whole order at once; the list must name every rule exactly once, so a stale screen cannot drop one.</summary>
public static class ReorderRules
{
    public static async Task<Results<Ok<List<RuleDto>>, ProblemHttpResult>> HandleAsync(
        ReorderRulesRequest request, IDatabaseWriter writer, RuleBook book, CancellationToken ct)
    {
        if (request.Ids is not { } ids)
        {
            return Problems.Invalid("ids", "'ids' is required: every rule's id, in the order they should run.");
        }

        var reordered = await writer.WriteAsync<List<RuleDto>>(async (w, ct) =>
        {
            var rules = await w.Rules.ToDictionaryAsync(r => r.Id, ct);
            var repeated = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var unknown = ids.Where(i => !rules.ContainsKey(i)).Distinct().ToList();
            var missing = rules.Keys.Except(ids).Order().ToList();
            if (repeated.Count > 0 || unknown.Count > 0 || missing.Count > 0)
            {
                var problems = new[]
                {
                    missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : null,
                    unknown.Count > 0 ? $"no rule has the id {string.Join(", ", unknown)}" : null,
                    repeated.Count > 0 ? $"repeated {string.Join(", ", repeated)}" : null,
                }.OfType<string>();
                return Error.Invalid("ids", $"'ids' must name every rule exactly once: {string.Join("; ", problems)}.");
            }

            var ordered = ids.Select(i => rules[i]).ToList();
            RuleOrder.Renumber(ordered);
            await RuleBook.BumpVersionAsync(w, ct);
            await w.SaveChangesAsync(ct);
            return ordered.Select(RuleDto.From).ToList();
        }, ct);

        book.Invalidate();
        return reordered.IsSuccess ? TypedResults.Ok(reordered.Value) : reordered.Error!.ToProblem();
    }
}
