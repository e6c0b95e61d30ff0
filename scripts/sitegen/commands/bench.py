"""`make bench`: measured figures beside their budgets, in one run.

1. Page weight: the bytes of a cold load of each page type of the real site, raw
   and gzip (sitegen.page_weight), against the lesson budget.
2. Build overhead: `make build` (its check gate included) and `mkdocs build --strict` of the real
   site against a bare Material + mkdocs-static-i18n configuration of the same docs/, in alternating rounds.
3. Growth: the build and `make check` on synthetic sites of 100, 200 and 400 pages
   per language; `make check`'s time per page must not grow with the site.
4. The check against crawling alone: `make check` on the 200-page site against a
   bare linkchecker crawl with [AnchorCheck] over HTTP.
`--only weight` or `--only timing` runs one part.
"""

from __future__ import annotations

import datetime
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from sitegen import page_weight
from sitegen import build as sitebuild
from sitegen.commands import check as sitecheck
from sitegen import review_dates, sitedata
from sitegen.checks import crawl
from sitegen.static_server import SiteServer
from sitegen.testing import link_tools

SIZES = (100, 200, 400)  # pages per language
SECTION = 20  # pages per section, as a campaign groups its pages (lessons/, topics/, questions/)
RUNS = 3
PAIRS = 11  # build pairs: on a shared machine one build's time varies by a third from run to run
CHECK_BUDGET_RATIO = 0.5  # make check at most half the bare crawl's time
BUILD_BUDGET_RATIO = 1.2  # `make build`, gate included, at most 1.2x a bare Material + static-i18n build of the same docs/
GROWTH_BUDGET = 1.5  # make check's time per page at 400 pages at most 1.5x its time per page at 100

# Section headings of the synthetic pages; a language not listed here uses the English ones.
HEADINGS = {"zh": ["背景", "规则", "步骤", "例子", "小结"], "en": ["Background", "Rules", "Steps", "Example", "Summary"]}


PAGE_LINKS = ("first_steps", "calculator")  # campaign.yml keys that name pages of the campaign


def page_path(n: int) -> str:
    return f"part-{n // SECTION:02d}/page-{n:03d}.md"


def synthetic_project(root: Path, dest: Path, pages: int) -> Path:
    """A copy of the real configuration with `pages` cross-linked pages per language, in sections."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    if (root / "overrides").exists():
        shutil.copytree(root / "overrides", dest / "overrides")
    link_tools(dest, root)
    (dest / "docs" / "_data").mkdir(parents=True)
    # The campaign's facts, without what links to its own pages (the synthetic site has none of them).
    facts = sitedata.load_yaml(sitedata.campaign_file(root / "docs"))
    for linking in PAGE_LINKS:
        facts.pop(linking, None)
    (dest / "docs/_data/campaign.yml").write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    languages = sitedata.campaign_languages(root / "docs")
    today = datetime.date.today()
    # Every page of the default language says when it was reviewed, as `make check` requires.
    reviewed = f"reviewed: {today}\nreview_due: {review_dates.due_for(today, {})}\n"
    for lang in languages:
        words = HEADINGS.get(lang, HEADINGS["en"])
        dated = reviewed if lang == languages[0] else ""
        folder = dest / "docs" / lang
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"---\ntitle: {lang} home\n{dated}---\n\n## Start {{#where-to-start}}\n\n"
                                         + "".join(f"- [p-{n:03d}]({page_path(n)})\n" for n in range(0, pages, SECTION)),
                                         encoding="utf-8")
        # Every page's review note links to how pages are reviewed.
        (folder / "about.md").write_text(f"---\ntitle: {lang} about\n{dated}---\n\n## Review {{#review}}\n\nText.\n",
                                         encoding="utf-8")
        for n in range(pages):
            # Numbers are written as p-123: bare ones would look like phone numbers to the lint.
            # A link to a section is labelled with its heading, as the lint requires.
            body = [f"---\ntitle: {lang} page p-{n:03d}\ndescription: synthetic page p-{n:03d}\n{dated}---\n"]
            for i, word in enumerate(words, 1):
                other = (n * 7 + i * 13) % pages
                body.append(f"## {word} p-{n:03d}-{i} {{#section-{i}}}\n\n"
                            f"Text p-{n:03d}-{i}. See [{word} p-{other:03d}-{i}](../{page_path(other)}#section-{i}) "
                            f"and [above](#section-{max(1, i - 1)}).\n")
            path = folder / page_path(n)
            path.parent.mkdir(exist_ok=True)
            path.write_text("\n".join(body), encoding="utf-8")
    return dest


def bare_config(root: Path, dest: Path) -> Path:
    """Material and mkdocs-static-i18n alone, on the real docs/ with the same Markdown extensions:
    what any bilingual Material site pays, against which the generator's overhead is measured."""
    ours = sitedata.config_value(root / "mkdocs.yml", "markdown_extensions")
    languages = sitedata.config_languages(root / "mkdocs.yml")
    config = {
        "site_name": "bare", "docs_dir": str((root / "docs").resolve()), "exclude_docs": "_data/\n",
        "theme": {"name": "material", "font": False, "language": languages[0]},
        "markdown_extensions": ours,
        "plugins": ["search", {"i18n": {"docs_structure": "folder", "languages": [
            {"locale": lang, "name": lang, "default": n == 0, "build": True} for n, lang in enumerate(languages)]}}],
    }
    path = dest / "bare.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


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


def weight(root: Path) -> bool:
    """Cold-load bytes of each page type of the real site; True when lessons are within budget."""
    data = sitedata.load(root / "docs")
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        site = Path(tmp) / "site"
        result = sitebuild.build_into(root / "mkdocs.yml", site)
        if result.returncode:
            sys.exit(f"bench: the site does not build:\n{result.stderr[-2000:]}")
        loads = page_weight.measure(site, page_weight.page_types(data), data.languages)
    lines, ok = page_weight.report(loads)
    print("Page weight of a cold load, KB gzip / raw (gzip -6, as scripts/nginx.conf serves it)\n")
    print("\n".join(lines))
    print("\n'first search' is what the reader's first use of search fetches: the theme's script (fetched at the first\n"
          "touch, key or scroll, sitegen.postbuild.finish), the page's own language index and the search worker.")
    print(f"lesson cold load ≤ {page_weight.LESSON_BUDGET_GZIP // 1024} KB gzip: "
          + ("within budget" if ok else "OVER BUDGET") + "\n")
    return ok


def main(root: Path, only: str | None = None) -> int:
    ok = True
    if only in (None, "weight"):
        ok &= weight(root)
    if only in (None, "timing"):
        ok &= timing(root)
    return 0 if ok else 1


def build_or_exit(config: Path, out: Path, strict: bool = True) -> None:
    result = sitebuild.build_into(config, out, strict=strict)
    if result.returncode:
        sys.exit(f"bench: {config} does not build:\n{result.stderr[-2000:]}")


def build_overhead(root: Path) -> bool:
    """`make build` as a contributor runs it (its check gate included) against the bare stack, in alternating
    rounds (so each meets the same machine load); `mkdocs build --strict` alone on our configuration is
    reported beside them. Each figure is labelled with the command it times."""
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as tmp:
        bare = bare_config(root, Path(tmp))
        out = Path(tmp) / "site"
        mkdocs = [sys.executable, "-m", "mkdocs", "build"]
        commands = {  # label -> the command, run in the project
            "make build": ["make", "-s", "build"],
            "mkdocs build --strict": [*mkdocs, "--strict", "-d", str(out)],
            "bare: mkdocs build -f bare.yml": [*mkdocs, "-f", str(bare), "-d", str(out)],
        }
        times = {label: [] for label in commands}
        for _ in range(PAIRS):
            for label, command in commands.items():
                start = time.monotonic()
                result = subprocess.run(command, cwd=root, capture_output=True, text=True)
                times[label].append(time.monotonic() - start)
                if result.returncode:
                    sys.exit(f"bench: `{' '.join(command)}` failed:\n{(result.stderr or result.stdout)[-2000:]}")
                shutil.rmtree(out, ignore_errors=True)
        # The same build on a machine that never built the site: the tool cache is empty.
        start = time.monotonic()
        result = sitebuild.build_into(root / "mkdocs.yml", Path(tmp) / "cold",
                                      env={"XDG_CACHE_HOME": str(Path(tmp) / "empty-cache")})
        cold = time.monotonic() - start
        if result.returncode:
            sys.exit(f"bench: the site does not build:\n{result.stderr[-2000:]}")
    bare_times = times["bare: mkdocs build -f bare.yml"]
    # Each round ran back to back, under the same load: a ratio is taken round by round, and its median is
    # the figure (the machine's speed drifts between rounds more than the builds differ).
    ratios = {label: statistics.median(a / b for a, b in zip(runs, bare_times)) for label, runs in times.items()}
    ok = ratios["make build"] <= BUILD_BUDGET_RATIO
    print(f"Build against a bare Material + static-i18n build of the same docs/, {PAIRS} alternating rounds\n")
    print(f"| {'command':<34} | {'median (s)':>10} | {'/ bare':>6} | runs (s)")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 8}|{'-' * 30}")
    for label, runs in times.items():
        print(f"| {label:<34} | {statistics.median(runs):>10.2f} | {ratios[label]:>6.2f} | "
              + " ".join(f"{t:.2f}" for t in runs))
    print(f"| {'mkdocs build, empty tool cache':<34} | {cold:>10.2f} | {'':>6} | the first build on a machine")
    print(f"\nmake build / bare = {ratios['make build']:.2f}, the median of the rounds' ratios "
          f"(budget ≤ {BUILD_BUDGET_RATIO:.1f}): " + ("within budget" if ok else "OVER BUDGET") + "\n")
    return ok


def growth(root: Path, tmp: Path) -> tuple[bool, dict]:
    """Build and `make check` times at each size; the check's time per page must stay flat."""
    rows, phases_at = {}, {}
    for pages in SIZES:
        project = synthetic_project(root, tmp / f"project-{pages}", pages)
        site = sitebuild.temp_site(tmp / f"site-{pages}")
        build_median, _ = median_time(lambda: build_or_exit(project / "mkdocs.yml", site))
        phases: list[dict] = []

        def check():
            timings: dict = {}
            out = io.StringIO()
            if sitecheck.run(project, out=out, timings=timings, downloads=False):
                sys.exit(f"bench: make check found problems in the synthetic site:\n{out.getvalue()[-2000:]}")
            phases.append(timings)

        check_median, _ = median_time(check)
        rows[pages] = (build_median, check_median)
        phases_at[pages] = {k: statistics.median(p.get(k, 0) for p in phases) for k in phases[0]}
    per_page = {n: rows[n][1] / (2 * n) for n in SIZES}
    growth_ratio = per_page[SIZES[-1]] / per_page[SIZES[0]]
    ok = growth_ratio <= GROWTH_BUDGET
    print(f"Synthetic sites, {SECTION} pages per section, every language of the campaign; median of {RUNS} runs each\n")
    print(f"| {'pages per language':>18} | {'build (s)':>9} | {'make check (s)':>14} | {'check ms/page':>13} | "
          "make check by phase (s)")
    print(f"|{'-' * 20}|{'-' * 11}|{'-' * 16}|{'-' * 15}|{'-' * 40}")
    for n in SIZES:
        phase = ", ".join(f"{k} {v:.1f}" for k, v in phases_at[n].items() if v >= 0.05)
        print(f"| {n:>18} | {rows[n][0]:>9.1f} | {rows[n][1]:>14.1f} | {per_page[n] * 1000:>13.1f} | {phase}")
    print(f"\ncheck time per page at {SIZES[-1]} / at {SIZES[0]} = {growth_ratio:.2f} "
          f"(budget ≤ {GROWTH_BUDGET:.1f}): " + ("within budget" if ok else "OVER BUDGET") + "\n")
    return ok, rows


def against_crawl(root: Path, tmp: Path, check_median: float, pages: int) -> bool:
    site = sitebuild.temp_site(tmp / "bare-crawl-site")
    build_or_exit(tmp / f"project-{pages}" / "mkdocs.yml", site)
    bare_median, _ = median_time(lambda: bare_crawl(site))
    ratio = check_median / bare_median
    ok = ratio <= CHECK_BUDGET_RATIO
    print(f"make check on the {pages}-page site: {check_median:.1f} s; a bare linkchecker crawl with "
          f"[AnchorCheck] over HTTP: {bare_median:.1f} s (median of {RUNS})")
    print(f"check / bare crawl = {ratio:.2f} (budget ≤ {CHECK_BUDGET_RATIO:.2f}): "
          + ("within budget" if ok else "OVER BUDGET"))
    return ok


def timing(root: Path) -> bool:
    ok = build_overhead(root)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        grew, rows = growth(root, Path(tmp))
        ok &= grew
        ok &= against_crawl(root, Path(tmp), rows[200][1], 200)
    return ok
