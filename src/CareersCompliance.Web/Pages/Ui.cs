using System.Globalization;
using CareersCompliance.Domain.Rules;
using Microsoft.AspNetCore.Html;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages;

/// <summary>Small rendering helpers: status tags, dates and percentages (check names in words: <see cref="CheckNames"/>).</summary>
public static class Ui
{
    private static readonly LocalDatePattern Long = LocalDatePattern.Create("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public static string Date(LocalDate date) => Long.Format(date);

    public static string Instant(Instant instant) =>
        instant.InZone(Reading.Directories.London).ToString("d MMMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    public static IHtmlContent Tag(CheckStatus status)
    {
        var (text, colour) = status switch
        {
            CheckStatus.Met => ("Met", "green"),
            CheckStatus.Due => ("Due", "blue"),
            CheckStatus.AtRisk => ("At risk", "orange"),
            CheckStatus.NotMet => ("Not met", "red"),
            _ => ("Not applicable", "grey"),
        };
        return Tag(text, colour);
    }

    public static IHtmlContent Tag(string text, string colour)
    {
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<strong class=\"govuk-tag govuk-tag--{colour}\">");
        builder.Append(text);
        builder.AppendHtml("</strong>");
        return builder;
    }

    /// <summary>A coverage tag: green at 100%, orange when the window closes within the alert horizon short, red when closed short.</summary>
    public static IHtmlContent CoverageTag(decimal? percent, int? daysLeft, int horizon) => percent switch
    {
        null => Tag("No pupils", "grey"),
        >= 100m => Tag(Percent(percent), "green"),
        _ when daysLeft is < 0 => Tag(Percent(percent), "red"),
        _ when daysLeft is { } d && d <= horizon => Tag(Percent(percent), "orange"),
        _ => Tag(Percent(percent), "blue"),
    };
}
