using Frontdesk.Data;
using Frontdesk.Domain.Automation;

namespace Frontdesk.Automation;

/// <summary>
/// Where the <c>withinBusinessHours</c> condition gets its calendar: the SLA feature answers with the calendar of the
/// policy that covers the ticket. Asked once per write, so the check itself stays synchronous and cheap.
/// </summary>
public interface IBusinessHoursSource
{
    ValueTask<BusinessHours> ForWriteAsync(FrontdeskDbContext db, CancellationToken ct);
}

/// <summary>Without business calendars every moment is within business hours.</summary>
public sealed class AlwaysOpenHours : IBusinessHoursSource
{
    public ValueTask<BusinessHours> ForWriteAsync(FrontdeskDbContext db, CancellationToken ct) => ValueTask.FromResult(EvaluationContext.AlwaysOpen);
}
