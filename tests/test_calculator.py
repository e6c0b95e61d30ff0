"""The loan-cost calculator in Chromium, against numpy-financial's internal rate of return.

Desktop, a 360×800 touch screen and the offline pack (file://); keyboard use; checked
input; no request and no storage write while it is used; and a page that still explains
the method with JavaScript off.
"""

from __future__ import annotations

import re
import zipfile

import numpy_financial as npf
import pytest

from sitegen import build as sitebuild
from sitegen import download_plan
from sitegen.testing import set_fields, wait_for_icon

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

PAGE = {"zh": "tools/loan-cost/", "en": "en/tools/loan-cost/"}
PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
# (received, fees paid back at the start, payments): the cases the issue names, and more.
CASES = [
    (12000, 0, [1120] * 12),                       # a "1% monthly fee" instalment loan
    (10000, 0, [880] * 12),                        # equal instalments, a lower fee
    (50000, 0, [2400] * 24),                       # two years
    (9000, 0, [10000 / 12 + 100] * 12),            # 砍头息: the contract's 10,000 less 1,000, as received
    (10000, 500, [900] * 12),                      # a fee paid back at the start
    (20000, 1200, [1800] * 12),                    # a larger fee up front
    (3000, 0, [3300]),                             # one payment
    (5000, 0, [0, 0, 2000, 2000, 1500]),           # irregular, nothing paid at first
    (8000, 0, [1000, 1500, 2000, 2500, 1800]),     # irregular, rising
    (15000, 300, [700] * 30),                      # long and cheap
    (1000, 0, [1001]),                             # barely any cost
    (6000, 0, [1100] * 6),                         # short and expensive
]


# Loans counted in days or weeks, with a fee deducted up front: (unit, contract, received, fees paid back
# at the start, payments one per period). The received amount is what is left after the deduction.
SHORT_CASES = [
    ("day", 1000, 700, 0, [0] * 6 + [1000]),            # a "714" loan: 300 of 1,000 deducted, repaid after 7 days
    ("day", 1000, 700, 0, [0] * 13 + [1000]),           # the same for 14 days
    ("day", 2000, 1600, 100, [0] * 6 + [2000]),         # deducted, and a fee paid back on the day
    ("week", 3000, 2400, 0, [800] * 4),                 # weekly instalments after a deduction
    ("day", 5000, 4500, 0, [0] * 29 + [5000 * (1 + 0.0005 * 30)]),  # 0.05% a day quoted, 500 deducted
]
PER_YEAR = {"month": 12, "week": 365 / 7, "day": 365}


def reference(received, upfront, payments, unit="month") -> float:
    """Annual rate in percent: the IRR per period × the periods in a year (numpy-financial)."""
    return float(npf.irr([-(received - upfront), *payments])) * PER_YEAR[unit] * 100


def shown_rate(page) -> float:
    text = page.locator(".loan-calc__rate").inner_text()
    return float(re.search(r"(\d+(?:\.\d+)?)\s*%", text.replace(",", ""))[1])


def fields(received, upfront, payments) -> dict[str, str | None]:
    """What a reader enters for a loan, in order: selector -> text (None: a choice to check)."""
    if len(set(payments)) == 1 and len(payments) > 1:
        mode = {"input[name=mode][value=equal]": None, "#lc-count": str(len(payments)),
                "#lc-amount": repr(round(payments[0], 6))}
    else:
        mode = {"input[name=mode][value=list]": None, "#lc-list": "\n".join(repr(round(p, 6)) for p in payments)}
    return {"#lc-received": str(received), "#lc-upfront": str(upfront) if upfront else "", **mode}


def enter(page, received, upfront, payments, at_once=False):
    """The loan entered field by field, or (at_once: the tables of cases, ten loans on four screens) in one call."""
    entered = fields(received, upfront, payments)
    if at_once:
        set_fields(page, entered)
    else:
        for selector, value in entered.items():
            page.check(selector) if value is None else page.fill(selector, value)
    page.click("form#loan-calc button[type=submit]")
    page.locator(".loan-calc__rate, .loan-calc__error:visible").first.wait_for(timeout=5000)


def check_cases(page):
    assert len(CASES) >= 10
    for received, upfront, payments in CASES:
        enter(page, received, upfront, payments, at_once=True)
        expected = reference(received, upfront, payments)
        assert abs(shown_rate(page) - expected) <= 0.01, (received, upfront, payments, shown_rate(page), expected)
        rows = page.locator("#lc-result tbody tr").count()
        assert rows == len(payments)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_rates_match_numpy_financial(browser, site_url, lang, screen):
    context = browser.new_context(**(PHONE if screen == "phone" else {}))
    page = context.new_page()
    page.goto(site_url + PAGE[lang])
    check_cases(page)
    context.close()


def test_works_from_the_offline_pack(browser, site, tmp_path, data):
    with zipfile.ZipFile(site / download_plan.offline_zip(data.campaign)) as pack:
        pack.extractall(tmp_path)
    page_file = tmp_path / data.campaign["id"] / "tools" / "loan-cost.html"
    assert page_file.exists()
    page = browser.new_page()
    page.goto(page_file.as_uri())
    check_cases(page)
    page.close()


def test_worked_example_and_costs(page, site_url):
    page.goto(site_url + PAGE["zh"])
    enter(page, 12000, 0, [1120] * 12)
    assert abs(shown_rate(page) - 21.46) < 0.01
    assert "1,440.00" in page.locator("#lc-result").inner_text()  # total cost
    cells = page.locator("#lc-result tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "1" and cells[1] == "1,120.00"
    assert abs(float(cells[2].replace(",", "")) - 12000 * 0.0178809869) < 0.01  # the first month's cost


@pytest.mark.parametrize("field,value,mode", [
    ("received", "-500", "equal"), ("received", "abc", "equal"), ("amount", "-10", "equal"),
    ("count", "2.5", "equal"), ("list", "100\nxyz", "list"), ("amount", "100", "equal"),
])
def test_bad_input_gets_a_message_next_to_the_field_and_no_number(page, site_url, field, value, mode):
    page.goto(site_url + PAGE["en"])
    page.fill("#lc-received", "12000")
    page.check(f"input[name=mode][value={mode}]")
    if mode == "equal":
        page.fill("#lc-count", "12")
        page.fill("#lc-amount", "1120")
    else:
        page.fill("#lc-list", "1120")
    page.fill(f"#lc-{field}", value)  # ("amount", "100"): 12 × 100 never repays 12,000
    page.click("form#loan-calc button[type=submit]")
    error = page.locator(f"#lc-{field}-error")
    error.wait_for(state="visible", timeout=5000)
    assert error.inner_text().strip()
    assert page.get_attribute(f"#lc-{field}", "aria-invalid") == "true"
    described = page.get_attribute(f"#lc-{field}", "aria-describedby")
    assert f"lc-{field}-error" in described
    assert page.locator("#lc-result").inner_text().strip() == ""


def test_nothing_is_sent_or_stored(browser, site_url):
    context = browser.new_context()
    context.add_init_script("""(() => {
      window.__writes = [];
      const note = what => () => { if (window.__watch) window.__writes.push(what); };
      for (const store of [Storage.prototype]) {
        const set = store.setItem; store.setItem = function (...a) { note('storage')(); return set.apply(this, a); };
      }
      const open = indexedDB.open.bind(indexedDB); indexedDB.open = (...a) => { note('indexedDB')(); return open(...a); };
      const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
      Object.defineProperty(document, 'cookie', {get: () => cookie.get.call(document),
        set: v => { note('cookie')(); cookie.set.call(document, v); }});
    })()""")
    page = context.new_page()
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(site_url + PAGE["zh"])
    page.wait_for_load_state("networkidle")
    wait_for_icon(page, loaded)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.evaluate("window.__watch = true")
    url = page.url
    enter(page, 12000, 300, [1120] * 12)
    enter(page, 5000, 0, [0, 2000, 3500])
    page.wait_for_timeout(500)
    assert requests == [] and page.url == url
    assert page.evaluate("window.__writes") == []
    assert context.cookies() == []
    context.close()


def test_usable_with_a_keyboard_and_announced(page, site_url):
    page.goto(site_url + PAGE["en"])
    page.focus("#lc-received")
    page.keyboard.type("12000")
    page.keyboard.press("Tab")   # fees
    page.keyboard.press("Tab")   # the first repayment option
    page.keyboard.press("Tab")   # number of payments
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("1120")
    page.keyboard.press("Enter")
    page.locator(".loan-calc__rate").wait_for(timeout=5000)
    assert page.get_attribute("#lc-result", "aria-live") == "polite"
    for ident in ("received", "upfront", "count", "amount", "list"):
        assert page.locator(f"label[for=lc-{ident}]").count() == 1


def test_without_javascript_the_method_and_example_remain(browser, site_url, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for lang, path in PAGE.items():
        page.goto(site_url + path)
        assert not page.locator("form#loan-calc").is_visible()
        text = page.locator("article").inner_text()
        assert "21.5%" in text and "12" in text
        assert page.locator("#method").is_visible() and page.locator("#example").is_visible()
    context.close()


def enter_short(page, unit, contract, received, upfront, payments, quote=None):
    """A loan counted in days or weeks: repaid all at once at the end, or in equal instalments."""
    page.select_option("#lc-unit", unit)
    page.fill("#lc-contract", str(contract))
    page.fill("#lc-received", str(received))
    page.fill("#lc-upfront", str(upfront) if upfront else "")
    once = len(payments) == 1 or not any(payments[:-1])
    page.check(f"input[name=mode][value={'end' if once else 'equal'}]")
    page.fill("#lc-term" if once else "#lc-count", str(len(payments)))
    page.fill("#lc-total" if once else "#lc-amount", "" if quote else repr(round(payments[-1], 6)))
    page.fill("#lc-quote", quote[0] if quote else "")
    if quote:
        page.select_option("#lc-per", quote[1])
    page.click("form#loan-calc button[type=submit]")
    page.locator(".loan-calc__rate, .loan-calc__error:visible").first.wait_for(timeout=5000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_day_and_week_terms_with_a_fee_deducted_match_numpy_financial(browser, site_url, lang):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + PAGE[lang])
    for unit, contract, received, upfront, payments in SHORT_CASES:
        enter_short(page, unit, contract, received, upfront, payments)
        expected = reference(received, upfront, payments, unit)
        assert abs(shown_rate(page) - expected) <= 0.01, (unit, received, payments, shown_rate(page), expected)
        result = page.locator("#lc-result").inner_text()
        assert f"{contract - received:,.2f}" in result  # how much was deducted
    # The same 0.05%-a-day loan from the quoted rate, and from a monthly and a yearly quote of that rate.
    unit, contract, received, upfront, payments = SHORT_CASES[-1]
    for quote in [("0.05", "day"), ("0.05%", "day"), (repr(0.05 * 365 / 12), "month"), ("18.25", "year")]:
        enter_short(page, unit, contract, received, upfront, payments, quote=quote)
        assert abs(shown_rate(page) - reference(received, upfront, payments, unit)) <= 0.01, quote
        assert f"{payments[-1]:,.2f}" in page.locator("#lc-result").inner_text()  # the payment worked out
    # A fee on top of the quoted interest, paid with the one repayment.
    page.fill("#lc-addon", "50")
    page.click("form#loan-calc button[type=submit]")
    page.locator(".loan-calc__rate").wait_for(timeout=5000)
    with_fee = [*payments[:-1], payments[-1] + 50]
    assert abs(shown_rate(page) - reference(received, upfront, with_fee, unit)) <= 0.01
    assert f"{with_fee[-1]:,.2f}" in page.locator("#lc-result").inner_text()
    page.fill("#lc-addon", "")
    # Equal weekly instalments from a weekly-equivalent quote: principal ÷ n + simple interest on the contract.
    enter_short(page, "week", 3000, 2400, 0, [3000 / 4 + 3000 * 0.01 * 12 * 7 / 365] * 4, quote=("1", "month"))
    assert abs(shown_rate(page) - reference(2400, 0, [3000 / 4 + 3000 * 0.01 * 12 * 7 / 365] * 4, "week")) <= 0.01
    context.close()


def test_a_714_loan_is_compared_with_the_reference_points(browser, site_url, data):
    """7 days, 300 of 1,000 deducted up front: the annualised rate, and three reference points with their scope."""
    points = data.campaign["calculator"]["reference_rates"]
    for lang in PAGE:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(site_url + PAGE[lang])
        page.select_option("#lc-unit", "day")
        page.fill("#lc-contract", "１,０００元")  # full-width digits and 元 still work
        page.fill("#lc-received", "700")
        page.check("input[name=mode][value=end]")
        page.fill("#lc-term", "7")
        page.fill("#lc-total", "1000")
        page.click("form#loan-calc button[type=submit]")
        page.locator(".loan-calc__rate").wait_for(timeout=5000)
        assert abs(shown_rate(page) - reference(700, 0, [0] * 6 + [1000], "day")) <= 0.01
        assert "365" in page.locator(".loan-calc__rate").inner_text()
        assert page.locator("#lc-result tbody tr").count() == 1  # one repayment, one row
        items = page.locator("#lc-result .loan-calc__refs li")
        assert items.count() == len(points) == 3
        for n, point in enumerate(points):
            item = items.nth(n)
            assert item.is_visible()
            shown = item.inner_text()
            assert point[lang]["label"] in shown
            assert point[lang]["scope"].split("{")[0][:20] in shown  # its scope, not only a number
            assert f"{point['rate'] * point.get('multiple', 1):g}%" in shown
            assert item.locator(".loan-calc__verdict").inner_text().strip()
        # About 1,908% is above every point: all three say so, in the same words.
        assert len(set(items.locator(".loan-calc__verdict").all_inner_texts())) == 1
        link = page.locator("#lc-result .loan-calc__compare a")
        assert link.count() == 1 and link.is_visible()
        assert page.locator("#lc-result").get_attribute("aria-live") == "polite"
        with page.expect_navigation():
            link.click()
        assert "legal-interest-limits" in page.url
        assert page.locator("h1").count() == 1 and page.title()
        context.close()


def test_a_quote_and_an_amount_together_is_an_error_next_to_the_field(page, site_url):
    page.goto(site_url + PAGE["zh"])
    page.select_option("#lc-unit", "day")
    page.fill("#lc-received", "700")
    page.check("input[name=mode][value=end]")
    page.fill("#lc-term", "7")
    page.fill("#lc-total", "1000")
    page.fill("#lc-quote", "0.05")
    page.click("form#loan-calc button[type=submit]")
    error = page.locator("#lc-total-error")
    error.wait_for(state="visible", timeout=5000)
    assert page.get_attribute("#lc-total", "aria-invalid") == "true"
    assert "lc-total-error" in page.get_attribute("#lc-total", "aria-describedby")
    assert page.locator("#lc-result").inner_text().strip() == ""
    for ident in ("unit", "contract", "term", "total", "quote", "per", "addon"):
        assert page.locator(f"label[for=lc-{ident}]").count() == 1


@pytest.mark.build
@pytest.mark.parametrize("old,new,message", [
    (r"(reference_rates:\n    - id: \S+\n      rate: )\S+", r"\1three", r"rate"),
    (r"(reference_rates:\n(?:.*\n)*?        scope: [^\"\n])", r"\1{lpr}", r"only \{rate\} and \{as_of\}"),
])
def test_a_bad_reference_point_names_file_and_line(project, old, new, message):
    path = project / "docs/_data/campaign.yml"
    text = re.sub(old, new, path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    found = re.search(r"docs/_data/campaign.yml:(\d+): .*" + message, result.stderr)
    assert found, result.stderr[-2000:]
    line = text.splitlines()[int(found[1]) - 1]
    assert "three" in line or "{lpr}" in line
    assert "Traceback" not in result.stderr
