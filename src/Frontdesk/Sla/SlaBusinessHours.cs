using Frontdesk.Automation;
using Frontdesk.Data;
using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Sla;

namespace Frontdesk.Sla;

/// <summary>
/// Rules' "within business hours" means the hours of the calendar of the SLA policy that covers the ticket (the one
/// its clocks count by); a ticket no policy covers, or one with a 24/7 policy, is always within business hours.
/// </summary>
public sealed class SlaBusinessHours(SlaCatalog catalog) : IBusinessHoursSource
{
    public async ValueTask<BusinessHours> ForWriteAsync(FrontdeskDbContext db, CancellationToken ct)
    {
        var settings = await catalog.GetAsync(db, ct);
        if (settings.Policies.Count == 0)
        {
            return EvaluationContext.AlwaysOpen;
        }

        return (ticket, at) =>
        {
            var policy = SlaPolicy.Choose(settings.Policies, new SlaFacts(ticket.Priority, ticket.OrganizationTier, ticket.Type, ticket.Channel));
            return policy is null || settings.CalendarOf(policy).IsOpen(at);
        };
    }
}
