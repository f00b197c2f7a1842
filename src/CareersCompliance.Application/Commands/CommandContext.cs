using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Commands;

/// <summary>Who issued a command, from where, for which tenant: becomes the envelope of every event it appends.</summary>
public sealed record CommandContext(
    EventActor Actor,
    EventSource Source,
    TenantRef Tenant,
    Guid CorrelationId,
    Guid? CausationId = null,
    LocalDate? ValidDate = null,
    string? Command = null)
{
    public EventMetadata ToMetadata() =>
        new(Actor, Source, Tenant, CorrelationId, CausationId, ValidDate, Command: Command);

    /// <summary>The same context for one row of an import file.</summary>
    public CommandContext ForImportLine(long line, TenantRef tenant, LocalDate? validDate, string command) =>
        this with
        {
            Source = Source with { ImportLine = line },
            Tenant = tenant,
            ValidDate = validDate,
            Command = command,
        };
}
