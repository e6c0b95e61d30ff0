"""`make check`: build into a temporary folder and check everything a reader could trip on.

Prints one `path:line: message` per problem, then a summary; exits 1 on any problem.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import download_plan
from sitegen import build as sitebuild
from sitegen import paths, settings, sitedata
from sitegen import i18n_status
from sitegen.commands import import_check
from sitegen.checks import page_tree
from sitegen import urlmanifest
from sitegen.checks import (Problem, build_warnings, built_html, citations, crawl, external, letters, lint,
                            plain_language, reviews, robots, situation_paths, source)
from sitegen.static_server import SiteServer


class Progress:
    """Step messages on a terminal; silent in logs and tests."""

    def __init__(self, steps: int, stream=sys.stderr):
        self.steps, self.done, self.stream = steps, 0, stream
        self.tty = stream.isatty()
        self.started = self.last = time.monotonic()
        self.timings: dict[str, float] = {}  # seconds per step, for `make bench`
        self.current = None

    def step(self, text: str) -> None:
        now = time.monotonic()
        if self.current:
            self.timings[self.current] = now - self.last
        self.current, self.last = text, now
        self.done += 1
        if self.tty:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r\033[K[{self.done}/{self.steps}] {text} ({elapsed:.0f}s)")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")


def external_problems(found, allowed: set[str], languages, root: Path) -> list[Problem]:
    out = []
    for page_rel, href in found:
        parts = urlsplit(href)
        if parts.scheme == "https" and parts.hostname in allowed:
            continue
        src = built_html.source_of(page_rel, languages, root)
        why = "insecure link: use https" if parts.scheme != "https" else f"{parts.hostname} is not on the allowlist"
        out.append(Problem(src, built_html.line_of(root / src, href), "external", f"{href}: {why} (in {page_rel})", href))
    return out


def run(root: Path, config: Path | None = None, crawl_links: bool = True, online: bool = False,
        out=sys.stdout, timings: dict | None = None, today=None, downloads: bool = True,
        built: Path | None = None) -> int:
    config = config or root / "mkdocs.yml"
    try:
        on = set(settings.of_project(config.parent).checks)
    except settings.OptionError as err:
        print(err, file=out)
        return 1
    crawl_links = crawl_links and "crawl" in on
    progress = Progress(4 + crawl_links + online)
    progress.timings = timings if timings is not None else {}
    counts = Counter()

    progress.step("checking sources")
    languages, data, problems, notes = source_checks(root, config, today)
    if data is None:
        return report(problems, counts, progress, out)
    # Listed, not failed: the English may lag the Chinese for a while, and a page due for review is still there.
    for note in notes:
        print(note, file=out)
    counts["reviews due"] = sum(1 for note in notes if note.kind == "review")
    # Drafts and stubs from `make import` are work in progress: counted in the summary, not failed.
    counts["draft lessons"], counts["draft topics"] = source.drafts(data)
    counts["untranslated"] = sum(1 for *_, state in i18n_status.status(root, languages) if state == "untranslated")
    # Every way through the guided check (not in `make build`'s gate: its proof enumerates millions of paths).
    if "guided_check_paths" in on and "guided_check" in settings.of_project(config.parent).tools:
        found, counts["situation paths"] = situation_paths.problems(root, data)
        problems += found

    progress.step("building the site")
    # A site built already (strictly, with its downloads: the tests' shared build) is checked as it is.
    site = built or sitebuild.temp_site(root / ".check-site")
    warnings = []
    try:
        if not built:
            result = sitebuild.build_into(config, site, strict=False)
            # Added last: where our own checks name the same problem, their message wins.
            warnings = build_warnings.problems(result.stderr + result.stdout, root)
            if result.returncode != 0:
                return report(problems + warnings, counts, progress, out)
            if downloads and not downloads_of(config, site):
                return report(problems + [Problem("mkdocs.yml", 1, "build", "the downloads could not be made")],
                              counts, progress, out)

        progress.step("checking links and anchors in the built HTML")
        site_url = data.campaign.get("site_url") or ""
        root_path = paths.site_path(site_url)
        phones = {c["number"] for c in data.campaign["help_channels"] if c.get("number")}
        # Without downloads (tests of other checks), links into the downloads folders are not followed.
        unbuilt = () if downloads else tuple(f"{data.prefix(lang)}{download_plan.FOLDER}/" for lang in languages)
        # Links to this site by its full URL (canonical links, cite boxes) are checked as internal ones.
        found, page_counts, external_links, referrers = built_html.check(site, root, languages, root_path, phones,
                                                                         unbuilt, urlsplit(site_url).hostname)
        problems += found
        counts.update(page_counts)
        problems += external_problems(external_links, source.allowed_hosts(data), languages, root)
        problems += robots.problems(site, site_url)

        if "url_manifest" in on and (root / urlmanifest.MANIFEST).exists():
            problems += [Problem(urlmanifest.MANIFEST.as_posix(), line, "url", f"{url}: {why}", url)
                         for line, url, why in urlmanifest.lost(site, root)]

        if crawl_links:
            progress.step("crawling with linkchecker")
            with SiteServer(site, languages[1:]) as url:
                # Links and anchors were checked in-process above, each distinct target once. What only
                # an HTTP client can tell is whether the server serves each of those targets: linkchecker
                # requests each one once, without following the links inside (which grow with pages²).
                result = crawl.run_targets(url, referrers)
                found, checked = crawl.target_problems(result, url, referrers, root, languages)
            problems += found
            counts["crawled"] = checked

        if online:
            progress.step("fetching external links")
            for url, code, note in external.statuses(h for _, h in external_links):
                ok = code is not None and code < 400
                print(f"{code or 'ERR'} {url}{'' if ok else ' ' + note}", file=out)
                if not ok:
                    problems.append(Problem(data.campaign.where.file, data.campaign.line_of_value(url),
                                            "external", f"{url} answered {code or note}"))
        progress.step("done")
        return report(problems + warnings, counts, progress, out)
    finally:
        if not built:
            shutil.rmtree(site, ignore_errors=True)


def downloads_of(config: Path, site: Path) -> bool:
    from sitegen import downloads  # Chromium and the PDF tools load only when downloads are made
    return downloads.add_to(config, site)


def source_checks(root: Path, config: Path, today=None, markdownlint: bool = True):
    """Checks on the sources alone: (languages, data or None, problems, notes).

    Notes are listed but do not fail: outdated translations and pages whose review is due.
    """
    problems: list[Problem] = []
    try:
        languages = sitedata.config_languages(config)
        problems += [Problem(path, line, "i18n", message)
                     for path, line, message in page_tree.problems(root / "docs", languages)]
        data = sitedata.load(root / "docs")
        on = set(settings.of_project(config.parent).checks)
        problems += lint.problems(root, data)
        if markdownlint and "markdownlint" in on:  # a Node process: the tests of other rules leave it out
            problems += lint.markdownlint_problems(root)
        optional = {  # each check a campaign may turn off (mkdocs.yml, sitegen `checks:`)
            "topics": lambda: source.topic_problems(root, data),
            "external_links": lambda: source.external_link_problems(root, data)[0],
            "import_sources": lambda: import_check.problems(root, languages[0]),
            "citations": lambda: citations.problems(root, data),
            "letters": lambda: letters.problems(root, data),
            "plain_language": lambda: plain_language.problems(root, data),
        }
        for name, check in optional.items():
            problems += check() if name in on else []
        due = []
        if "reviews" in on:
            review_problems, due = reviews.problems(root, data, today)
            problems += review_problems + reviews.reference_problems(root, data) + reviews.question_problems(root, data)
        notes = [Problem(f"docs/{lang}/{page}", 1, "i18n",
                         "note: translation is outdated (its source changed; see `make i18n-status`)")
                 for page, lang, state in i18n_status.status(root, languages) if state == "outdated"]
        return languages, data, problems, notes + due
    except sitedata.DataError as err:
        problems += [Problem(paths.relative(e.path, root), e.line, "lint", e.message) for e in err.errors]
        return [], None, problems, []
    except settings.OptionError as err:
        return [], None, problems + [Problem("mkdocs.yml", err.line, "lint", err.message)], []


def report(problems, counts, progress, out) -> int:
    progress.close()
    unique = {}
    for problem in problems:  # one line per problem: the first check to name it wins
        unique.setdefault((problem.path, problem.line, problem.target or problem.message), problem)
    for problem in sorted(unique.values()):
        print(problem, file=out)
    kinds = Counter(p.kind for p in unique.values())
    by_kind = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) or "none"
    print(f"checked {counts['pages']} pages, {counts['links']} internal links, {counts['anchors']} anchors, "
          f"{counts['external']} external links; {len(unique)} problems ({by_kind})"
          + (f"; drafts: {counts['draft lessons']} lessons, {counts['draft topics']} topics"
             if counts["draft lessons"] or counts["draft topics"] else "")
          + (f"; {counts['untranslated']} pages need translation" if counts["untranslated"] else "")
          + (f"; {counts['reviews due']} reviews due" if counts["reviews due"] else "")
          + (f"; proved {counts['situation paths']:,} paths through the guided check" if counts["situation paths"] else ""),
          file=out)
    return 1 if unique else 0


def build_gate(root: Path, config: Path) -> int:
    """Source checks that `make build` runs before it may replace site/."""
    problems = {(p.path, p.line, p.message): p for p in source_checks(root, config)[2]}.values()
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    return 1 if problems else 0
