"""Page weight of a cold load, as the browser requests it (part of `make bench`).

Each page type is opened in a fresh browser context (empty cache) against the
built site on 127.0.0.1. Every response is recorded and sorted into HTML, CSS,
JS, the search worker, the search index and other; sizes are given raw and as
gzip at level 6, which is what scripts/nginx.conf serves. The theme's script is fetched
at the reader's first touch, key or scroll (sitegen.postbuild.finish), and the search index
when a reader first uses search (sitegen.postbuild.theme_patches), so the page then focuses
the search box and records what that adds, separately.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sitegen import paths, situation
from sitegen.chromium import PATH as CHROMIUM, PLAYWRIGHT_ARGS
from sitegen.static_server import SiteServer

KINDS = ("html", "css", "js", "worker", "index", "other")
LESSON_BUDGET_GZIP = 50 * 1024  # every lesson's whole cold load, compressed (#23: ahead of Starlight's 51–56 KB)


@dataclass
class Load:
    page: str
    url: str
    raw: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gzip: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    urls: list = field(default_factory=list)
    search_urls: list = field(default_factory=list)  # what the first search adds
    search_raw: int = 0
    search_gzip: int = 0

    @property
    def total_gzip(self) -> int:
        return sum(self.gzip.values())

    @property
    def total_raw(self) -> int:
        return sum(self.raw.values())


def kind_of(path: str, resource_type: str) -> str:
    if path.endswith("search_index.json"):
        return "index"
    if "/workers/search" in path:
        return "worker"
    if resource_type == "document":
        return "html"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".js"):
        return "js"
    return "other"


def page_types(data) -> list[tuple[str, str]]:
    """(name, path) for home, every lesson, a topic, a question, the guided check and the 404 page in every language."""
    first_topic = f"topics/{data.topics[0]['id']}/" if data.topics else ""
    guided = situation.load(data.docs_dir, data.languages)
    out = []
    for lang in data.languages:
        prefix = data.prefix(lang)
        out.append((f"{lang} home", prefix))
        out += [(f"{lang} lesson {lesson.order}", f"{prefix}lessons/{lesson.slug}/") for lesson in data.lessons]
        out.append((f"{lang} topic", prefix + first_topic))
        if data.questions:
            out.append((f"{lang} question", f"{prefix}questions/{data.questions[0]['id']}/"))
        if guided:
            out.append((f"{lang} guided check", prefix + paths.page_url(guided.page)))
        out.append((f"{lang} 404", prefix + "no-such-page/"))
    return out


def measure(site, pages: list[tuple[str, str]], languages: list[str]) -> list[Load]:
    from playwright.sync_api import sync_playwright

    loads = []
    with SiteServer(site, languages[1:]) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=PLAYWRIGHT_ARGS)
        try:
            for name, path in pages:
                loads.append(_cold_load(browser, name, base + path))
        finally:
            browser.close()
    return loads


def _cold_load(browser, name: str, url: str) -> Load:
    load = Load(name, url)
    context = browser.new_context()  # a new context has an empty cache
    page = context.new_page()
    seen = []
    context.on("response", lambda response: seen.append(response))  # the page's and its search worker's
    page.goto(url, wait_until="networkidle")
    for response in seen:
        path, raw, packed = _sizes(response)
        kind = kind_of(path, response.request.resource_type)
        load.raw[kind] += raw
        load.gzip[kind] += packed
        load.urls.append(path)
    loaded = len(seen)
    page.focus("input.md-search__input")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the worker's fetch starts after the focus event
    for response in seen[loaded:]:
        path, raw, packed = _sizes(response)
        load.search_raw += raw
        load.search_gzip += packed
        load.search_urls.append(path)
    context.close()
    return load


def _sizes(response) -> tuple[str, int, int]:
    body = response.body() if response.status != 304 else b""
    return urlsplit(response.url).path, len(body), len(gzip.compress(body, compresslevel=6, mtime=0))


def report(loads: list[Load]) -> tuple[list[str], bool]:
    """Table lines (KB, gzip / raw) and whether every lesson is within budget."""
    kb = lambda n: f"{n / 1024:.1f}"  # noqa: E731
    lines = [f"| {'page':<12} | " + " | ".join(f"{k:>13}" for k in KINDS) + f" | {'total':>13} | {'budget':<20}"
             + f" | {'first search':>13}",
             "|" + "|".join("-" * w for w in [14] + [15] * (len(KINDS) + 1) + [22, 15])]
    ok = True
    for load in loads:
        cells = [f"{kb(load.gzip[k]):>5} / {kb(load.raw[k]):>5}" for k in KINDS]
        budget = ""
        if " lesson " in load.page:
            within = load.total_gzip <= LESSON_BUDGET_GZIP
            ok &= within
            budget = f"≤ {kb(LESSON_BUDGET_GZIP)} gz: {'ok' if within else 'OVER'}"
        total = f"{kb(load.total_gzip):>5} / {kb(load.total_raw):>5}"
        search = f"{kb(load.search_gzip):>5} / {kb(load.search_raw):>5}"
        lines.append(f"| {load.page:<12} | " + " | ".join(cells) + f" | {total} | {budget:<20} | {search}")
    return lines, ok
