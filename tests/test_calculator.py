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

from sitegen import download_plan

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


def reference(received, upfront, payments) -> float:
    """Annual rate in percent: monthly IRR × 12 (numpy-financial)."""
    return float(npf.irr([-(received - upfront), *payments])) * 12 * 100


def shown_rate(page) -> float:
    text = page.locator(".loan-calc__rate").inner_text()
    return float(re.search(r"(\d+(?:\.\d+)?)\s*%", text.replace(",", ""))[1])


def enter(page, received, upfront, payments):
    page.fill("#lc-received", str(received))
    page.fill("#lc-upfront", str(upfront) if upfront else "")
    if len(set(payments)) == 1 and len(payments) > 1:
        page.check("input[name=mode][value=equal]")
        page.fill("#lc-count", str(len(payments)))
        page.fill("#lc-amount", repr(round(payments[0], 6)))
    else:
        page.check("input[name=mode][value=list]")
        page.fill("#lc-list", "\n".join(repr(round(p, 6)) for p in payments))
    page.click("form#loan-calc button[type=submit]")
    page.locator(".loan-calc__rate, .loan-calc__error:visible").first.wait_for(timeout=5000)


def check_cases(page):
    assert len(CASES) >= 10
    for received, upfront, payments in CASES:
        enter(page, received, upfront, payments)
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
    page.goto(site_url + PAGE["zh"])
    page.wait_for_load_state("networkidle")
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
