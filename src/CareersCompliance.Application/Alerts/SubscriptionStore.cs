using System.Security.Cryptography;
using CareersCompliance.Domain.Alerts;
using Npgsql;

namespace CareersCompliance.Application.Alerts;

/// <summary>Whether alerts go out one by one as raised or once a day in a digest.</summary>
public enum DeliveryMode
{
    Immediate,
    Digest,
}

/// <summary>
/// A subscription: who (an e-mail address or a webhook URL, personal data kept only in alerts.subscriptions), which trust
/// and schools (no trust: everything, operations alerts too), the lowest severity, the channel and immediate or digest.
/// </summary>
public sealed record AlertSubscription(
    Guid Id, AlertChannel Channel, string Address, string? Secret, string? TrustId, IReadOnlyList<string> SchoolUrns, AlertSeverity MinSeverity,
    DeliveryMode Mode);

/// <summary>Adds, removes and reads subscriptions (managed by <c>careers alerts subscribe|unsubscribe|subscriptions</c>).</summary>
public sealed class SubscriptionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Adds a subscription; a webhook without a secret gets a random 32-byte one (returned, shown once).</summary>
    public async Task<AlertSubscription> AddAsync(AlertChannel channel, string address, string? secret, string? trustId, IReadOnlyList<string> schoolUrns,
        AlertSeverity minSeverity, DeliveryMode mode, string createdBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(schoolUrns);
        Validate(channel, address, trustId, schoolUrns);
        if (channel == AlertChannel.Webhook)
        {
            secret ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        }
        else
        {
            secret = null;
        }

        var subscription = new AlertSubscription(Guid.CreateVersion7(), channel, address.Trim(), secret, trustId, schoolUrns, minSeverity, mode);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO alerts.subscriptions (subscription_id, channel, address, secret, trust_id, school_urns, min_severity, mode, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = subscription.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ChannelName(channel) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription.Address });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)secret ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)trustId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. schoolUrns] });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)minSeverity });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = mode == DeliveryMode.Digest ? "digest" : "immediate" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = createdBy });
        await command.ExecuteNonQueryAsync(ct);
        return subscription;
    }

    /// <summary>Removes a subscription and with it the address (erasure); pending deliveries to it are dead-lettered by the dispatcher.</summary>
    public async Task<bool> RemoveAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM alerts.subscriptions WHERE subscription_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<AlertSubscription>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"{Select} ORDER BY created_at");
        return await ReadAsync(command, ct);
    }

    /// <summary>The subscriptions one person added (the web page lets each user manage their own).</summary>
    public async Task<IReadOnlyList<AlertSubscription>> ListCreatedByAsync(string createdBy, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE created_by = $1 ORDER BY created_at");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = createdBy });
        return await ReadAsync(command, ct);
    }

    public async Task<AlertSubscription?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE subscription_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    internal static string ChannelName(AlertChannel channel) => channel == AlertChannel.Email ? "email" : "webhook";

    private const string Select =
        "SELECT subscription_id, channel, address, secret, trust_id, school_urns, min_severity, mode FROM alerts.subscriptions";

    private static void Validate(AlertChannel channel, string address, string? trustId, IReadOnlyList<string> schoolUrns)
    {
        if (channel == AlertChannel.Email && (!address.Contains('@', StringComparison.Ordinal) || address.Any(char.IsWhiteSpace) || address.Contains('\r', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{address}' is not an e-mail address.", nameof(address));
        }

        if (channel == AlertChannel.Webhook && (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (!string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) && !uri.IsLoopback)))
        {
            throw new ArgumentException($"'{address}' is not an https URL (plain http is accepted for loopback only).", nameof(address));
        }

        if (trustId is null && schoolUrns.Count > 0)
        {
            throw new ArgumentException("Schools are chosen within a trust: give the trust too.", nameof(schoolUrns));
        }
    }

    private static async Task<IReadOnlyList<AlertSubscription>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var result = new List<AlertSubscription>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(Row(reader));
        }

        return result;
    }

    // Why synchronous: the row is buffered by ReadAsync; column reads do no I/O.
    private static AlertSubscription Row(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        string.Equals(r.GetString(1), "email", StringComparison.Ordinal) ? AlertChannel.Email : AlertChannel.Webhook,
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetFieldValue<string[]>(5),
        (AlertSeverity)r.GetInt16(6),
        string.Equals(r.GetString(7), "digest", StringComparison.Ordinal) ? DeliveryMode.Digest : DeliveryMode.Immediate);
}
