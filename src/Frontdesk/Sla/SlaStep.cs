using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Frontdesk.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Sla;

/// <summary>
/// Keeps a ticket's SLA clocks right as a write changes it, inside the same transaction:
/// <list type="bullet">
/// <item>a new ticket gets the first policy that matches, and first-response and resolution clocks from its creation;
/// a change of priority, type, organization or requester chooses again and measures the clocks against the new
/// targets from their original start (a policy that no longer matches takes its running clocks with it);</item>
/// <item>an agent's public reply stops the first-response and next-response clocks; a customer's message after the
/// team has answered starts a next-response clock;</item>
/// <item>Pending and On-hold pause every clock, other open statuses resume them; Solved and Closed stop them (met or
/// breached is kept); reopening a solved ticket resumes its resolution clock where it stopped;</item>
/// <item>the ticket's due time follows the earliest running clock, and a clock already past a warning or due time
/// records it at once (the monitor records the rest as time passes).</item>
/// </list>
/// </summary>
public sealed class SlaStep(SlaCatalog catalog, SlaSignal signal) : ITicketStep
{
    /// <summary>Marks a write in which someone set the due time themselves (see <see cref="TicketSettlement"/>).</summary>
    private const string DueSetByHand = "sla.due-set-by-hand";

    public int Order => 300;

    public async Task ReactAsync(TicketChange change, CancellationToken ct)
    {
        if (!change.Events.Any(Matters))
        {
            return;
        }

        var settings = await catalog.GetAsync(change.Db, ct);
        if (settings.Policies.Count == 0)
        {
            // Without policies there are no running clocks either: deleting a policy removes its own.
            return;
        }

        var ticket = change.Ticket;
        var clocks = change.Has(TicketEventKinds.Created) ? [] : await SlaClocks.LoadForUpdateAsync(change.Db, ticket.Id, ct);
        var open = clocks.Where(c => !c.IsStopped).Select(c => c.PolicyId).ToList();
        if (open.Count > 0)
        {
            settings = await catalog.GetWithAsync(change.Db, open, ct);
        }

        await new TicketClocks(change, settings, clocks).UpdateAsync(ct);
        if (clocks.Where(c => c.NextCheckAt > change.Now).Min(c => c.NextCheckAt) is { } next)
        {
            signal.Hint(next);
        }
    }

    private static bool Matters(TicketEvent e) => e.Kind switch
    {
        TicketEventKinds.Created or TicketEventKinds.StatusChanged or TicketEventKinds.RequesterChanged => true,
        TicketEventKinds.MessageAdded => e.NewValue == "reply",
        TicketEventKinds.FieldChanged => e.Field is "priority" or "type" or "organization",
        _ => false,
    };

    private static bool IsPaused(TicketStatus status) => status is TicketStatus.Pending or TicketStatus.OnHold;

    private static bool IsDone(TicketStatus status) => status is TicketStatus.Solved or TicketStatus.Closed;

    /// <summary>One ticket's clocks during one pass.</summary>
    private sealed class TicketClocks(TicketChange change, SlaSettings settings, List<SlaClock> clocks)
    {
        private readonly Ticket _ticket = change.Ticket;
        private readonly FrontdeskDbContext _db = change.Db;
        private bool _removedAny;

        private IEnumerable<SlaClock> Open => clocks.Where(c => !c.IsStopped);

        public async Task UpdateAsync(CancellationToken ct)
        {
            var status = StatusBefore();
            var choose = false;
            DateTimeOffset? customerWrote = null;
            foreach (var e in change.Events)
            {
                switch (e.Kind)
                {
                    case TicketEventKinds.Created or TicketEventKinds.RequesterChanged:
                    case TicketEventKinds.FieldChanged when e.Field is "priority" or "type" or "organization":
                        choose = true;
                        break;
                    case TicketEventKinds.StatusChanged:
                        var to = Enum.Parse<TicketStatus>(e.NewValue!);
                        Move(status, to, e.At);

                        // A reopened ticket is measured by the policy that matches it now.
                        choose |= status == TicketStatus.Solved && !IsDone(to);
                        status = to;
                        break;
                    case TicketEventKinds.MessageAdded when e.NewValue == "reply" && e.ActorKind == ActorKind.Agent:
                        Stop(SlaTarget.FirstResponse, e.At);
                        Stop(SlaTarget.NextResponse, e.At);
                        customerWrote = null;
                        break;
                    case TicketEventKinds.MessageAdded when e.NewValue == "reply" && e.ActorKind == ActorKind.Contact:
                        // Started after the other events: a customer's reply to a solved ticket reopens it just after.
                        customerWrote ??= e.At;
                        break;
                }
            }

            if (choose)
            {
                await ChooseAsync(ct);
            }

            if (customerWrote is { } wrote && _ticket.FirstResponseAt <= wrote && !IsDone(_ticket.Status) && !Open.Any(c => c.Target == SlaTarget.NextResponse)
                && CurrentPolicy() is { } policy && policy.MinutesFor(_ticket.Priority, SlaTarget.NextResponse) is { } minutes)
            {
                Start(policy, SlaTarget.NextResponse, minutes, wrote);
            }

            Finish();
        }

        private TicketStatus StatusBefore() =>
            change.Events.FirstOrDefault(e => e.Kind == TicketEventKinds.StatusChanged) is { OldValue: { } old }
                ? Enum.Parse<TicketStatus>(old)
                : _ticket.Status;

        private void Move(TicketStatus from, TicketStatus to, DateTimeOffset at)
        {
            if (IsDone(to))
            {
                foreach (var clock in Open.ToList())
                {
                    clock.Stop(at, settings.TermsOf(clock));
                }
            }
            else if (from == TicketStatus.Solved)
            {
                var resolution = clocks.Where(c => c.Target == SlaTarget.Resolution).MaxBy(c => c.Id);
                if (resolution is { IsStopped: true } && settings.Find(resolution.PolicyId) is not null)
                {
                    resolution.Reopen(at, settings.TermsOf(resolution));
                }
            }
            else if (IsPaused(to) && !IsPaused(from))
            {
                foreach (var clock in Open)
                {
                    clock.Pause(at, settings.TermsOf(clock));
                }
            }
            else if (!IsPaused(to) && IsPaused(from))
            {
                foreach (var clock in Open)
                {
                    clock.Resume(at, settings.TermsOf(clock));
                }
            }
        }

        private void Stop(SlaTarget target, DateTimeOffset at)
        {
            foreach (var clock in Open.Where(c => c.Target == target).ToList())
            {
                clock.Stop(at, settings.TermsOf(clock));
            }
        }

        /// <summary>Chooses the policy again and brings the clocks in line with it (see the class summary).</summary>
        private async Task ChooseAsync(CancellationToken ct)
        {
            OrganizationTier? tier = null;
            if (settings.UsesTiers && _ticket.OrganizationId is { } organizationId)
            {
                tier = await _db.Organizations.Where(o => o.Id == organizationId).Select(o => (OrganizationTier?)o.Tier).FirstOrDefaultAsync(ct);
            }

            var policy = SlaPolicy.Choose(settings.Policies, new SlaFacts(_ticket.Priority, tier, _ticket.Type, _ticket.Channel));
            foreach (var target in Enum.GetValues<SlaTarget>())
            {
                var minutes = policy?.MinutesFor(_ticket.Priority, target);
                var running = Open.Where(c => c.Target == target).ToList();
                if (minutes is not { } allowed)
                {
                    Remove(running);
                    continue;
                }

                foreach (var clock in running.Where(c => c.PolicyId != policy!.Id || c.Minutes != allowed))
                {
                    clock.Retarget(policy!.Id, allowed, settings.TermsOf(policy), change.Now);
                }

                if (running.Count > 0 || IsDone(_ticket.Status) || clocks.Any(c => c.Target == target && target != SlaTarget.NextResponse))
                {
                    continue;
                }

                if (await StartsAtAsync(target, ct) is { } start)
                {
                    Start(policy!, target, allowed, start);
                }
            }
        }

        /// <summary>Where a clock the ticket lacks would have started: its creation, or the customer message still unanswered.</summary>
        private async Task<DateTimeOffset?> StartsAtAsync(SlaTarget target, CancellationToken ct)
        {
            switch (target)
            {
                case SlaTarget.FirstResponse:
                    return _ticket.FirstResponseAt is null ? _ticket.CreatedAt : null;
                case SlaTarget.Resolution:
                    return _ticket.CreatedAt;
                default:
                    if (_ticket.FirstResponseAt is not { } answered)
                    {
                        return null;
                    }

                    var last = await _db.Messages.Where(m => m.TicketId == _ticket.Id && !m.IsInternal)
                        .OrderByDescending(m => m.Id)
                        .Select(m => new { m.AuthorKind, m.CreatedAt })
                        .FirstOrDefaultAsync(ct);
                    return last is { AuthorKind: ActorKind.Contact } && last.CreatedAt >= answered ? last.CreatedAt : null;
            }
        }

        private void Start(SlaPolicy policy, SlaTarget target, int minutes, DateTimeOffset at)
        {
            var pausedSince = IsPaused(_ticket.Status) ? change.Now : (DateTimeOffset?)null;
            var clock = SlaClock.Start(_ticket.Id, target, policy.Id, minutes, at, pausedSince, settings.TermsOf(policy), change.Now);
            _db.SlaClocks.Add(clock);
            clocks.Add(clock);
        }

        private void Remove(List<SlaClock> running)
        {
            foreach (var clock in running)
            {
                _db.SlaClocks.Remove(clock);
                clocks.Remove(clock);
                _removedAny = true;
            }
        }

        private SlaPolicy? CurrentPolicy() =>
            (Open.FirstOrDefault() ?? clocks.MaxBy(c => c.Id)) is { } clock ? settings.Find(clock.PolicyId) : null;

        private void Finish()
        {
            foreach (var clock in Open)
            {
                if (clock.AlarmAt(change.Now) is { } alarm)
                {
                    SlaAlarms.Record(_ticket, clock, alarm, settings.Find(clock.PolicyId), settings.TermsOf(clock), change.Now);
                }
            }

            // A due time someone set in this very write stands until the clocks next change.
            if (change.Events.Any(e => e is { Kind: TicketEventKinds.FieldChanged, Field: "due_at" }))
            {
                change.Settlement.Items[DueSetByHand] = true;
            }

            if ((clocks.Count > 0 || _removedAny) && !change.Settlement.Items.ContainsKey(DueSetByHand))
            {
                _ticket.SetDueAtFromSla(SlaClocks.EarliestDue(clocks));
            }
        }
    }
}
