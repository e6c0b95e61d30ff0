"""A third language, added by following CONTRIBUTING's "Add a language" steps word for word: one whose words lunr
stems (French, or the first of German, Spanish, Italian the campaign does not have yet), and beside it a language lunr
has no stemmer for and Material no translation of (Uyghur, ug, or the next such language the campaign lacks). Each
is a whole site of its own language: <html lang>, its 404 page, hreflang alternates to and from every other language,
the sitemap, the translation status, the URL manifest, the downloads and a search index read with that language's
own pipeline. The translations are copies of one of the campaign's (`SOURCE`), with the few strings the assertions
read translated."""

from __future__ import annotations

import collections
import copy
import io
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest
import yaml

from sitegen import build as sitebuild
from sitegen import download_plan, i18n_status, paths, sitedata, urlmanifest
from sitegen.postbuild import languages as site_languages
from sitegen.testing import LANGUAGES, copy_project, parse

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

# What a translator would write for each candidate language (the rest stays a copy of SOURCE's). `stems`: words
# of a probe section, each with a form of it that the language's own stemmer brings to the same stem and no
# stemmer misses (the typed form is no prefix of the written one); lunr's English stemmer misses them too, but
# for "créances", sent whole with its accent for the French stemmer (site.js).
STEMMED = {  # lunr-languages stems them (the theme ships lunr.<lang>.min.js), Material translates them
    "fr": {"name": "Français", "html_lang": "fr", "notfound_title": "Page introuvable",
           "stems": [("national", "nationaux"), ("créance", "créances")]},
    "de": {"name": "Deutsch", "html_lang": "de", "notfound_title": "Seite nicht gefunden",
           "stems": [("haus", "häuser"), ("schuld", "schulden")]},
    "es": {"name": "Español", "html_lang": "es", "notfound_title": "Página no encontrada",
           "stems": [("nacional", "nacionales"), ("tribunal", "tribunales")]},
    "it": {"name": "Italiano", "html_lang": "it", "notfound_title": "Pagina non trovata",
           "stems": [("nazionale", "nazionali"), ("debito", "debiti")]},
}
UNSTEMMED_CANDIDATES = {  # no lunr.<lang>.min.js (the fallback: no stemmer, no stop words) and no Material translation
    "ug": {"name": "ئۇيغۇرچە", "html_lang": "ug", "notfound_title": "بەت تېپىلمىدى", "direction": "rtl"},
    "sw": {"name": "Kiswahili", "html_lang": "sw", "notfound_title": "Ukurasa haupatikani", "direction": "ltr"},
    "am": {"name": "አማርኛ", "html_lang": "am", "notfound_title": "ገጹ አልተገኘም", "direction": "ltr"},
}


def first_new(candidates: dict) -> str:
    """The first candidate the campaign under test does not have yet."""
    free = [lang for lang in candidates if lang not in LANGUAGES]
    assert free, f"the campaign already has every candidate language: {sorted(candidates)}"
    return free[0]


THIRD = first_new(STEMMED)
UNSTEMMED = first_new(UNSTEMMED_CANDIDATES)
# The language whose pages, values and strings the steps copy: the campaign's first translation (a copy of one is
# a current translation; the default language's pages declare facts a translation does not repeat).
SOURCE = LANGUAGES[1] if len(LANGUAGES) > 1 else None
NEW = {THIRD: STEMMED[THIRD], UNSTEMMED: UNSTEMMED_CANDIDATES[UNSTEMMED]}
THEME = Path(material.__file__).parent / "templates"  # the installed Material theme


def yaml_text(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def per_language_values(node, languages: list[str], lang: str):
    """Step 2: every entry with a value per language gets one for `lang` (here, SOURCE's value)."""
    if isinstance(node, dict):
        if all(code in node for code in languages):
            node[lang] = copy.deepcopy(node[SOURCE])
        for key, value in list(node.items()):
            if key != lang:
                per_language_values(value, languages, lang)
    elif isinstance(node, list):
        for item in node:
            per_language_values(item, languages, lang)


def add_language(project: Path, lang: str) -> None:
    """CONTRIBUTING, "Add a language", step by step."""
    if SOURCE is None:
        pytest.skip("the campaign has no translation to copy (its default language's pages declare facts)")
    docs = project / "docs"
    languages = sitedata.campaign_languages(docs)
    assert SOURCE in languages and lang not in languages
    # 1. campaign.yml `languages:`: locale, name, site name and description.
    campaign = sitedata.campaign_file(docs)
    data = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    entry = next(e for e in data["languages"] if e["locale"] == SOURCE)
    data["languages"].append({**entry, "locale": lang, "name": NEW[lang]["name"]})
    campaign.write_text(yaml_text(data), encoding="utf-8")
    # 2. A value for the language wherever the data files have one per language.
    data_files = sorted((docs / "_data").glob("*.yml"))
    assert data_files
    for path in data_files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        per_language_values(data, languages, lang)
        path.write_text(yaml_text(data), encoding="utf-8")
    # 3. docs/<lang>/ with every page, and its search rules.
    shutil.copytree(docs / SOURCE, docs / lang)
    rules = docs / "_data" / "search" / f"{SOURCE}.yml"
    if rules.exists():
        shutil.copy2(rules, rules.with_name(f"{lang}.yml"))
    # 4. Its interface strings in overrides/locales/strings.yml: every string (SOURCE's, the generator's and the
    #    campaign's), translated; html_lang is the tag of its pages' <html lang>.
    translated = {key: NEW[lang][key] for key in ("html_lang", "notfound_title")}
    strings = {**sitedata.load_strings(project)[SOURCE], **translated}
    own = paths.strings_file(project)
    own.parent.mkdir(parents=True, exist_ok=True)
    before = own.read_text(encoding="utf-8").rstrip() + "\n" if own.exists() else ""
    own.write_text(before + yaml_text({lang: strings}), encoding="utf-8")
    # 5. The theme's own words (search box, "Skip to content"…): when Material has no translation of them for the
    #    language, copy its en.html into overrides/partials/languages/, set `language` and `direction`, translate.
    if not (THEME / "partials/languages" / f"{lang}.html").exists():
        text = (THEME / "partials/languages/en.html").read_text(encoding="utf-8")
        text = text.replace('"language": "en"', f'"language": "{lang}"')
        text = text.replace('"direction": "ltr"', f'"direction": "{NEW[lang]["direction"]}"')
        (project / "overrides/partials/languages").mkdir(parents=True, exist_ok=True)
        (project / "overrides/partials/languages" / f"{lang}.html").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project with both new languages, built once; then `make urls` (step 6) from that build."""
    project = copy_project(tmp_path_factory.mktemp("third-language") / "project")
    for lang in NEW:
        add_language(project, lang)
    result = sitebuild.build_into(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    languages = sitedata.campaign_languages(project / "docs")
    # 6. `make urls` (what it writes, from this build); `make i18n-status` is test_translation_status_….
    urlmanifest.write(project / "site", project, languages)
    return project, project / "site", languages, result.stderr


def folder(site: Path, languages: list[str], lang: str) -> Path:
    return site if lang == languages[0] else site / lang


def language_pages(site: Path, languages: list[str], lang: str) -> list[Path]:
    """Every built page of one language (the default language's folder holds the others' folders)."""
    root = folder(site, languages, lang)
    others = {*languages[1:], "assets", "search"}
    return [p for p in sorted(root.rglob("index.html"))
            if lang != languages[0] or p.relative_to(root).parts[0] not in others]


@pytest.mark.build
def test_every_page_is_in_its_language(built):
    project, site, languages, _ = built
    data = sitedata.load(project / "docs")
    assert len(languages) == len(LANGUAGES) + len(NEW) >= 3  # the campaign's, then the new ones
    for lang in languages:
        pages = language_pages(site, languages, lang)
        sources = list((project / "docs" / lang).rglob("*.md"))
        assert pages and len(pages) >= len(sources), lang  # a page built for each source, at least
        for path in pages:
            assert parse(path).lang == data.t(lang, "html_lang"), path.relative_to(site)
    assert NEW and set(NEW) < set(languages)
    for lang in NEW:
        assert data.t(lang, "html_lang") == NEW[lang]["html_lang"]


@pytest.mark.build
def test_404_page_is_in_its_language(built):
    project, site, languages, _ = built
    assert NEW and set(NEW) < set(languages)
    for lang in NEW:
        path = folder(site, languages, lang) / "404.html"
        assert path.exists(), path
        assert parse(path).lang == NEW[lang]["html_lang"]
        assert f"<title>{NEW[lang]['notfound_title']} - " in path.read_text(encoding="utf-8")
    assert NEW[THIRD]["notfound_title"] not in (folder(site, languages, SOURCE) / "404.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_every_page_links_every_language(built):
    project, site, languages, _ = built
    data = sitedata.load(project / "docs")
    assert len(languages) == len(LANGUAGES) + len(NEW) >= 3  # the campaign's, then the new ones
    for lang in languages:
        pages = language_pages(site, languages, lang)
        assert pages, lang
        for path in pages:
            alternates = parse(path).alternates
            assert set(alternates) == {*languages, "x-default"}, f"{path.relative_to(site)}: {alternates}"
            rel = path.parent.relative_to(folder(site, languages, lang)).as_posix()
            for other in languages:  # each to the same page in the other language
                want = data.home_path(data.campaign["site_url"], other) + ("" if rel == "." else f"{rel}/")
                assert urlsplit(alternates[other]).path == want, (path.relative_to(site), other)


@pytest.mark.build
def test_sitemap_and_url_manifest_list_the_new_languages(built):
    project, site, languages, _ = built
    site_url = sitedata.load(project / "docs").campaign["site_url"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    manifest = (project / urlmanifest.MANIFEST).read_text(encoding="utf-8").splitlines()
    assert NEW and set(NEW) < set(languages)
    for lang in NEW:
        pages = language_pages(site, languages, lang)
        assert pages
        for path in pages:
            url = path.parent.relative_to(site).as_posix() + "/"
            assert f"<loc>{site_url}{url}</loc>" in sitemap, url
            assert f"/{url}" in manifest, url


@pytest.mark.build
def test_translation_status_lists_the_new_languages(built):
    project, _, _, _ = built
    out = io.StringIO()
    assert i18n_status.main(project, None, out=out) == 0, out.getvalue()  # `make i18n-status`
    rows = [line.split() for line in out.getvalue().splitlines()[1:-1]]
    sources = sorted((project / "docs" / sitedata.campaign_languages(project / "docs")[0]).rglob("*.md"))
    assert sources and NEW
    # A copy has the state of the translation it was copied from: current, or a stub still to translate.
    copied_from = {row[0]: row[2] for row in rows if row[1:2] == [SOURCE]}
    assert len(copied_from) == len(sources), SOURCE
    for lang in NEW:
        mine = [row for row in rows if row[1:2] == [lang]]
        assert len(mine) == len(sources), lang
        for row in mine:
            assert row[2] == copied_from[row[0]] and row[2] in ("ok", "untranslated"), row


@pytest.mark.build
def test_downloads_are_planned_per_language(built):
    project, site, languages, _ = built
    data = sitedata.load(project / "docs")
    assert NEW and set(NEW) < set(languages)
    for lang in NEW:
        page = folder(site, languages, lang) / "downloads" / "index.html"
        hrefs = {posixpath.normpath(posixpath.join(f"/{data.prefix(lang)}downloads/", h))
                 for h in parse(page).links if h.endswith(".pdf")}
        lessons = [lesson.slug for lesson in data.lessons]
        planned = [download_plan.lesson_pdf(slug) for slug in lessons]
        planned += [download_plan.tool_pdf(p) for p in download_plan.tool_pages(data.docs_dir, lang)]
        assert lessons and planned, "no lesson to download"
        for file in planned:
            assert f"/{data.prefix(lang)}{file}" in hrefs, (lang, file, sorted(hrefs))


# -- search ---------------------------------------------------------------------------------------------------

HARNESS = r"""
// The site's search as a reader's browser runs it, without a browser: site.js's stand-in for the theme's worker
// (it rewrites the queries and passes the index's settings on) in front of the theme's own search worker, each in
// a sandbox; every script is read from the built site. argv: site, index file, probe document, queries (JSON).
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, indexFile, probe, queries] = [process.argv[2], process.argv[3], ...process.argv.slice(4).map(JSON.parse)];
const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
index.docs.push(probe);
const scripts = path.join(site, "assets/javascripts");
const pick = (dir, pattern) => path.join(dir, fs.readdirSync(dir).find(name => pattern.test(name)));
const workerFile = pick(path.join(scripts, "workers"), /^search\..*\.js$/);

function ThemeWorker() {
  const inside = { console, listeners: [] };
  inside.self = inside;
  inside.addEventListener = (type, fn) => inside.listeners.push(fn);
  inside.postMessage = message => this.listeners.forEach(fn => fn({ data: message }));
  inside.importScripts = (...urls) => urls.forEach(url =>
    vm.runInContext(fs.readFileSync(path.resolve(path.dirname(workerFile), url), "utf8"), inside));
  vm.createContext(inside);
  vm.runInContext(fs.readFileSync(workerFile, "utf8"), inside);
  this.listeners = [];
  this.addEventListener = (type, fn) => this.listeners.push(fn);
  this.postMessage = message => inside.listeners.forEach(fn => fn({ data: JSON.parse(JSON.stringify(message)) }));
}

const noop = () => {};
const page = { console, Worker: ThemeWorker, addEventListener: noop, sitegen: {} };
page.window = page;
page.location = { search: "" };
page.document = { addEventListener: noop, querySelector: () => null, documentElement: { classList: { replace: noop } },
                  getElementById: id => id === "__config" ? { textContent: JSON.stringify({ search: workerFile }) } : null };
vm.createContext(page);
vm.runInContext(fs.readFileSync(pick(scripts, /^site\.(.*\.)?js$/), "utf8"), page);

const worker = new page.Worker(workerFile), replies = [];
let wake = null;
worker.addEventListener("message", ev => { replies.push(ev.data); if (wake) wake(); });
const next = () => new Promise(done => replies.length ? done(replies.shift()) : wake = () => { wake = null; done(replies.shift()); });
(async () => {
  worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });  // SETUP, as the theme sends it
  await next();  // READY
  const found = {};
  for (const query of queries) {
    worker.postMessage({ type: 2, data: query });  // QUERY
    found[query] = (await next()).data.items.flat().map(item => item.location);
  }
  console.log(JSON.stringify(found));
})();
"""

PROBE = "probe/"
# Words of a probe section, and the queries that find it (True) or not (False) with each language's pipeline.
PROBE_TEXT = " ".join(word for word, _ in NEW[THIRD]["stems"]) + " running the борги"
EXPECTED = {
    # The language's stemmer: each inflected form is stemmed as the probe's word is (site.js sends a word whole,
    # accents and all, for the stemmer); no stemmer would miss them, and the English stemmer would find "running"
    # for "run". No lunr stop words and no trimmer: "the" and the Cyrillic word stay indexed.
    THIRD: {**{form: True for _, form in NEW[THIRD]["stems"]}, "run qqq": False, "the": True, "борги": True},
    # No stemmer at all, no stop words (lunr's English ones would drop "the") and no trimmer (lunr's English one
    # would cut the Cyrillic word to nothing).
    UNSTEMMED: {**{form: False for _, form in NEW[THIRD]["stems"]}, "run qqq": False, "the": True, "борги": True},
}


def common_word(index: Path) -> str:
    """The word of letters (any alphabet) in most sections of a built index, as lunr cuts its text (at the
    index's separator; Chinese where jieba cut it), not one of its search rules' stop words: a query that
    finds the language's own pages, whichever language they were copied from."""
    data = json.loads(index.read_text(encoding="utf-8"))
    separator, stop = re.compile(data["config"]["separator"]), set(data["config"].get("rules", {}).get("stopwords", []))
    counts = collections.Counter()
    assert data["docs"]
    for doc in data["docs"]:
        text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        counts.update({w for w in separator.split(text) if re.fullmatch(r"[^\W\d_]{2,12}", w) and w not in stop})
    assert counts, index
    return min(counts, key=lambda w: (-counts[w], w))


def search(site: Path, index: Path, queries: list[str], tmp_path: Path) -> dict[str, list[str]]:
    script = tmp_path / "search.js"
    script.write_text(HARNESS, encoding="utf-8")
    probe = {"location": PROBE, "title": "Probe", "text": PROBE_TEXT}
    result = subprocess.run(["node", str(script), str(site), str(index), json.dumps(probe), json.dumps(queries)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.build
def test_each_index_declares_its_own_lunr_pipeline(built):
    _, site, languages, log = built
    settings = {lang: json.loads((folder(site, languages, lang) / "search/search_index.json").read_text("utf-8"))
                ["config"] for lang in languages}
    assert settings[THIRD]["lang"] == [THIRD] and settings[THIRD]["pipeline"] == ["stemmer"]
    fallback = settings[UNSTEMMED]
    assert fallback["lang"] == [] and "en" not in fallback["lang"]
    assert "stemmer" not in fallback["pipeline"] and "stopWordFilter" not in fallback["pipeline"]
    assert "\\u200b" in settings[THIRD]["separator"]  # every index splits Chinese where jieba cut it
    said = [line for line in log.splitlines() if "lunr has no stemmer" in line]
    shipped = site_languages.lunr_languages(site / site_languages.LUNR)
    unstemmed = [lang for lang in languages if not site_languages.lunr_settings(lang, shipped)["lang"]]
    assert UNSTEMMED in unstemmed and len(said) == len(unstemmed), said  # one line for each, UNSTEMMED among them
    for n, lang in enumerate(unstemmed):
        assert f"'{lang}'" in said[n] and said[n].startswith("INFO"), said


@pytest.mark.build
@pytest.mark.parametrize("lang", [THIRD, UNSTEMMED])
def test_search_uses_the_language_pipeline(built, lang, tmp_path):
    _, site, languages, _ = built
    index = folder(site, languages, lang) / "search/search_index.json"
    word = common_word(index)
    found = search(site, index, [*EXPECTED[lang], word], tmp_path)
    assert found[word] and all(not loc.startswith(tuple(f"{l}/" for l in languages)) for loc in found[word]), word
    assert EXPECTED[lang]
    for query, expected in EXPECTED[lang].items():
        assert (PROBE in found[query]) == expected, (lang, query, found[query][:5])


@pytest.mark.build
def test_chinese_is_segmented_by_jieba(built):
    """A Chinese index keeps Material's zh settings: its text as Material's search plugin cut it with jieba."""
    _, site, languages, _ = built
    chinese = [lang for lang in languages if site_languages.lunr_code(lang) == "zh"]
    if not chinese:
        pytest.skip("this campaign has no Chinese")
    index = json.loads((folder(site, languages, chinese[0]) / "search/search_index.json").read_text("utf-8"))
    assert {k: index["config"][k] for k in ("lang", "pipeline")} == {"lang": ["en"], "pipeline": ["stemmer"]}
    assert "\\u200b" in index["config"]["separator"]
    cut = [(doc["text"], run) for doc in index["docs"] for run in re.finditer(r"[\u4e00-\u9fff]+", doc["text"])]
    assert len(cut) > 100
    for text, run in cut:  # each run of Chinese between zero-width spaces, its words too
        assert text[run.start() - 1:run.start()] in ("\u200b", "") and text[run.end():run.end() + 1] in ("\u200b", "")
    assert sum(len(run[0]) for _, run in cut) / len(cut) < 4  # words, not sentences


def test_the_theme_ships_the_lunr_files_search_relies_on():
    """sitegen.postbuild.languages reads the languages lunr can stem from these files; the worker loads them."""
    folder = THEME / site_languages.LUNR
    shipped = site_languages.lunr_languages(folder)
    assert {"en", THIRD, "de", "ru", "ja", *STEMMED} <= shipped and UNSTEMMED not in shipped
    assert not shipped & set(UNSTEMMED_CANDIDATES)
    # Material translates its interface into each stemmed candidate and into none of the others (step 5).
    translated = {p.stem for p in (THEME / "partials/languages").glob("*.html")}
    assert set(STEMMED) <= translated and not translated & set(UNSTEMMED_CANDIDATES)
    assert (folder / "lunr.stemmer.support.min.js").exists() and not shipped & site_languages.LUNR_HELPERS
    assert site_languages.lunr_settings("zh", shipped) == {"lang": ["en"], "pipeline": ["stemmer"]}
    assert site_languages.lunr_settings("pt-BR", shipped) == {"lang": ["pt"], "pipeline": ["stemmer"]}
    assert site_languages.lunr_settings(UNSTEMMED, shipped) == {"lang": [], "pipeline": []}
    worker = next((THEME / "assets/javascripts/workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    # What the settings mean to the worker: it loads lunr.<lang>.min.js for each language named, and removes
    # from the pipeline of each (lunr itself for "en") the functions the pipeline does not name.
    assert re.search(r"/min/lunr\.\$\{\w+\}\.min\.js", worker)
    assert re.search(r'\["trimmer","stopWordFilter","stemmer"\],\w+\.pipeline\)', worker)
    assert re.search(r'\.lang\.map\(\w+=>\w+==="en"\?lunr:lunr\[\w+\]\)', worker)


# -- mistakes, named where they are ---------------------------------------------------------------------------

def broken_copy(built, tmp_path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(built[0], project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    return project


@pytest.mark.build
def test_a_missing_page_is_named(built, tmp_path):
    project = broken_copy(built, tmp_path)
    page = sorted((project / "docs" / THIRD).rglob("*.md"))[0]
    rel = page.relative_to(project / "docs" / THIRD).as_posix()
    page.unlink()
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    default = sitedata.campaign_languages(project / "docs")[0]
    assert f"docs/{THIRD}/{rel}:1: missing translation of docs/{default}/{rel}" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


@pytest.mark.build
@pytest.mark.parametrize("lang", [THIRD, UNSTEMMED])
def test_a_missing_string_fails_the_build_at_its_block(built, tmp_path, lang):
    project = broken_copy(built, tmp_path)
    own = paths.strings_file(project)
    shipped = (sitedata.load_yaml(paths.STRINGS) or {}).get(lang, {})
    text = own.read_text(encoding="utf-8")
    block = text.splitlines().index(f"{lang}:") + 1
    table = yaml.safe_load(text)[lang]
    key = next((k for k in table if k not in shipped), None)  # a string the generator does not ship for it
    if key is None:
        pytest.skip(f"the generator ships every {lang} string this campaign has")
    lines = text.splitlines(keepends=True)
    gone = next(n for n in range(block, len(lines)) if lines[n].startswith(f"  {key}:"))
    own.write_text("".join(lines[:gone] + lines[gone + 1:]), encoding="utf-8")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    assert f"overrides/locales/strings.yml:{block}: {lang}: missing interface strings" in result.stderr, \
        result.stderr[-2000:]
    assert re.search(rf"strings\.yml:{block}: .*\b{key}\b", result.stderr)
    assert "Traceback" not in result.stderr


def locale_line(campaign: Path, lang: str) -> int:
    lines = campaign.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if re.fullmatch(rf"\s*- locale: {lang}", line))


@pytest.mark.build
def test_a_language_the_theme_does_not_translate_is_named_in_campaign_yml(built, tmp_path):
    """Step 5 skipped: without its overrides/partials/languages/<lang>.html, the build stops at the language's line
    in campaign.yml, before Jinja would (TemplateNotFound, a traceback)."""
    project = broken_copy(built, tmp_path)
    (project / "overrides/partials/languages" / f"{UNSTEMMED}.html").unlink()
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    line = locale_line(project / "docs/_data/campaign.yml", UNSTEMMED)
    assert (f"docs/_data/campaign.yml:{line}: language '{UNSTEMMED}': the theme has no translation of its interface; "
            f"add overrides/partials/languages/{UNSTEMMED}.html (see CONTRIBUTING.md, Add a language)"
            in result.stderr), result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "TemplateNotFound" not in result.stderr


def test_a_language_without_strings_is_named_in_campaign_yml(project):
    add_language(project, UNSTEMMED)
    own = paths.strings_file(project)
    text = own.read_text(encoding="utf-8")
    rest = text[:re.search(rf"^{UNSTEMMED}:\n", text, re.M).start()]  # the block, gone
    own.write_text(rest, encoding="utf-8") if rest.strip() else own.unlink()  # (step 4 made the file: gone too)
    assert UNSTEMMED not in (sitedata.load_yaml(paths.STRINGS) or {})
    campaign = project / "docs/_data/campaign.yml"
    line = locale_line(campaign, UNSTEMMED)
    with pytest.raises(sitedata.DataError) as err:
        sitedata.load(project / "docs")
    assert f"docs/_data/campaign.yml:{line}: language '{UNSTEMMED}' has no interface strings" in str(err.value)


def test_contributing_lists_the_steps_this_test_follows():
    """CONTRIBUTING's "Add a language" steps, in both its languages, are the numbered steps of `add_language`."""
    text = (TESTS.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    followed = re.findall(r"^ +# (\d)\. ", Path(__file__).read_text(encoding="utf-8"), re.M)
    assert followed == [str(n) for n in range(1, len(followed) + 1)] and len(followed) > 3
    for heading in ("### Add a language\n", "### 增加一种语言\n"):
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        assert re.findall(r"^(\d)\. ", section, re.M) == followed, heading
        assert "tests/test_third_language.py" in section
