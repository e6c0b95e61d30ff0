"""What the tests share: the project under test, copies of it, and readers of built HTML.

Part of the package so that tests import it like any other module (pytest's
conftest.py only holds fixtures).
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from sitegen import paths, sitedata

ROOT = paths.project_root()  # the project pytest runs in
TOOLS = ("node_modules", ".markdownlint-cli2.yaml")  # what a project's build and checks run, beside its sources


def languages(root: Path = ROOT) -> list[str]:
    return sitedata.campaign_languages(root / "docs")


LANGUAGES = languages()  # the campaign under test's languages, default first


def link_tools(dest: Path, root: Path = ROOT) -> None:
    """A copy of a project runs the installed Node tools and the lint config of the real one."""
    for name in TOOLS:
        if not (dest / name).exists() and (root / name).exists():
            (dest / name).symlink_to(root / name)


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """A copy of a project's sources, for tests that break them on purpose."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = root / name
        if not src.exists():
            continue
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    link_tools(dest, root)
    return dest


# Each field as fill() and check() set it (the value, or the choice checked, then its input and change
# events), all in one call: for tests that enter many cases; a test of the reader's own input clicks and types.
SET_FIELDS = """fields => {
  for (const [selector, value] of Object.entries(fields)) {
    const field = document.querySelector(selector);
    if (!field) throw new Error("no field " + selector);
    if (value === null) field.checked = true; else field.value = value;
    field.dispatchEvent(new Event("input", {bubbles: true}));
    field.dispatchEvent(new Event("change", {bubbles: true}));
  }
}"""


def set_fields(page, fields: dict[str, str | None]) -> None:
    """`fields`: selector -> the text to enter, or None for a choice to check; set in this order."""
    page.evaluate(SET_FIELDS, fields)


ICONS = "() => [...document.querySelectorAll('link[rel~=icon]')].map(link => link.href)"


def wait_for_icon(page, requested: list[str]) -> None:
    """Until Chromium has fetched the page's icon (`requested`: the URLs the page has asked for so far, kept by
    the caller's listener). Chromium asks for it when it chooses, under load after the page's network has gone
    quiet: a test that then watches for what the page sends would see it."""
    icons = set(page.evaluate(ICONS))
    assert icons, "the page declares no icon: is this the site's page?"
    if not icons & set(requested):  # events seen during evaluate() are in `requested` already
        page.wait_for_event("request", predicate=lambda request: request.url in icons, timeout=15000)


AXE = ROOT / "node_modules/axe-core/axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only violations are read: with resultTypes, axe reports every violation in full and skips
# collecting the nodes of the rules that pass (a third of its time on these pages).
AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


def add_axe(context) -> None:
    """axe-core in every page the context opens, before the page's own scripts: for a crawl, one copy sent to
    the browser instead of one per page (its 650 KB were a sixth of a page's time)."""
    context.add_init_script(_axe_source())


def axe_violations(page) -> list:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now: [(rule, first three targets)].

    axe is evaluated through the browser's debugging protocol (unless add_axe put it in the page already,
    the same way), as the page's console would, and the page's CSP does not bind that: the page is
    tested with its own policy in force."""
    if page.evaluate("typeof axe === 'undefined'"):
        page.evaluate(_axe_source() + "\n;true")
    result = page.evaluate(AXE_RUN, WCAG)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@lru_cache(maxsize=1)
def _axe_source() -> str:
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: `make test` runs `npm install` first")
    return AXE.read_text(encoding="utf-8")


class PageParser(HTMLParser):
    """Collects heading ids inside the article, links, hreflang alternates and <html lang>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.heading_ids: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.links: list[str] = []
        self.assets: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "article":
            self._in_article += 1
        if self._in_article and tag in {"h2", "h3", "h4", "h5", "h6"} and a.get("id"):
            self.heading_ids.append(a["id"])
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for attr in ("src", "srcset", "data", "poster"):
            if a.get(attr):
                self.assets.append(a[attr])
        if tag == "link" and a.get("href") and a.get("rel") not in {"alternate", "canonical"}:
            self.assets.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path, lang: str, default: str = "zh"):
    """Built pages of one language, as paths relative to that language's root."""
    root = site if lang == default else site / lang
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(root).as_posix()
        if lang == default and rel.split("/")[0] in {"en", "assets", "search"}:
            continue
        yield rel, path


TERM = re.compile(r'<span class="term" tabindex="0">(.*?)<span class="term__def"[^>]*>.*?</span></span>', re.S)


def without_term_explanations(html: str) -> str:
    """A built page as it reads without the glossary's explanations (render/terms.py): each term as written."""
    return TERM.sub(r"\1", html)


def without_printed_explanations(text: str, data, lang: str) -> str:
    """Text extracted from a printout (a PDF), without the glossary's explanations, which print
    inline after each term's first use: what is left reads as the source was written."""
    from sitegen import glossary  # noqa: PLC0415 - only the PDF tests need it
    before, _, after = data.t(lang, "paren", x="\0").partition("\0")
    for term in glossary.load(data).get(lang, []):
        text = text.replace("".join(f"{before}{term.short}{after}".split()), "")
    return text
