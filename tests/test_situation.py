"""The guided check (docs/_data/situation.yml): every path proven by `make check`, and the form in Chromium.

Generator tests: they read whichever campaign is under test and name none of its facts.
The mutation tests break a copy of its data in the ways the proof must catch.
"""

from __future__ import annotations

import os
import random
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from sitegen import download_plan, paths, sitedata, situation
from sitegen.checks import situation_paths
from sitegen.testing import LANGUAGES, ROOT, copy_project, set_fields

MODEL = situation.load(ROOT / "docs", LANGUAGES)
pytestmark = pytest.mark.skipif(MODEL is None, reason="this campaign has no guided check")
# Random paths, reproducible: a failure names its seed; SITUATION_SEED=<seed> replays it.
SEED = int(os.environ.get("SITUATION_SEED") or random.SystemRandom().randrange(10**6))
PATHS_PER_LANGUAGE = 40


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def random_answers(rng: random.Random) -> dict[str, set]:
    out = {}
    for q in MODEL.questions:
        if q.type == situation.ONE:
            choice = rng.choice([*q.answers, None])
            out[q.id] = {choice} if choice else set()
        else:
            out[q.id] = {a for a in q.answers if rng.random() < 0.3}
    return out


def largest_answers() -> dict[str, set]:
    """The answers that put the most steps in one plan: the printed plan's worst case."""
    best = {}
    for q in MODEL.questions:
        if q.type == situation.ANY:
            best[q.id] = set(q.answers)
        else:
            count = lambda a: len(situation.plan(MODEL, {**best, q.id: {a}}))  # noqa: E731
            best[q.id] = {max(q.answers, key=count)}
    return best


# ---- The proof ------------------------------------------------------------------------------

def expected_paths() -> int:
    total = 1
    for q in MODEL.questions:
        total *= len(q.answers) + 1 if q.type == situation.ONE else 2 ** len(q.answers)
    return total


def test_every_path_is_proven():
    found, proven = situation_paths.problems(ROOT, sitedata.load(ROOT / "docs"))
    assert [str(p) for p in found] == []
    assert proven == expected_paths() > 1


def broken_copy(tmp_path: Path, edit) -> tuple[list[str], int]:
    project = copy_project(tmp_path / "project")
    file = project / "docs" / situation.FILE
    raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    edit(raw)
    file.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    sitedata.reload()
    found, proven = situation_paths.problems(project, sitedata.load(project / "docs"))
    return [str(p) for p in found], proven


def step_line(raw_text: str, ident: str) -> int:
    return next(n for n, line in enumerate(raw_text.splitlines(), 1) if re.match(rf"\s*- id: {re.escape(ident)}\s*$", line))


def test_a_step_pointing_to_a_missing_page_is_reported_at_its_line(tmp_path):
    def edit(raw):
        raw["steps"][-1]["page"] = "no-such-folder/no-such-page.md#" + raw["steps"][-1]["page"].partition("#")[2]
    found, _ = broken_copy(tmp_path, edit)
    text = (tmp_path / "project" / "docs" / situation.FILE).read_text(encoding="utf-8")
    line = step_line(text, MODEL.steps[-1].id)
    for lang in LANGUAGES:
        assert f"docs/_data/situation.yml:{line}: step '{MODEL.steps[-1].id}': docs/{lang}/no-such-folder/no-such-page.md does not exist" in found, found


def test_a_missing_heading_and_an_undeclared_channel_are_reported(tmp_path):
    def edit(raw):
        raw["steps"][0]["page"] = raw["steps"][0]["page"].partition("#")[0] + "#no-such-heading"
        raw["steps"][0]["channel"] = "no-such-channel"
    found, _ = broken_copy(tmp_path, edit)
    assert any("has no heading {#no-such-heading}" in f for f in found), found
    assert any("channel 'no-such-channel' is not a help channel" in f for f in found), found


def test_a_combination_without_a_plan_is_reported_with_an_example(tmp_path):
    first = MODEL.questions[0]

    def edit(raw):  # every step now needs the first answer to the first question
        for step in raw["steps"]:
            step["when"] = {first.id: [first.answers[0]]}
    found, proven = broken_copy(tmp_path, edit)
    empty = [f for f in found if "paths give an empty plan" in f]
    assert len(empty) == 1, found
    count = int(re.search(r": (\d+) paths give an empty plan", empty[0])[1])
    assert count == proven - proven // (len(first.answers) + 1 if first.type == situation.ONE else 2), empty
    assert f"{first.id}={first.answers[0]}" not in empty[0].split("for example")[1]


def test_a_deadline_placed_after_other_steps_is_reported(tmp_path):
    last_group = MODEL.groups[-1]
    late = next(s for s in MODEL.steps if s.group == last_group)
    earlier = next(s for s in MODEL.steps if s.group not in (MODEL.groups[0], last_group))

    def edit(raw):
        for step in raw["steps"]:
            if step["id"] == late.id:
                step["days"] = 1
    found, _ = broken_copy(tmp_path, edit)
    assert any("out of order" in f and f"the deadline '{late.id}'" in f for f in found), found
    assert earlier.group != last_group


def test_bad_data_is_reported_at_its_line_without_a_traceback(tmp_path):
    def edit(raw):
        raw["steps"][0]["when"] = {"no-such-question": ["x"]}
        raw["steps"][1]["group"] = "no-such-group"
    found, _ = broken_copy(tmp_path, edit)
    assert any(re.match(r"docs/_data/situation\.yml:\d+: step '.+': no question 'no-such-question'", f) for f in found), found
    assert any("no group 'no-such-group'" in f for f in found), found


# ---- In the browser ---------------------------------------------------------------------------

def check_url(lang: str) -> str:
    return prefix(lang) + paths.page_url(MODEL.page)


def fill(tab, answers: dict[str, set]) -> None:
    tab.evaluate("document.getElementById('situation-form').reset()")
    for question, given in answers.items():
        for answer in given:
            tab.check(f'#situation-form input[name="{question}"][value="{answer}"]')
    tab.click("#situation-form [type=submit]")


def fill_at_once(tab, answers: dict[str, set]) -> None:
    """fill() in one call (forty paths a language): each answer checked as a click checks it; the plan is
    still asked for with a real click."""
    tab.evaluate("document.getElementById('situation-form').reset()")
    set_fields(tab, {f'#situation-form input[name="{question}"][value="{answer}"]': None
                     for question, given in answers.items() for answer in sorted(given)})
    tab.click("#situation-form [type=submit]")


def shown_plan(tab) -> list[str]:
    tab.wait_for_function("() => document.querySelector('#plan ol') !== null")
    return tab.eval_on_selector_all("#plan ol > li", "items => items.map(i => i.dataset.step)")


def target_exists(site: Path, base: str, href: str) -> bool:
    url = urlsplit(urljoin(base, href))
    file = site / unquote(url.path).lstrip("/")
    file = file / "index.html" if url.path.endswith("/") else file
    return file.exists() and (not url.fragment or f'id="{url.fragment}"' in file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_random_paths_give_the_plan_in_order(page, site, site_url, lang):
    rng = random.Random(f"{SEED}-{lang}")
    requests = []
    page.goto(site_url + check_url(lang))
    page.on("request", lambda r: requests.append(r.url))
    assert page.get_attribute("#plan", "aria-live") == "polite"
    assert page.locator("#situation-form fieldset").count() == len(MODEL.questions)
    compared = 0
    for n in range(PATHS_PER_LANGUAGE):
        answers = random_answers(rng)
        want = [s.id for s in situation.plan(MODEL, answers)]
        fill_at_once(page, answers)
        got = shown_plan(page)
        assert got == want, f"seed {SEED}, path {n}: {answers}"
        steps = {s.id: s for s in MODEL.steps}
        for before, after in zip(got, got[1:]):  # each neighbour in order, by the rule itself
            assert not situation_paths.out_of_order(MODEL, steps[before], steps[after]), (SEED, answers)
            compared += 1
        if any(steps[s].group == MODEL.groups[0] for s in got):
            assert steps[got[0]].group == MODEL.groups[0]
    assert compared, f"seed {SEED}: no plan had two steps to compare"
    items = page.locator("#plan ol > li")
    assert items.count() > 0
    for i in range(items.count()):
        link = items.nth(i).locator("a.situation-step__title").get_attribute("href")
        assert target_exists(site, page.url, link), link
        assert items.nth(i).locator('a[href^="tel:"]').count() >= 1
    assert all(r.startswith(site_url) for r in requests), requests  # may be empty: only what leaves the site matters


def test_the_largest_plan_prints_on_one_sheet_and_saves_as_text(browser, site_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    lang = LANGUAGES[-1]
    tab.goto(site_url + check_url(lang))
    answers = largest_answers()
    fill(tab, answers)
    got = shown_plan(tab)
    assert len(got) == len(situation.plan(MODEL, answers)) > 1
    tab.emulate_media(media="print")
    assert not tab.locator("#situation-form").is_visible() and tab.locator("#plan").is_visible()
    pdf = tab.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages == 1, f"the plan takes {pages} sheets"
    tab.emulate_media(media="screen")
    with tab.expect_download() as info:
        tab.click("#plan-actions [data-action=save]")
    saved = tmp_path / "plan.txt"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    for n, ident in enumerate(got, 1):
        item = tab.locator(f'#plan li[data-step="{ident}"]')
        title = item.locator(".situation-step__title").inner_text().strip()
        assert f"{n}. {title}" in text
        assert item.get_attribute("data-url") in text
        assert re.search(r"\d{3,}", item.locator(".situation-step__call").inner_text())
    assert tab.locator("#plan-actions [role=status]").inner_text().strip()
    assert tab.evaluate("localStorage.length + sessionStorage.length") == 0 and context.cookies() == []
    context.close()


def test_without_javascript_every_situation_is_listed_with_its_link(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    for lang in LANGUAGES:
        tab.goto(site_url + check_url(lang))
        assert not tab.locator("#situation-form").is_visible()
        listed = tab.eval_on_selector_all(".situation-steps [data-step]", "items => items.map(i => i.dataset.step)")
        assert sorted(listed) == sorted(s.id for s in MODEL.steps)
        assert tab.locator(".situation-steps a.situation-step__title").count() == len(MODEL.steps)
        assert tab.locator('.situation-steps a[href^="tel:"]').count() >= len(MODEL.steps)
    context.close()


def situation_link(html: str) -> str | None:
    """The href of the first link to the guided check in `html`."""
    tag = re.search(r'<a [^>]*class="situation-link"[^>]*>', html)
    return re.search(r'href="([^"]+)"', tag[0])[1] if tag else None


def test_the_check_is_linked_from_every_help_box(site):
    """From the home page's help box (its first screen) and from the short box on content pages."""
    for lang in LANGUAGES:
        home = (site / prefix(lang) / "index.html").read_text(encoding="utf-8")
        box = home[home.index('id="help"'):]
        link = situation_link(box[:box.index("help-box__more")])
        assert link and link.rstrip("/").endswith(MODEL.page.removesuffix(".md")), lang
        short = [path for path in (site / prefix(lang)).rglob("index.html")
                 if "help-box--short" in path.read_text(encoding="utf-8")]
        assert short, lang
        for path in short:
            html = path.read_text(encoding="utf-8")
            box = html[html.index("help-box--short"):]
            found = situation_link(box)
            assert found and target_exists(site, "http://x/" + path.relative_to(site).parent.as_posix() + "/", found), path


def test_works_offline_from_the_pack_on_a_phone(browser, site, tmp_path):
    """The offline pack (file://, no server) on a 360px phone: the plan comes, and nothing is requested."""
    data = sitedata.load(ROOT / "docs")
    with zipfile.ZipFile(site / download_plan.offline_zip(data.campaign)) as pack:
        pack.extractall(tmp_path)
    page_file = tmp_path / data.campaign["id"] / paths.page_url(MODEL.page, directory_urls=False)
    assert page_file.exists()
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(page_file.as_uri())
    answers = random_answers(random.Random(SEED))
    fill(tab, answers)
    assert shown_plan(tab) == [s.id for s in situation.plan(MODEL, answers)], SEED
    assert all(r.startswith("file://") for r in requests), requests  # may be empty: only what leaves file:// matters
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    context.close()
