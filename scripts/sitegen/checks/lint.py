"""Content lint for Markdown sources: front matter schema, unsafe HTML, alt text,
heading ids, empty pages, invented phone numbers. Each problem has its file and line.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import jsonschema

from sitegen import country_rules, paths, schemas, tool_cache, validate
from sitegen import records, sitedata
from sitegen.checks import Problem
from sitegen.checks.markdown_links import links

UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed)\b", re.I)
EVENT_ATTR = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
EMPTY_ALT = re.compile(r"!\[\s*\]\(")
IMG_NO_ALT = re.compile(r"<img\b(?![^>]*\balt=\"[^\"]+\")[^>]*>", re.I)
ANY_HEADING = re.compile(r"^(#{2,6})\s+\S")
MERMAID = re.compile(r"^\s*(```|~~~)\s*mermaid", re.I)
SECTION_LINK = re.compile(r"(?<!!)\[((?:[^\]\\]|\\.)+)\]\(([^)\s#]*\.md)(?:#([^)\s]+))?\)")
ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"[^"]*")?')
CJK = "\u3400-\u4dbf\u4e00-\u9fff"

def front_matter_problems(path: Path, shown: str, page, kind: str, default_language: bool,
                          draft: bool = False) -> list[Problem]:
    out = []
    validator = jsonschema.Draft202012Validator(schemas.front_matter(kind, default_language, draft),
                                                format_checker=validate.FORMATS)
    for error in sorted(validator.iter_errors(page.meta), key=lambda e: list(e.path)):
        key = error.path[0] if error.path else (error.validator_value[0] if error.validator == "required" else None)
        if error.validator == "required":
            missing = next(k for k in error.validator_value if k not in error.instance)
            message, line = f"front matter: missing required key '{missing}'", 2
        elif error.validator == "dependentRequired":
            missing, owner = re.match(r"'(\w+)' is a dependency of '(\w+)'", error.message).groups()
            message = f"front matter: '{key}' has '{owner}' but no '{missing}'" + (
                " (the chapter's `# ` heading in the source, verbatim)" if missing == "heading" else "")
            line = page.marks.line((key,))
        elif error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            why = " (facts such as order and duration are declared only in the default language)" \
                if not default_language and set(extra) & set(schemas.LESSON_FACTS) else ""
            message, line = f"front matter: unknown key {', '.join(map(repr, extra))}{why}", page.marks.line((extra[0],))
        elif error.validator == "format":  # plain text, dates: the line of the value itself (YAML node marks)
            where = validate.field_name(error.absolute_path)
            message, line = f"front matter: {where}: {validate.message_of(error)}", page.marks.line(error.absolute_path)
        else:
            where = ".".join(str(p) for p in error.path)
            message, line = f"front matter: '{where}' {error.message}", page.marks.line(error.absolute_path)
        out.append(Problem(shown, line, "lint", message))
    return out


@lru_cache(maxsize=None)
def _glued(phone: str) -> re.Pattern:
    """`phone` written against Chinese text, with no space between."""
    return re.compile(rf"[{CJK}]{re.escape(phone)}(?!\d)|(?<!\d){re.escape(phone)}[{CJK}]")


def body_problems(shown: str, page, numbers: set[str], citation: re.Pattern | None = None,
                  draft: bool = False, phone_shape: re.Pattern | None = None) -> list[Problem]:
    """Problems in a page's text. A draft from `make import` still quotes its source as it
    came, so the house style (quotes, spacing) waits until an editor writes it; safety does not."""
    out, fenced = [], False
    body_lines = page.body.splitlines()
    if not any(line.strip() for line in body_lines):
        out.append(Problem(shown, page.body_line, "lint", "empty page: no text after the front matter"))
    for number, line in enumerate(body_lines, page.body_line):
        if MERMAID.match(line):
            out.append(Problem(shown, number, "lint", "mermaid diagrams load a script from a CDN; use an HTML/CSS diagram"))
        if records.FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if UNSAFE_TAG.search(line):
            out.append(Problem(shown, number, "lint", f"raw <{UNSAFE_TAG.search(line)[1].lower()}> is not allowed in Markdown"))
        if EVENT_ATTR.search(line):
            out.append(Problem(shown, number, "lint", "on*= event attributes are not allowed in Markdown"))
        if EMPTY_ALT.search(line) or IMG_NO_ALT.search(line):
            out.append(Problem(shown, number, "lint", "image without alt text"))
        if ANY_HEADING.match(line) and not records.HEADING.match(line):
            out.append(Problem(shown, number, "lint", "heading without an explicit ASCII {#id}"))
        elif (match := records.HEADING.match(line)) and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", match[3]):
            out.append(Problem(shown, number, "lint", f"heading id '{match[3]}' must be lowercase ASCII words joined by hyphens"))
        prose = re.sub(r"\{#[^}]*\}|\]\([^)]*\)|`[^`]*`", "", line)
        if not draft and '"' in re.sub(r"<[^>]*>", "", ADMONITION.sub("", prose)):
            out.append(Problem(shown, number, "lint", "straight double quote in the text: use “ ” (one quote style)"))
        for phone in sorted(numbers) if not draft else []:
            # The substring test first: the pattern is built and run only on the few lines that hold the number.
            if phone in prose and _glued(phone).search(prose):
                out.append(Problem(shown, number, "lint", f"write {phone} with a space between it and the Chinese text "
                                                          f"(“拨打 {phone} 咨询”), as everywhere else"))
        if citation:  # “Article 188” cites a rule; it is not a phone number
            prose = citation.sub("", prose)
        for phone in phone_shape.findall(prose) if phone_shape else []:
            if phone not in numbers:
                out.append(Problem(shown, number, "lint",
                                   f"{phone} looks like a phone number but is not a verified help channel "
                                   f"(docs/_data/campaign.yml help_channels)"))
    for number, target in links(page.path):
        if target.strip().lower().startswith("javascript:"):
            # The same link is an unsafe external link to checks/source.py: one problem, named once.
            out.append(Problem(shown, number, "lint", f"javascript: URLs are not allowed ({target})", target))
    return out


def link_label_problems(shown: str, page, titles: dict) -> list[Problem]:
    """A link to a section reads as that section's heading, and a link to a topic or a question
    as its title (`titles`: page path -> title), so readers know where it goes."""
    out, fenced = [], False
    for number, line in enumerate(page.body.splitlines(), page.body_line):
        if records.FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        for match in SECTION_LINK.finditer(line):
            target = (page.path.parent / match[2]).resolve()
            if not target.exists():
                continue  # reported as a broken link
            if match[3]:
                heading = next((h[1] for h in sitedata.read_page(target).headings() if h[2] == match[3]), None)
            else:
                heading = titles.get(target)
            label = match[1].replace("\\[", "[").replace("\\]", "]")
            if heading is not None and label != heading:
                what = "the heading it points to" if match[3] else "the title of the page it points to"
                out.append(Problem(shown, number, "lint", f"link label “{label}” differs from {what}: “{heading}”"))
    return out


def heading_id_problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    """Translations keep the source's heading ids, in the same order."""
    out = []
    default = root / "docs" / data.default
    for source in sorted(default.rglob("*.md")):
        rel = source.relative_to(default).as_posix()
        ids = [h[2] for h in sitedata.read_page(source).headings()]
        for lang in data.languages[1:]:
            other = root / "docs" / lang / rel
            if not other.exists():
                continue  # reported as a missing translation
            headings = sitedata.read_page(other).headings()
            theirs = [h[2] for h in headings]
            if theirs != ids:
                first = next((i for i, (a, b) in enumerate(zip(ids, theirs)) if a != b), min(len(ids), len(theirs)))
                line = headings[first][3] if first < len(headings) else (headings[-1][3] if headings else 1)
                out.append(Problem(f"docs/{lang}/{rel}", line, "lint",
                                   f"heading ids differ from docs/{data.default}/{rel}: expected {ids[first:first + 1] or 'no more headings'}, "
                                   f"found {theirs[first:first + 1] or 'none'}"))
    return out


def is_draft(data: sitedata.SiteData, rel: str) -> bool:
    """A lesson is a draft when its default-language page says so, a topic when topics.yml does
    (drafts are facts, declared once)."""
    kind, ident = sitedata.page_kind(rel)
    if kind == "lesson":
        lesson = data.lesson(ident)
        return bool(lesson and lesson.draft)
    return kind == "topic" and bool((data.topic(ident) or {}).get("draft"))


def data_titles(root: Path, data: sitedata.SiteData) -> dict:
    """Page path -> title, for the pages whose titles are declared in data files."""
    out = {}
    for lang in data.languages:
        out.update({(root / "docs" / lang / "topics" / f"{t['id']}.md").resolve(): data.topic_title(t, lang)
                    for t in data.topics})
        out.update({(root / "docs" / lang / "questions" / f"{q['id']}.md").resolve(): data.local(q, lang)
                    for q in data.questions})
    return out


def page_front_matter_problems(root: Path, data: sitedata.SiteData, lang: str, rel: str) -> list[Problem]:
    """One page's front matter against the schema of its kind (also run by the build, page by page)."""
    path = root / "docs" / lang / rel
    page = sitedata.read_page(path)
    return front_matter_problems(path, path.relative_to(root).as_posix(), page, sitedata.page_kind(rel)[0],
                                 lang == data.default, is_draft(data, rel))


def problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    numbers = {c["number"] for c in data.campaign["help_channels"] if c.get("number")}
    titles = data_titles(root, data)
    out = []
    for lang in data.languages:
        folder = root / "docs" / lang
        for path in sorted(folder.rglob("*.md")):
            shown = path.relative_to(root).as_posix()
            try:
                page = sitedata.read_page(path)
            except sitedata.DataError as err:
                out.append(Problem(shown, err.line, "lint", err.message))
                continue
            rel = path.relative_to(folder).as_posix()
            out += page_front_matter_problems(root, data, lang, rel)
            draft = is_draft(data, rel)
            out += body_problems(shown, page, numbers, re.compile(data.t(lang, "rule_citation")), draft,
                                 country_rules.phone_number(data))
            out += link_label_problems(shown, page, titles)
    return out + heading_id_problems(root, data)


MDL_LINE = re.compile(r"^(docs/\S+?):(\d+)(?::\d+)?\s+(?:error\s+|warning\s+)?(MD\d+/\S+)\s+(.*)$")


def markdownlint_problems(root: Path) -> list[Problem]:
    """Markdown style from markdownlint-cli2 (config: .markdownlint-cli2.yaml)."""
    markdownlint = paths.node_tool(root, "markdownlint-cli2")
    if not markdownlint.exists():
        return [Problem("package.json", 1, "lint", "markdownlint-cli2 is not installed: run `make check`, "
                                                    "which runs `npm install` first")]
    config = root / ".markdownlint-cli2.yaml"
    # Each page's findings are kept under its bytes, the rules and the tool's version (sitegen.tool_cache):
    # a rebuild lints only the pages that changed, and an unchanged tree starts no Node process at all.
    common = [paths.node_module(root, "markdownlint-cli2", "package.json").read_bytes(), config.read_bytes()]
    parts = {path.relative_to(root).as_posix(): [*common, path.relative_to(root).as_posix(), path.read_bytes()]
             for path in sorted((root / "docs").rglob("*.md"))}
    lines = {rel: hit["lines"].decode("utf-8") for rel in parts
             if (hit := tool_cache.lookup("markdownlint", parts[rel])) is not None}
    todo = [rel for rel in parts if rel not in lines]
    failed = []
    if todo:
        result = subprocess.run([str(markdownlint), "--config", str(config), "--no-globs", *todo], cwd=root,
                                capture_output=True, text=True)
        found = {rel: [] for rel in todo}
        for line in (result.stdout + result.stderr).splitlines():
            if (match := MDL_LINE.match(line)) and match[1] in found:
                found[match[1]].append(line)
        if result.returncode not in (0, 1) or (result.returncode == 1 and not any(found.values())):
            failed.append(Problem(".markdownlint-cli2.yaml", 1, "lint",
                                  f"markdownlint-cli2 failed: {result.stderr[-300:]}"))
        else:
            for rel, found_lines in found.items():
                lines[rel] = "\n".join(found_lines)
                tool_cache.store("markdownlint", parts[rel], {"lines": lines[rel].encode("utf-8")})
    out = [Problem(match[1], int(match[2]), "lint", f"{match[3]}: {match[4]}")
           for rel in parts for line in lines.get(rel, "").splitlines() if (match := MDL_LINE.match(line))]
    return out + failed
