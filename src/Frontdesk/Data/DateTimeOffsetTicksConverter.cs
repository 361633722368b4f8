using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Frontdesk.Data;

/// <summary>Stores an instant as UTC ticks, which sort and compare correctly as integers.</summary>
public sealed class DateTimeOffsetTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
