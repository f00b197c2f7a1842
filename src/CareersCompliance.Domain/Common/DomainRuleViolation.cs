namespace CareersCompliance.Domain.Common;

/// <summary>A command broke a business rule. <see cref="Code"/> is the kebab-case error id used in eventmodel scenarios.</summary>
public sealed class DomainRuleViolation(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
