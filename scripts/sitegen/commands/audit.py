"""`make audit`: Lighthouse (npm lighthouse@12.8.2) on Debian's Chromium, mobile and desktop presets.

Audits home, one lesson, one topic and the 404 page in every language, writes
each JSON report to reports/lighthouse/ and a summary table, and fails below
budget. `--categories` limits the run (make test uses the three scores that do
not depend on timing: accessibility, best practices, SEO).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitegen import build as sitebuild
from sitegen import paths, sitedata
from sitegen.chromium import ARGS, PATH as CHROMIUM
from sitegen.static_server import SiteServer

BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
ALL = list(BUDGET)


def pages(data: sitedata.SiteData, languages: list[str] | None = None) -> list[str]:
    """Home, the first lesson, the first topic and the 404 page, per language (all, or those given)."""
    lesson = data.lessons[0].slug
    topic = data.topics[0]["id"]
    out = []
    for lang in languages or data.languages:
        prefix = data.prefix(lang)
        out += [prefix, f"{prefix}lessons/{lesson}/", f"{prefix}topics/{topic}/", f"{prefix}404.html"]
    return out


RUNNER = Path(__file__).resolve().parent.parent / "lighthouse_pages.mjs"


def lighthouse(root: Path, runs: list[dict]) -> None:
    """Each run ({url, preset, categories, report}) in one Node and one Chromium (lighthouse_pages.mjs)."""
    request = {"chromium": CHROMIUM, "flags": ["--headless=new", *ARGS], "runs": runs}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as home:  # Chromium's and Node's own files
        result = subprocess.run(["node", str(RUNNER)], input=json.dumps(request), capture_output=True, text=True,
                                cwd=root, timeout=120 * len(runs), env={**os.environ, "HOME": home})
    missing = [run["url"] for run in runs if not Path(run["report"]).exists()]
    if result.returncode != 0 or missing:
        raise RuntimeError(f"lighthouse failed on {', '.join(missing) or 'a page'}: {result.stderr[-1500:]}")


def scores(report: Path) -> dict:
    """A report's category scores, and the weighted audits that did not pass in each category."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return {"scores": {k: round(v["score"] * 100) for k, v in data["categories"].items()},
            "failed": {k: [a for a in (ref["id"] for ref in v["auditRefs"] if ref.get("weight"))
                           if (data["audits"][a].get("score") is not None and data["audits"][a]["score"] < 1)]
                       for k, v in data["categories"].items()}}


def run(root: Path, categories: list[str] = ALL, presets=("mobile", "desktop"), out_dir: Path | None = None,
        site: Path | None = None, jobs: int = 1, languages: list[str] | None = None) -> tuple[int, list[dict]]:
    """`jobs` Lighthouse runs at a time. More than one only without `performance`: its scores are
    timings, which runs sharing the machine would slow down; the other categories do not depend on them.
    `languages`: the pages of these languages only (all by default)."""
    if jobs > 1 and "performance" in categories:
        raise ValueError("performance is measured one page at a time (jobs=1)")
    out_dir = out_dir or root / "reports" / "lighthouse"
    lighthouse_bin = paths.node_tool(root, "lighthouse")
    if not lighthouse_bin.exists():
        print("lighthouse is not installed: `make audit` runs `npm install` first", file=sys.stderr)
        return 2, []
    data = sitedata.load(root / "docs")
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = None
    if site is None:
        tmp = site = sitebuild.temp_site(root / ".audit-site")
        result = sitebuild.build_into(root / "mkdocs.yml", site)
        if result.returncode:
            sitebuild.report_failure(result, root)
            return 1, []
    try:
        with SiteServer(site, data.languages[1:], compress=True) as base:  # gzip, as nginx serves it
            runs = [{"url": base + path, "preset": preset, "categories": categories, "page": "/" + path,
                     "report": str(out_dir / f"{preset}-{(path or 'home').strip('/').replace('/', '-').replace('.html', '')}.json")}
                    for preset in presets for path in pages(data, languages)]
            for run in runs:
                Path(run["report"]).unlink(missing_ok=True)  # a report left by an earlier run must not pass for this one's
            with ThreadPoolExecutor(max_workers=jobs) as pool:  # `jobs` browsers, each taking every jobs-th run
                list(pool.map(lambda first: lighthouse(root, runs[first::jobs]), range(jobs)))
            rows = [{"page": run["page"], "preset": run["preset"], **scores(Path(run["report"]))} for run in runs]
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    failures = 0
    header = f"| {'page':<42} | {'preset':<7} | " + " | ".join(f"{c:>14}" for c in categories) + " |"
    lines = [header, "|" + "|".join("-" * (len(part) + 2) for part in header.strip("|").split("|")[:-1]) + "|"]
    for row in rows:
        cells = []
        for category in categories:
            score = row["scores"].get(category)
            budget = BUDGET[category] if not (category == "performance" and row["preset"] == "desktop") else 0
            ok = score is not None and score >= budget
            failures += not ok
            cells.append(f"{score:>3} (≥{budget:>3}){'' if ok else ' ✗'}".rjust(14))
        lines.append(f"| {row['page']:<42} | {row['preset']:<7} | " + " | ".join(cells) + " |")
    summary = "\n".join(lines)
    (out_dir / "summary.md").write_text(summary + "\n", encoding="utf-8")
    print(summary)
    for row in rows:
        for category, audits in row["failed"].items():
            if audits and row["scores"][category] < BUDGET[category]:
                print(f"{row['page']} ({row['preset']}) {category}: failing audits {', '.join(audits)}")
    print(f"\nreports: {out_dir}; {failures} scores below budget")
    return (1 if failures else 0), rows
