using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation;

/// <summary>Deletes a rule; what it did stays in the tickets' history under its name.</summary>
public static class DeleteRule
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, IDatabaseWriter writer, RuleBook book, CancellationToken ct)
    {
        var deleted = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var rules = await w.Rules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
            var rule = rules.FirstOrDefault(r => r.Id == id);
            if (rule is null)
            {
                return Error.NotFound("Rule", id, "id");
            }

            w.Rules.Remove(rule);
            rules.Remove(rule);
            RuleOrder.Renumber(rules);
            await RuleBook.BumpVersionAsync(w, ct);
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);

        book.Invalidate();
        return deleted.IsSuccess ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }
}
