"""`make bench`: page weight of the real site, then timings on a synthetic site.

1. Page weight: the bytes of a cold load of each page type, raw and gzip
   (scripts/page_weight.py), against the lesson budget.
2. Timings: the build and `make check` on a synthetic 200-pages-per-language
   site, and a bare linkchecker crawl with [AnchorCheck] over HTTP on the same
   site (unthrottled, as `make check` serves it), to show what the check costs
   against crawling alone. Prints medians beside their budgets.
`--only weight` or `--only timing` runs one part.
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import page_weight
import sitebuild
import sitecheck
import sitedata
from checks import crawl
from siteserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent
PAGES = 200
RUNS = 3
CHECK_BUDGET_RATIO = 0.5  # make check at most half the bare crawl's time

HEADINGS = {"zh": ["背景", "规则", "步骤", "例子", "小结"], "en": ["Background", "Rules", "Steps", "Example", "Summary"]}


def synthetic_project(dest: Path, pages: int = PAGES) -> Path:
    """A copy of the real configuration with `pages` cross-linked pages per language."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "docs" / "_data").mkdir(parents=True)
    shutil.copy2(ROOT / "docs/_data/campaign.yml", dest / "docs/_data/campaign.yml")
    (dest / "docs/_data/topics.yml").write_text("topics: []\n", encoding="utf-8")
    for lang, words in HEADINGS.items():
        folder = dest / "docs" / lang
        (folder / "pages").mkdir(parents=True)
        (folder / "index.md").write_text(f"---\ntitle: {lang} home\n---\n\n## Start {{#where-to-start}}\n\n"
                                         + "".join(f"- [p-{n:03d}](pages/page-{n:03d}.md)\n" for n in range(pages)),
                                         encoding="utf-8")
        for n in range(pages):
            # Numbers are written as p-123: bare ones would look like phone numbers to the lint.
            body = [f"---\ntitle: {lang} page p-{n:03d}\ndescription: synthetic page p-{n:03d}\n---\n"]
            for i, word in enumerate(words, 1):
                other = (n * 7 + i * 13) % pages
                body.append(f"## {word} p-{n:03d}-{i} {{#section-{i}}}\n\n"
                            f"Text p-{n:03d}-{i}. See [page p-{other:03d}](page-{other:03d}.md#section-{i}) "
                            f"and [above](#section-{max(1, i - 1)}).\n")
            (folder / "pages" / f"page-{n:03d}.md").write_text("\n".join(body), encoding="utf-8")
    return dest


def median_time(fn, runs: int = RUNS):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        fn()
        times.append(time.monotonic() - start)
    return statistics.median(times), times


def bare_crawl(site: Path) -> None:
    """linkchecker alone with [AnchorCheck], over HTTP, unthrottled: the same coverage by crawling only."""
    with SiteServer(site, ["en"]) as url:
        crawl.run(url, anchors=True)


def weight() -> bool:
    """Cold-load bytes of each page type of the real site; True when lessons are within budget."""
    data = sitedata.load(ROOT / "docs")
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        site = Path(tmp) / "site"
        result = sitebuild.build_into(ROOT / "mkdocs.yml", site)
        if result.returncode:
            sys.exit(f"bench: the site does not build:\n{result.stderr[-2000:]}")
        loads = page_weight.measure(site, page_weight.page_types(data), data.languages)
    lines, ok = page_weight.report(loads)
    print("Page weight of a cold load, KB gzip / raw (gzip -6, as scripts/nginx.conf serves it)\n")
    print("\n".join(lines))
    print("\n'first search' is the page's own language index, fetched when the reader first uses search.")
    print(f"lesson cold load ≤ {page_weight.LESSON_BUDGET_GZIP // 1024} KB gzip: "
          + ("within budget" if ok else "OVER BUDGET") + "\n")
    return ok


def main(only: str | None = None) -> int:
    ok = True
    if only in (None, "weight"):
        ok &= weight()
    if only in (None, "timing"):
        ok &= timing()
    return 0 if ok else 1


def timing() -> bool:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        project = synthetic_project(Path(tmp) / "project")
        site = sitebuild.temp_site(Path(tmp) / "site")

        def build():
            result = sitebuild.build_into(project / "mkdocs.yml", site)
            if result.returncode:
                sys.exit(f"bench: synthetic build failed:\n{result.stderr[-2000:]}")

        phases: list[dict] = []

        def check():
            timings: dict = {}
            out = io.StringIO()
            if sitecheck.run(project, out=out, timings=timings, downloads=False):
                sys.exit(f"bench: make check found problems in the synthetic site:\n{out.getvalue()[-2000:]}")
            phases.append(timings)

        build_median, _ = median_time(build)
        check_median, _ = median_time(check)
        bare_median, _ = median_time(lambda: bare_crawl(site))
        ratio = check_median / bare_median
        rows = [
            ("full build (both languages)", build_median, "—"),
            ("make check (build + links + anchors + crawl)", check_median, f"≤ {CHECK_BUDGET_RATIO:.0%} of bare crawl"),
            ("bare linkchecker, [AnchorCheck], over HTTP", bare_median, "reference"),
        ]
        print(f"Synthetic site: {PAGES} pages × 2 languages; median of {RUNS} runs each\n")
        print(f"| {'measurement':<46} | {'median (s)':>10} | budget")
        print(f"|{'-' * 48}|{'-' * 12}|{'-' * 26}")
        for name, seconds, budget in rows:
            print(f"| {name:<46} | {seconds:>10.1f} | {budget}")
        verdict = "within budget" if ratio <= CHECK_BUDGET_RATIO else "OVER BUDGET"
        print(f"\ncheck / bare crawl = {ratio:.2f} (budget {CHECK_BUDGET_RATIO:.2f}): {verdict}")
        share = {k: statistics.median(p.get(k, 0) for p in phases) for k in phases[0]}
        print("make check, median seconds per phase: "
              + ", ".join(f"{k} {v:.1f}" for k, v in sorted(share.items(), key=lambda kv: -kv[1])))
        return ratio <= CHECK_BUDGET_RATIO

