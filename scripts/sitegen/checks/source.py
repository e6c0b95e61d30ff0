"""Checks on the Markdown and data sources, reported with file and line.

Topics: every topic declared in docs/_data/topics.yml has a page in every
language, points at lesson sections that exist, and is linked from a lesson
(unless it is a draft from `make import`); every topic page is declared.
External links: https only, allowlisted hosts only.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sitegen import records, sitedata
from sitegen.checks import Problem, lesson_refs
from sitegen.checks.markdown_links import links


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def allowed_hosts(data: sitedata.SiteData) -> set[str]:
    urls = [r["url"] for r in data.campaign["resources"]] + [data.campaign["licence"]["url"]]
    if data.campaign.get("quick_exit"):  # the neutral site every page's "leave this site" button links to
        urls.append(data.campaign["quick_exit"]["url"])
    return {urlsplit(u).hostname for u in urls}


def external_link_problems(root: Path, data: sitedata.SiteData) -> tuple[list[Problem], int]:
    problems, count, allowed = [], 0, allowed_hosts(data)
    for lang in data.languages:
        for path in sorted((root / "docs" / lang).rglob("*.md")):
            for line, target in links(path):
                scheme = urlsplit(target).scheme
                if scheme not in {"http", "https"}:
                    if scheme == "javascript" or target.startswith("//"):
                        problems.append(Problem(rel(path, root), line, "external", f"unsafe link {target}", target))
                    continue
                count += 1
                host = urlsplit(target).hostname or ""
                if scheme != "https":
                    problems.append(Problem(rel(path, root), line, "external", f"insecure link {target}: use https", target))
                elif host not in allowed:
                    problems.append(Problem(rel(path, root), line, "external",
                                            f"link to {host} is not on the allowlist (docs/_data/campaign.yml resources)",
                                            target))
    return problems, count


def topic_problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    problems = []
    declared = {t.id for t in data.topics}
    categories = {c["id"] for c in data.campaign["categories"]}
    resources = {r["id"] for r in data.campaign["resources"]}
    for topic in data.topics:
        ident, file = topic.id, topic.where.file
        if topic.category not in categories:
            problems.append(Problem(file, topic.line("category"), "topic",
                                    f"topic '{ident}': unknown category '{topic.category}'"))
        for lang in data.languages:
            if not (root / "docs" / lang / "topics" / f"{ident}.md").exists():
                problems.append(Problem(file, topic.line(), "topic", f"topic '{ident}' has no page docs/{lang}/topics/{ident}.md"))
        problems += lesson_refs.problems(data, topic, "topic")
        for index, resource in enumerate(topic.get("resources", [])):
            if resource not in resources:
                problems.append(Problem(file, topic.line("resources", index), "topic",
                                        f"topic '{ident}': unknown resource '{resource}'"))
        if not topic.draft and not any(data.lesson(ref.partition("#")[0]) for ref in topic.lessons):
            problems.append(Problem(file, topic.line(), "topic", f"topic '{ident}' is not linked from any lesson"))
    for lang in data.languages:
        for path in sorted((root / "docs" / lang / "topics").glob("*.md")):
            if path.stem != "index" and path.stem not in declared:
                problems.append(Problem(rel(path, root), 1, "topic",
                                        f"topic '{path.stem}' does not exist in {records.TOPICS.shown()}"))
        for path in sorted((root / "docs" / lang).rglob("*.md")):
            for line, target in links(path):
                part = urlsplit(target).path
                if "topics/" in part and part.endswith(".md"):
                    ident = part.rsplit("/", 1)[-1][:-3]
                    if ident != "index" and ident not in declared:
                        # the built page's broken link to it is the same problem (its target: the page name)
                        problems.append(Problem(rel(path, root), line, "topic", f"topic id '{ident}' does not exist", ident))
    return problems


def drafts(data: sitedata.SiteData) -> tuple[int, int]:
    """(lessons, topics) still marked `draft: true`: counted in the summary, not reported as problems."""
    lessons = sum(1 for lesson in data.lessons if lesson.draft)
    return lessons, sum(1 for topic in data.topics if topic.draft)
