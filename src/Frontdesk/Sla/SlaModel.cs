using System.Text.Json;
using System.Text.Json.Serialization;
using Frontdesk.Domain.Sla;
using Frontdesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Frontdesk.Sla;

/// <summary>
/// How calendars, policies and ticket clocks are stored. Weekly hours, holidays, conditions, targets and pauses
/// are small JSON columns in the API's own shape; the clock columns the monitor searches are plain, indexed columns.
/// </summary>
public static class SlaModel
{
    public static void ConfigureSla(this ModelBuilder builder)
    {
        builder.Entity<BusinessCalendar>(b =>
        {
            b.ToTable("business_calendars");
            b.HasIndex(c => c.Name).IsUnique();
            b.Property(c => c.Name).HasMaxLength(CalendarInputs.NameLength);
            b.Property(c => c.TimeZoneId).HasColumnName("time_zone").HasMaxLength(64);
            b.Property(c => c.Hours).HasColumnName("hours").HasConversion(new ValueConverter<WeeklyHours, string>(
                v => CalendarInputs.HoursToJson(v),
                v => CalendarInputs.HoursFromJson(v)));
            b.Property<List<Holiday>>("_holidays").HasColumnName("holidays").HasConversion(JsonConverter<List<Holiday>>(), JsonComparer<List<Holiday>>());
            b.Ignore(c => c.Holidays);
            b.Ignore(c => c.Zone);
        });

        builder.Entity<SlaPolicy>(b =>
        {
            b.ToTable("sla_policies");
            b.HasIndex(p => p.Name).IsUnique();
            b.HasIndex(p => p.Position);
            b.Property(p => p.Name).HasMaxLength(SlaPolicyInputs.NameLength);
            b.Property(p => p.Conditions).HasColumnName("conditions").HasConversion(JsonConverter<SlaConditions>(), JsonComparer<SlaConditions>());
            b.Property<Dictionary<TicketPriority, SlaTargets>>("_targets").HasColumnName("targets")
                .HasConversion(JsonConverter<Dictionary<TicketPriority, SlaTargets>>(), JsonComparer<Dictionary<TicketPriority, SlaTargets>>());
            b.Ignore(p => p.Targets);
            b.HasOne<BusinessCalendar>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SlaClock>(b =>
        {
            b.ToTable("sla_clocks");
            b.Property<List<SlaPause>>("_pauses").HasColumnName("pauses").HasConversion(JsonConverter<List<SlaPause>>(), JsonComparer<List<SlaPause>>());
            b.Ignore(c => c.Pauses);
            b.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);

            // No foreign key to the policy: a clock keeps the id of the policy it was measured by, for reporting.
            b.HasIndex(c => new { c.PolicyId, c.StoppedAt });
            b.HasIndex(c => new { c.TicketId, c.Target });

            // At most one clock of each target counts per ticket.
            b.HasIndex(c => new { c.TicketId, c.Target }, "open_target").IsUnique().HasFilter("stopped_at IS NULL").HasDatabaseName("ix_sla_clocks_open_target");

            // The monitor's "what needs a look next": only clocks with a warning or breach still to record.
            b.HasIndex(c => c.NextCheckAt).HasFilter("next_check_at IS NOT NULL");
        });
    }

    /// <summary>JSON as stored: the API's camelCase names and enum values.</summary>
    internal static JsonSerializerOptions Json { get; } = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    private static ValueConverter<T, string> JsonConverter<T>() => new(
        v => JsonSerializer.Serialize(v, Json),
        v => JsonSerializer.Deserialize<T>(v, Json)!);

    private static ValueComparer<T> JsonComparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
        v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!);
}
