using System.Globalization;
using Microsoft.Playwright;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// Issue 15, item 7 (WCAG 2.1.1 keyboard, 2.4.7 focus visible): a careers leader records an employer encounter and its
/// register with the keyboard alone (Tab, arrow keys, Space, typing, Enter), and every control the focus lands on on the
/// way shows where the focus is; and an administrator creates an account from their home the same way.
/// </summary>
[Collection(WebTests.Name)]
public sealed class KeyboardWalkTests(DemoDatabase db, InProcessHost host) : ChromiumHost(db, host)
{
    // Why these rules: GOV.UK Frontend draws focus as a yellow box-shadow or outline on the control, or, for its
    // radios and checkboxes (whose inputs are visually hidden), on the label's ::before box.
    private const string FocusVisible = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'nothing';
          const shows = s => (s.boxShadow && s.boxShadow !== 'none') || (s.outlineStyle !== 'none' && s.outlineWidth !== '0px' && !/rgba\([^)]*, 0\)/.test(s.outlineColor));
          const tagged = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '');
          if (shows(getComputedStyle(el))) return '';
          const label = el.labels && el.labels[0];
          if (label && (shows(getComputedStyle(label, '::before')) || shows(getComputedStyle(label, '::after')))) return '';
          return tagged;
        }
        """;

    private readonly List<string> _withoutVisibleFocus = [];

    [Fact]
    public async Task a_leader_records_an_employer_encounter_and_its_register_with_the_keyboard_alone()
    {
        var page = await SignInAsync($"leader-{Db.LltSchool}");
        await page.GotoAsync($"{BaseUrl}/schools/{Db.LltSchool}/record/activity");
        var today = Db.Runtime.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var inv = CultureInfo.InvariantCulture;

        await TabToAsync(page, "el.type === 'radio' && el.name === 'Input.Kind'");
        await ArrowToAsync(page, "Employer encounter");
        await TabToAsync(page, "el.id === 'title'");
        await page.Keyboard.TypeAsync("Keyboard-only employer talk");
        await TabToAsync(page, "el.id === 'date'");
        await page.Keyboard.TypeAsync(today.Day.ToString(inv));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(today.Month.ToString(inv));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(today.Year.ToString(inv));
        await TabToAsync(page, "el.id === 'year-groups-8'");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, LabelIs("A clear purpose shared beforehand"));
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "el.name === 'Absent'");
        await page.Keyboard.PressAsync("Space");
        var pupils = await page.Locator("#register-8 input[name=Absent]").CountAsync();
        await TabToAsync(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Record activity and register'");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#recorded-banner")).ToContainTextAsync($"Activity recorded with {pupils} pupils");
        await Expect(page.Locator("#activity-details")).ToContainTextAsync($"{pupils - 1} attended, 1 absent");
        await ShotAsync(page, "keyboard-recorded");
        _withoutVisibleFocus.Should().BeEmpty("every control reached with the keyboard shows its focus");
        Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task an_administrator_creates_an_account_from_their_home_with_the_keyboard_alone()
    {
        var page = await SignInAsync("admin");
        var name = $"kbd-{Guid.NewGuid():N}"[..16];
        page.Url.Should().EndWith("/admin");

        await TabToAsync(page, "el.id === 'create-account'");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create an account");
        await TabToAsync(page, "el.id === 'username'");
        await page.Keyboard.TypeAsync(name);
        await TabToAsync(page, "el.id === 'display-name'");
        await page.Keyboard.TypeAsync("Keyboard-made careers leader");
        await TabToAsync(page, "el.type === 'radio' && el.name === 'Role'");
        await ArrowToAsync(page, "Careers leader");
        await TabToAsync(page, "el.id === 'school'");
        for (var i = 0; i < 20 && !string.Equals(await page.Locator("#school").InputValueAsync(), Db.LltSchool, StringComparison.Ordinal); i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(page.Locator("#school")).ToHaveValueAsync(Db.LltSchool);
        await TabToAsync(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Create account'");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#created-panel")).ToContainTextAsync("Account created");
        await Expect(page.Locator("#created-summary")).ToContainTextAsync("Careers leader");
        await ShotAsync(page, "keyboard-admin-account-created");
        (await Db.Accounts.FindAsync(name, Ct))!.Scope.Should().Be(Application.Accounts.AccountScope.School(Db.LltSchool));
        _withoutVisibleFocus.Should().BeEmpty("every control reached with the keyboard shows its focus");
        Problems.Should().BeEmpty();
    }

    private static string LabelIs(string text) =>
        $"el.labels && [...el.labels].some(l => l.textContent.trim() === {System.Text.Json.JsonSerializer.Serialize(text)})";

    /// <summary>Presses Tab until the focused element matches (at most 150 presses), checking each stop's focus style.</summary>
    private async Task TabToAsync(IPage page, string predicate)
    {
        for (var i = 0; i < 150; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var missing = await page.EvaluateAsync<string>(FocusVisible);
            if (missing.Length > 0 && !string.Equals(missing, "nothing", StringComparison.Ordinal))
            {
                _withoutVisibleFocus.Add(missing);
            }

            if (await page.EvaluateAsync<bool>($"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The keyboard never reached an element where {predicate}.");
    }

    /// <summary>Moves through a radio group with the arrow keys until the radio of that label is focused (and so chosen).</summary>
    private static async Task ArrowToAsync(IPage page, string label)
    {
        for (var i = 0; i < 20; i++)
        {
            if (await page.EvaluateAsync<bool>($"() => {{ const el = document.activeElement; return !!el && ({LabelIs(label)}); }}"))
            {
                await Expect(page.GetByLabel(label, new() { Exact = true })).ToBeCheckedAsync();
                return;
            }

            await page.Keyboard.PressAsync("ArrowDown");
        }

        throw new InvalidOperationException($"The arrow keys never reached the radio '{label}'.");
    }
}
