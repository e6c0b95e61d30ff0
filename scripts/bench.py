"""`make bench`: time the build and `make check` on a synthetic 200-pages-per-language site.

Also times a bare linkchecker crawl with [AnchorCheck] over HTTP on the same site
(unthrottled, as `make check` serves it), to show what the check costs against
crawling alone. Prints medians beside their budgets.
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sitebuild
import sitecheck
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
                                         + "".join(f"- [{n}](pages/page-{n:03d}.md)\n" for n in range(pages)),
                                         encoding="utf-8")
        for n in range(pages):
            body = [f"---\ntitle: {lang} page {n}\ndescription: synthetic page {n}\n---\n"]
            for i, word in enumerate(words, 1):
                other = (n * 7 + i * 13) % pages
                body.append(f"## {word} {n}.{i} {{#section-{i}}}\n\n"
                            f"Text {n} {i}. See [page {other}](page-{other:03d}.md#section-{i}) "
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


def main() -> int:
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
            if sitecheck.run(project, out=out, timings=timings):
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
        return 0 if ratio <= CHECK_BUDGET_RATIO else 1

