using System.Text.Json.Serialization;
using NodaTime;

namespace CareersCompliance.EventStore;

/// <summary>Who and what caused an event, stored next to it (never inside the event payload).</summary>
/// <param name="Actor">The user and role that caused the event.</param>
/// <param name="Source">Where the command came from.</param>
/// <param name="Tenant">The trust and school the event belongs to.</param>
/// <param name="CorrelationId">Groups everything caused by one request or import run.</param>
/// <param name="CausationId">The event or message that directly caused this one, when known.</param>
/// <param name="ValidDate">The business date the fact is about (valid time), when it has one.</param>
/// <param name="ValidAt">The instant the fact happened (valid time), when known.</param>
/// <param name="Command">The command name that produced the event.</param>
public sealed record EventMetadata(
    EventActor Actor,
    EventSource Source,
    TenantRef Tenant,
    Guid CorrelationId,
    Guid? CausationId = null,
    LocalDate? ValidDate = null,
    Instant? ValidAt = null,
    string? Command = null);

/// <summary>The person (or system account) behind an event.</summary>
/// <param name="UserId">A stable user id; never a name or e-mail address.</param>
/// <param name="Role">The role the user acted in.</param>
public sealed record EventActor(string UserId, string Role);

/// <summary>How a command reached the system.</summary>
public enum SourceKind
{
    /// <summary>A person using the web pages.</summary>
    Ui,

    /// <summary>A client of the HTTP API.</summary>
    Api,

    /// <summary>A file import.</summary>
    Import,

    /// <summary>An automation inside the system.</summary>
    System,
}

/// <summary>The source of an event; imports name the file, its SHA-256 and the line.</summary>
/// <param name="Kind">The kind of source.</param>
/// <param name="ImportFile">The imported file name, for imports.</param>
/// <param name="ImportFileSha256">Hex SHA-256 of the imported file, for imports.</param>
/// <param name="ImportLine">The 1-based line of the file, for imports.</param>
public sealed record EventSource(SourceKind Kind, string? ImportFile = null, string? ImportFileSha256 = null, long? ImportLine = null);

/// <summary>The tenant: a trust and optionally one of its schools.</summary>
/// <param name="TrustId">The trust id; it keys the per-tenant hash chain.</param>
/// <param name="SchoolId">The school id, when the fact is about one school.</param>
public sealed record TenantRef(string TrustId, string? SchoolId = null)
{
    /// <summary>The tenant key stored in <c>tenant_id</c> columns (the trust id); derived, so not stored in the JSON.</summary>
    [JsonIgnore]
    public string Key => TrustId;
}
