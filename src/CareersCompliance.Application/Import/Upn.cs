namespace CareersCompliance.Application.Import;

/// <summary>Unique Pupil Number: a check letter followed by twelve characters (the last may be a letter in a temporary UPN).</summary>
public static class Upn
{
    // Remainders 0-22 map to the alphabet without I, O and S.
    private const string CheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    /// <summary>The check letter for the twelve characters after it, or null when they are not a UPN body.</summary>
    public static char? CheckLetterFor(ReadOnlySpan<char> body)
    {
        if (body.Length != 12)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            var c = body[i];
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
            }
            else if (i == 11 && CheckLetters.Contains(c, StringComparison.Ordinal))
            {
                // A temporary UPN ends in a letter, valued as its position in the check-letter alphabet.
                value = CheckLetters.IndexOf(c, StringComparison.Ordinal);
            }
            else
            {
                return null;
            }

            sum += value * (i + 2);
        }

        return CheckLetters[sum % 23];
    }

    /// <summary>Null when valid; otherwise what is wrong, in words a data manager can act on.</summary>
    public static string? Problem(ReadOnlySpan<char> upn)
    {
        if (upn.Length != 13)
        {
            return $"a UPN has 13 characters; this has {upn.Length}";
        }

        var body = upn[1..];
        for (var i = 0; i < 11; i++)
        {
            if (!char.IsAsciiDigit(body[i]))
            {
                return $"character {i + 2} of a UPN must be a digit";
            }
        }

        var expected = CheckLetterFor(body);
        if (expected is null)
        {
            return "the last character of a UPN must be a digit, or a capital letter other than I, O or S in a temporary UPN";
        }

        return upn[0] == expected ? null : $"the check letter does not match the rest of the UPN (expected {expected}); check for a typing error";
    }

    public static bool IsValid(ReadOnlySpan<char> upn) => Problem(upn) is null;

    /// <summary>Builds a valid UPN from its twelve-character body.</summary>
    public static string Create(ReadOnlySpan<char> body)
    {
        var letter = CheckLetterFor(body) ?? throw new ArgumentException("a UPN body is 11 digits then a digit or letter", nameof(body));
        return letter + body.ToString();
    }
}
