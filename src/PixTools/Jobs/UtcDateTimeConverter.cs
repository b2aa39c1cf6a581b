using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PixTools.Jobs;

/// <summary>
/// Every stored time is UTC. SQLite keeps no kind and gives back <see cref="DateTimeKind.Unspecified"/>; Npgsql
/// writes a <c>timestamptz</c> only from <see cref="DateTimeKind.Utc"/> and throws on anything else. So times are
/// made UTC on the way in and marked UTC on the way out, on both providers alike.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
