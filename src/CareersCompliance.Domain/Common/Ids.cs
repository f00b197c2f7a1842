namespace CareersCompliance.Domain.Common;

/// <summary>
/// A value type stored as one JSON string. Why: lets the event store write a single converter factory
/// for every such id instead of knowing each domain type (it must not reference Domain).
/// </summary>
public interface IStringValue<TSelf>
    where TSelf : struct, IStringValue<TSelf>
{
    string Value { get; }

    static abstract TSelf From(string value);
}

/// <summary>A value type stored as one JSON string holding a Guid.</summary>
public interface IGuidValue<TSelf>
    where TSelf : struct, IGuidValue<TSelf>
{
    Guid Value { get; }

    static abstract TSelf From(Guid value);
}

/// <summary>A school's Unique Reference Number (6 digits).</summary>
public readonly record struct SchoolUrn(string Value) : IStringValue<SchoolUrn>
{
    public static SchoolUrn From(string value) => new(value);

    public static bool IsValid(string? value) => value is { Length: 6 } && value.All(char.IsAsciiDigit);

    public override string ToString() => Value;
}

/// <summary>The trust (proprietor) id as the schools import gives it.</summary>
public readonly record struct TrustId(string Value) : IStringValue<TrustId>
{
    public static TrustId From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>A provider: its UKPRN (8 digits) where it has one, otherwise a local id.</summary>
public readonly record struct ProviderId(string Value) : IStringValue<ProviderId>
{
    public static ProviderId From(string value) => new(value);

    public bool IsUkprn() => Value is { Length: 8 } && Value.All(char.IsAsciiDigit);

    public override string ToString() => Value;
}

/// <summary>A careers adviser; the name lives in the erasable register, never in events.</summary>
public readonly record struct AdviserId(string Value) : IStringValue<AdviserId>
{
    public static AdviserId From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>A member of school staff (e.g. the careers leader); the name lives in the erasable register.</summary>
public readonly record struct StaffId(string Value) : IStringValue<StaffId>
{
    public static StaffId From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>An activity as the import names it, e.g. <c>ACT-17</c>.</summary>
public readonly record struct ActivityId(string Value) : IStringValue<ActivityId>
{
    public static ActivityId From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Who issued a command: an opaque user or process id (e.g. <c>import:activities.csv</c>).</summary>
public readonly record struct ActorId(string Value) : IStringValue<ActorId>
{
    public static ActorId From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>An opaque pupil id; name, UPN and date of birth live only in the erasable register.</summary>
public readonly record struct PupilId(Guid Value) : IGuidValue<PupilId>
{
    public static PupilId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

/// <summary>A careers guidance referral.</summary>
public readonly record struct ReferralId(Guid Value) : IGuidValue<ReferralId>
{
    public static ReferralId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

/// <summary>A case on the Ladder of Support and Intervention.</summary>
public readonly record struct ComplianceCaseId(Guid Value) : IGuidValue<ComplianceCaseId>
{
    public static ComplianceCaseId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}
