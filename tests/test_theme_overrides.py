"""The theme's markup, corrected: partial overrides pinned to the theme files they copy, the
toggles' attribute dropped and the theme's script deferred by the page-finishing step, and the
behaviour they must keep in a real browser (the search form's submit button, toggles closed after
going Back, the theme's script fetched at first use)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError

from sitegen import paths
from sitegen.html_edit import Document
from sitegen.postbuild.finish import defer_theme_script, drop_checkbox_autocomplete
from sitegen.testing import LANGUAGES

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = paths.THEME  # the generator's theme, in the package

# Each partial that overrides/ copies from the theme, and the sha256 of the theme's file it was
# reviewed against. When a theme upgrade changes one: compare the theme's new file with the
# override, carry its changes over (keeping ours, marked in the override), then record the hash.
REVIEWED = {
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
}


@pytest.mark.unit
def test_every_partial_override_is_pinned_to_its_theme_file():
    overridden = sorted(p.relative_to(OVERRIDES).as_posix() for p in (OVERRIDES / "partials").rglob("*.html"))
    assert overridden == sorted(REVIEWED), "list each overridden partial in REVIEWED with its theme file's sha256"


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_theme_file_is_the_one_the_override_was_reviewed_against(name):
    theme_file = THEME / name
    assert theme_file.exists(), f"the theme no longer has {name}: overrides/{name} overrides nothing"
    digest = hashlib.sha256(theme_file.read_bytes()).hexdigest()
    assert digest == REVIEWED[name], (
        f"the theme's {name} changed ({theme_file}): compare it with overrides/{name}, carry its "
        f"changes over, then record {digest} in REVIEWED")


@pytest.mark.unit
def test_autocomplete_is_dropped_from_checkboxes_only():
    page = ('<body>\n<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">\n'
            '<input type="text" name="query" autocomplete="off" required>\n'
            '<input type="checkbox" id="plain"></body>')
    doc = Document(page)
    drop_checkbox_autocomplete(doc)
    assert doc.result() == page.replace(' id="__drawer" autocomplete="off">', ' id="__drawer">')


CONFIG = '<script id="__config" type="application/json">{"base": "../.."}</script>'


@pytest.mark.unit
def test_the_theme_script_becomes_a_data_block_naming_it():
    page = f'<body>{CONFIG}\n<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script></body>'
    doc = Document(page)
    defer_theme_script(doc, "https://example.org/x/")
    assert doc.result() == page.replace(
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>',
        '<script type="application/json" data-deferred-script>"../../assets/javascripts/bundle.a5f9d56c.min.js"'
        '</script>')


@pytest.mark.unit
def test_a_page_with_its_own_scripts_after_the_theme_s_loads_it_with_the_page():
    page = (f'<body>{CONFIG}<script src="../assets/javascripts/site.js"></script>'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="../assets/javascripts/tool.js"></script></body>')
    doc = Document(page)
    defer_theme_script(doc, "https://example.org/x/")
    assert doc.result() == page


@pytest.mark.unit
@pytest.mark.parametrize("scripts", ['<script src="../assets/javascripts/app.min.js"></script>',
                                     '<script src="a/assets/javascripts/bundle.1.min.js"></script>'
                                     '<script src="b/assets/javascripts/bundle.2.min.js"></script>'])
def test_a_page_whose_theme_script_is_not_found_once_stops_the_build(scripts):
    with pytest.raises(PluginError, match=r"https://example.org/x/ has [02] scripts named .*the theme changed"):
        defer_theme_script(Document(f"<body>{CONFIG}{scripts}</body>"), "https://example.org/x/")


def first_lesson(site_url: str, data) -> str:
    """The URL of the course's first lesson, in the default language."""
    return f"{site_url}{data.prefix(data.default)}lessons/{data.lessons[0].slug}/"


def test_the_theme_script_arrives_at_first_use_and_search_then_works(browser, site_url, data):
    """A cold load fetches no theme script, yet shows the search button; the first tap or key fetches it,
    the theme starts (it waits for DOMContentLoaded, long gone by then), and the search it opens finds
    the page by its title. Both ways in: a tap on the phone's search button, and the search key `/`."""
    lesson = first_lesson(site_url, data)
    for first_use in ("tap", "/"):
        context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
        page = context.new_page()
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(lesson)
        page.wait_for_load_state("networkidle")
        assert fetched and not [url for url in fetched if "/javascripts/bundle." in url], fetched
        assert page.locator("script[data-deferred-script]").count() == 1
        button = page.locator("label.md-header__button[for=__search]")
        assert button.is_visible()  # the theme's styles hide it from a page without scripts
        with page.expect_response(lambda response: "/javascripts/bundle." in response.url) as bundle:
            button.tap() if first_use == "tap" else page.keyboard.press(first_use)
        assert bundle.value.ok
        page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
        title = page.locator("article h1").first.inner_text()
        page.context.new_cdp_session(page).send("Input.insertText", {"text": title})
        found = page.locator(".md-search-result__item > a")
        found.first.wait_for(timeout=15000)
        assert lesson in found.evaluate_all("links => links.map(a => a.origin + a.pathname)"), first_use
        assert [url for url in fetched if "/javascripts/bundle." in url] == [bundle.value.url]
        context.close()


def slow_line(page) -> list:
    """From now on every request takes 2 s (the theme's script is only fetched at first use): the URLs
    of the theme's script that have arrived since, to show that a test ran before it did."""
    arrived = []
    page.on("response", lambda response: "/javascripts/bundle." in response.url and arrived.append(response.url))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 2000, "downloadThroughput": -1, "uploadThroughput": -1})
    return arrived


def test_what_a_reader_types_before_the_theme_arrives_is_searched(browser, site_url, data):
    """On a slow line the reader taps the search button and types before the theme's script has
    arrived: the box has focus from the tap, so the words land in it, and the theme searches them."""
    lesson = first_lesson(site_url, data)
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(lesson)
    page.wait_for_load_state("networkidle")
    title = page.locator("article h1").first.inner_text()
    arrived = slow_line(page)
    page.locator("label.md-header__button[for=__search]").tap()
    page.keyboard.type(title)
    assert not arrived, "the theme's script came before the reader had typed: the line is not slow enough"
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert page.locator("input.md-search__input").input_value() == title
    found = page.locator(".md-search-result__item > a")
    found.first.wait_for(timeout=15000)
    assert lesson in found.evaluate_all("links => links.map(a => a.origin + a.pathname)")
    context.close()


def test_the_search_key_pressed_before_the_theme_arrives_opens_the_search(page, site_url, data):
    """On a slow line a keyboard reader moves with Tab (the first key, which sends for the theme's script),
    then presses `/` and types, all before it has arrived: `/` focuses the box at once, as the theme's
    shortcut does, the words land in the box, and the theme searches them once it is here."""
    lesson = first_lesson(site_url, data)
    page.goto(lesson)
    page.wait_for_load_state("networkidle")
    title = page.locator("article h1").first.inner_text()
    arrived = slow_line(page)
    page.keyboard.press("Tab")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(title)
    assert not arrived, "the theme's script came before the reader had typed: the line is not slow enough"
    assert page.locator("input.md-search__input").input_value() == title  # the `/` itself is not typed
    found = page.locator(".md-search-result__item > a")
    found.first.wait_for(timeout=15000)
    assert lesson in found.evaluate_all("links => links.map(a => a.origin + a.pathname)")


def test_escape_closes_a_search_opened_before_the_theme_arrives(page, site_url, data):
    """On a slow line the reader clicks into the search box, then changes their mind and presses Escape
    before the theme's script has arrived: the search closes, as the theme closes it, and the page stays."""
    lesson = first_lesson(site_url, data)
    page.goto(lesson)
    page.wait_for_load_state("networkidle")
    arrived = slow_line(page)
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not arrived, "the theme's script came before the reader pressed Escape: the line is not slow enough"
    assert page.evaluate("[document.getElementById('__search').checked, document.activeElement.matches('input')]") \
        == [False, False]
    page.wait_for_function("() => window.component$ !== undefined")  # the theme, once here, opens no search
    assert page.evaluate("[document.getElementById('__search').checked, location.href]") == [False, lesson]


def home(site_url: str) -> str:
    """The home page of the last language (a prefix of its own unless the site has one language)."""
    return site_url + ("" if len(LANGUAGES) == 1 else f"{LANGUAGES[-1]}/")


@pytest.fixture(params=["desktop", "phone"])
def tab(request, browser):
    if request.param == "phone":
        context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.phone = request.param == "phone"
    yield page
    context.close()


def checked(page, toggle: str) -> bool:
    return page.evaluate("id => document.getElementById(id).checked", toggle)


def test_search_submit_button_takes_the_reader_to_the_results_on_the_same_page(tab, site_url):
    page = tab
    page.goto(home(site_url))
    page.wait_for_load_state("networkidle")
    if page.phone:
        page.locator("label.md-header__button[for=__search]").tap()
    else:
        page.locator("input.md-search__input").click()
    button = page.locator("form[name=search] button[type=submit]")
    assert button.count() == 1 and button.inner_text().strip(), "the form's submit button has no name"
    query = page.locator("article h1").first.inner_text()  # the page's own title finds the page
    page.keyboard.type(query)
    page.locator(".md-search-result__list a").first.wait_for(timeout=15000)
    url = page.url
    page.keyboard.press("Tab")  # the theme closes its search on Tab: the button opens it again
    assert page.evaluate("document.activeElement.matches('form[name=search] button[type=submit]')")
    assert checked(page, "__search")
    box = button.bounding_box()
    viewport = page.viewport_size
    assert box and box["width"] > 8 and box["height"] > 8, box  # seen once it has focus
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"] and 0 <= box["y"] < viewport["height"], box
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.url == url  # the form was not sent: no reload with ?query=
    assert checked(page, "__search")
    assert page.evaluate("document.activeElement === document.querySelector('.md-search-result__list a')")


def test_search_submit_button_is_out_of_sight_until_it_has_focus(page, site_url):
    page.goto(home(site_url))
    box = page.locator("form[name=search] button[type=submit]").bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1), box


def test_drawer_and_search_are_closed_after_going_back(tab, site_url):
    """The theme kept browsers from restoring its toggles with `autocomplete="off"`, which the
    build drops (not allowed on a checkbox); site.js starts them closed instead."""
    page = tab
    start = home(site_url)
    page.goto(start)
    page.wait_for_load_state("networkidle")
    if page.phone:
        page.locator("label.md-header__button[for=__drawer]").tap()
        assert checked(page, "__drawer")
    else:
        page.locator("input.md-search__input").click()
        page.wait_for_function("() => document.getElementById('__search').checked")  # the search opens
    page.goto(start + "404.html")
    page.go_back()
    # The browser restores the toggles just before `pageshow`, which site.js answers. Chromium fires `pageshow`
    # in the task that records the load event's end: once a later task reads that, the toggles are as the
    # reader will find them.
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.readyState === 'complete' && performance.getEntriesByType('navigation')"
                           "[0].loadEventEnd > 0")
    assert page.url == start
    assert not checked(page, "__drawer") and not checked(page, "__search")
