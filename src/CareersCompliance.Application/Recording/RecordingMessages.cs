namespace CareersCompliance.Application.Recording;

/// <summary>The recording commands' Wolverine handlers, for the host's discovery (conventional discovery is off).</summary>
public static class RecordingMessages
{
    public static IReadOnlyList<Type> Handlers { get; } =
        [typeof(RecordNewActivityHandler), typeof(DecideOnActivityHandler), typeof(DecideOnReferralHandler)];
}

/// <summary>How often a recording command is decided again after a concurrent change.</summary>
public static class RecordingRetries
{
    public const int OnConflict = 3;
}
