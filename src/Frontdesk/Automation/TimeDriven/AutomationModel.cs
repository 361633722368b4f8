using Frontdesk.Domain.Automation;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Automation.TimeDriven;

/// <summary>
/// How time-driven automations are stored: the definition in <c>automations</c>, and the durable due state the runner
/// works from in <c>automation_due</c> (one row per automation and open ticket, indexed by due time).
/// </summary>
public static class AutomationModel
{
    public static void ConfigureAutomations(this ModelBuilder builder)
    {
        builder.Entity<TimedAutomation>(b =>
        {
            b.ToTable("automations");
            b.Property(a => a.Name).HasMaxLength(AutomationInputs.NameLength);
            b.Property(a => a.Description).HasMaxLength(AutomationInputs.DescriptionLength);
            b.Property(a => a.Since).HasConversion<string>().HasMaxLength(32);
            b.Property(a => a.Unit).HasConversion<string>().HasMaxLength(16);
            b.Ignore(a => a.After);
            b.HasIndex(a => new { a.Position, a.Id });
            b.HasOne<BusinessCalendar>().WithMany().HasForeignKey(a => a.CalendarId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AutomationDue>(b =>
        {
            b.ToTable("automation_due");
            b.HasKey(d => new { d.AutomationId, d.TicketId });
            b.Ignore(d => d.IsPending);
            b.HasIndex(d => d.TicketId);
            b.HasIndex(d => new { d.DoneAt, d.DueAt });
            b.HasOne<TimedAutomation>().WithMany().HasForeignKey(d => d.AutomationId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Ticket>().WithMany().HasForeignKey(d => d.TicketId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
