"""`make import SOURCE=<file>`: scaffold lessons and topics from a source article.

One draft lesson per chapter, one draft topic per related-topic line (an entry
appended to docs/_data/topics.yml and a page per language), stubs marked
`translation: needed` in the other languages, and the generic pages from
scripts/templates/ when missing. Existing pages are found by the source item they
name (see source_claims.py), never by file name, and never overwritten without
--force (which keeps a backup under .import-backups/). Malformed input is reported
as `file:line: message` before anything is written.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from ruamel.yaml.comments import CommentedMap

from sitegen import i18n_status, review_dates
from sitegen import sitedata
from sitegen import yaml_edit
from sitegen import source_article
from sitegen import source_claims
from sitegen.source_claims import TOPICS_FILE

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
GENERIC_PAGES = ["index.md", "topics/index.md", "teachers.md", "licence.md", "about.md", "downloads.md"]
SLUGS_FILE = "docs/_data/slugs.yml"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SLUG_LIMIT = 40  # characters; cut at a syllable boundary
BACKUPS = ".import-backups"
TOPICS_HEADER = """\
# Related topics, declared once. Each topic page (docs/<lang>/topics/<id>.md) holds only
# its answer text; its title, category, original title (alias) and related lesson
# sections come from here. `make import` appends entries; it never rewrites them.
#   source: the source line the topic answers; alias: that line's title, verbatim
#   lessons: lesson-slug#heading-id, checked by `make check`
#   draft: true until the topic is written and linked from a lesson
"""


class Malformed(Exception):
    """Problems in the input, each `file:line: message`; nothing is written."""

    def __init__(self, errors: list[sitedata.DataError]):
        self.errors = errors


@dataclass
class File:
    path: Path
    text: str
    generic: bool = False  # written only when missing, whatever --force says


# --- slugs ---------------------------------------------------------------

def suggest_slug(title: str, limit: int = SLUG_LIMIT) -> str:
    """ASCII words of the title (Chinese as pinyin syllables), hyphenated, cut at a word boundary."""
    from pypinyin import lazy_pinyin
    words = []
    for chunk in lazy_pinyin(title):
        ascii_text = unicodedata.normalize("NFKD", chunk).encode("ascii", "ignore").decode().lower()
        words += re.findall(r"[a-z0-9]+", ascii_text)
    slug = words[0][:limit] if words else ""
    for word in words[1:]:
        if len(slug) + 1 + len(word) > limit:
            break
        slug += "-" + word
    return slug


class Slugs:
    """Slugs in one folder namespace: taken ones, editor's choices from slugs.yml, de-duplicated with -2."""

    def __init__(self, taken: set[str], chosen: dict[str, tuple[str, int]]):
        self.taken, self.chosen = set(taken), chosen

    def new(self, title: str, fallback: str, errors: list) -> str:
        if title in self.chosen:
            slug, line = self.chosen[title]
            if slug in self.taken:
                errors.append(sitedata.DataError(SLUGS_FILE, line,
                                                 f"slug '{slug}' for '{title}' is already used by another page"))
            self.taken.add(slug)
            return slug
        base = suggest_slug(title) or fallback
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def chosen_slugs(root: Path) -> dict[str, tuple[str, int]]:
    """docs/_data/slugs.yml: `original title: slug`, optional."""
    path = root / SLUGS_FILE
    if not path.exists():
        return {}
    data = sitedata.load_yaml(path) or {}
    if not isinstance(data, dict):
        raise Malformed([sitedata.DataError(SLUGS_FILE, 1, "must map original titles to slugs (`title: slug`)")])
    bad = [sitedata.DataError(SLUGS_FILE, sitedata.key_line(path, str(k)),
                              f"slug '{v}' for '{k}' must be lowercase ASCII words joined by hyphens")
           for k, v in data.items() if not (isinstance(v, str) and SLUG.fullmatch(v))]
    if bad:
        raise Malformed(bad)
    return {str(k): (v, sitedata.key_line(path, str(k))) for k, v in data.items()}


# --- page text -----------------------------------------------------------

def scaffold_text(lang: str, default: str) -> dict:
    for folder in (lang, default, "en"):
        if (TEMPLATES / folder / "scaffold.yml").exists():
            return sitedata.load_yaml(TEMPLATES / folder / "scaffold.yml")
    raise FileNotFoundError(TEMPLATES / "en" / "scaffold.yml")


def front_matter(meta: dict) -> str:
    if not meta:
        return ""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def lesson_page(title: str, facts: dict | None, needs_translation: bool, words: dict, paragraphs) -> str:
    meta = {"title": title, **(facts or {})}
    if needs_translation:
        meta["translation"] = "needed"
    body = "\n\n".join(paragraphs)
    return front_matter(meta) + f"## {words['source_heading']} {{#source-text}}\n\n{body}\n"


def topic_page(needs_translation: bool, words: dict) -> str:
    meta = {"translation": "needed"} if needs_translation else {}
    return front_matter(meta) + f"## {words['topic_heading']} {{#short-answer}}\n\n{words['topic_answer']}\n"


def generic_page(lang: str, default: str, page: str, today: date | None = None) -> str:
    """A campaign-agnostic page; another language's template, marked for translation, when this one has none.

    The default language's page is dated as reviewed on the day of the import: the team that imports
    it is the first to read it, and every page shows when it was last checked (checks/reviews.py).
    A template translates the default language's page, so it records that page's hash
    (`translated_from`): `make i18n-status` calls it ok until the default-language page is edited.
    """
    for folder in (lang, default, "en"):
        template = TEMPLATES / folder / page
        if template.exists():
            text = template.read_text(encoding="utf-8")
            where = template.relative_to(TEMPLATES.parent).as_posix()
            if folder != lang:
                return yaml_edit.edit_front_matter(text, {i18n_status.MARK: "needed"}, where=where)
            if lang == default:
                return dated(text, today or date.today(), where)
            source = TEMPLATES / default / page
            if source.exists():
                original = dated(source.read_text(encoding="utf-8"), today or date.today(), where)
                text = yaml_edit.edit_front_matter(text, {i18n_status.KEY: i18n_status.text_hash(original)},
                                                   where=where)
            return text
    raise FileNotFoundError(TEMPLATES / default / page)


def dated(text: str, today: date, where: str) -> str:
    """The template with its review dates. Written as plain YAML dates (our templates' front matter
    is a simple mapping), so they read back as dates, not quoted strings."""
    end = text.find("\n---\n", 4) if text.startswith("---\n") else -1
    if end < 0:
        raise yaml_edit.EditError(where, "a generic page template needs front matter")
    due = review_dates.due_for(today, {})
    return f"{text[:end]}\nreviewed: {today.isoformat()}\nreview_due: {due.isoformat()}{text[end:]}"


def topic_entry(entry: dict, languages: list[str], lang: str) -> CommentedMap:
    """A topics.yml entry as the round trip writes it: `source` on one line, the titles not in
    the article's language marked for translation."""
    source = entry["source"]
    node = CommentedMap([("id", yaml_edit.scalar(entry["id"])),
                         ("source", yaml_edit.flow_map({"file": source["file"], "line": source["line"]})),
                         ("alias", yaml_edit.scalar(entry["alias"])),
                         ("category", yaml_edit.scalar(entry["category"])), ("draft", yaml_edit.scalar(True))])
    for code in languages:
        node[code] = yaml_edit.scalar(entry[code])
        if code != lang:
            node.yaml_add_eol_comment("needs translation", code)
    node["lessons"] = yaml_edit.flow_seq([])
    return node


# --- plan ----------------------------------------------------------------

@dataclass
class Plan:
    files: list[File]
    topics_text: str | None  # the new docs/_data/topics.yml, or None when nothing is appended
    new_topics: int
    entry_states: list[tuple[str, int, str]]  # (action, line, topic id) for topics already declared
    chapters: int
    topics: int


def make_plan(root: Path, source: Path, lang: str, languages: list[str]) -> Plan:
    default, errors = languages[0], []
    shown = source_claims.shown(root, source)
    try:
        article = source_article.parse(source, shown)
    except source_article.ArticleError as err:
        raise Malformed(err.errors) from None
    ref = source_claims.source_ref(root, source)
    campaign_path = sitedata.campaign_file(root / "docs")
    campaign = sitedata.load_yaml(campaign_path) or {}
    category_map = campaign.get("source_categories") or {}
    category_ids = {c.get("id") for c in campaign.get("categories") or []}
    campaign_shown = source_claims.shown(root, campaign_path)
    for prefix, category in category_map.items():
        if category not in category_ids:
            errors.append(sitedata.DataError(campaign_shown, sitedata.key_line(campaign_path, str(prefix)),
                                             f"source_categories: '{prefix}' maps to '{category}', which is not in categories"))
    for topic in article.topics:
        if topic.prefix not in category_map:
            errors.append(sitedata.DataError(shown, topic.line,
                                             f"category prefix '{topic.prefix}' has no category: add `{topic.prefix}: <category id>` "
                                             f"under source_categories in {campaign_shown}"))
    chosen = chosen_slugs(root)
    docs = root / "docs"
    lessons_by_source = {(c.file, c.heading): c.slug for c in source_claims.lesson_claims(root, default)}
    topics_by_source = {(c.file, c.alias): c.ident for c in source_claims.topic_claims(root)}
    entries = source_claims.topic_entries(root)
    lesson_slugs = Slugs({p.stem for l in languages for p in (docs / l / "lessons").glob("*.md")}, chosen)
    topic_slugs = Slugs({str(e.get("id")) for e in entries}
                        | {p.stem for l in languages for p in (docs / l / "topics").glob("*.md")}, chosen)

    files: list[File] = []
    words = {l: scaffold_text(l, default) for l in languages}
    for order, chapter in enumerate(article.chapters, 1):
        slug = lessons_by_source.get((ref, chapter.heading)) \
            or lesson_slugs.new(chapter.heading, f"lesson-{order}", errors)
        facts = {"order": order, "source": {"file": ref, "lines": chapter.lines, "heading": chapter.heading},
                 "draft": True}
        for code in languages:
            text = lesson_page(chapter.heading, facts if code == default else None, code != lang,
                               words[code], chapter.paragraphs)
            files.append(File(docs / code / "lessons" / f"{slug}.md", text))

    topics_path = root / TOPICS_FILE
    old_text = sitedata.read_text(topics_path) if topics_path.exists() else None
    appended, entry_states = [], []
    for topic in article.topics:
        ident = topics_by_source.get((ref, topic.title))
        entry = {"id": ident, "source": {"file": ref, "line": topic.line}, "alias": topic.title,
                 "category": category_map.get(topic.prefix), "draft": True,
                 **{code: topic.title for code in languages}, "lessons": []}
        if ident is None:
            entry["id"] = ident = topic_slugs.new(topic.title, f"topic-{topic.line}", errors)
            appended.append(topic_entry(entry, languages, lang))
        else:
            same = next((e for e in entries if e.get("id") == ident), None) == entry
            entry_states.append(("unchanged" if same else "would change", source_claims.topic_line(root, ident), ident))
        for code in languages:
            files.append(File(docs / code / "topics" / f"{ident}.md", topic_page(code != lang, words[code])))
    for code in languages:
        files += [File(docs / code / page, generic_page(code, default, page), generic=True) for page in GENERIC_PAGES]
    if errors:
        raise Malformed(errors)
    new_text = yaml_edit.append_to_list(old_text if old_text and old_text.strip() else TOPICS_HEADER + "topics:\n",
                                        "topics", appended, where=TOPICS_FILE) if appended else None
    return Plan(files, new_text, len(appended), entry_states, len(article.chapters), len(article.topics))


# --- write and report ----------------------------------------------------

def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.import-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run(root: Path, source: Path, lang: str | None = None, force: bool = False, dry_run: bool = False,
        out=sys.stdout, err=sys.stderr, now: datetime | None = None) -> int:
    try:
        languages = sitedata.config_languages(root / "mkdocs.yml")
        lang = lang or languages[0]
        if lang not in languages:
            campaign = source_claims.shown(root, sitedata.campaign_file(root / "docs"))
            raise Malformed([sitedata.DataError(campaign, sitedata.key_line(root / campaign, "languages"),
                                                f"'{lang}' is not one of the campaign's languages: {', '.join(languages)}")])
        if not source.is_file():
            raise Malformed([sitedata.DataError(str(source), 1, "no such file")])
        plan = make_plan(root, source, lang, languages)
    except (Malformed, sitedata.DataError) as problem:
        for error in sorted(getattr(problem, "errors", [problem]), key=lambda e: (e.path, e.line)):
            print(error, file=err)
        print("nothing written", file=err)
        return 1

    backups = root / BACKUPS / (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    rows, writes = [], []
    for file in plan.files:
        rel = source_claims.shown(root, file.path)
        if not file.path.exists():
            rows.append(("new", rel))
            writes.append(file)
        elif sitedata.read_text(file.path) == file.text:
            rows.append(("unchanged", rel))
        elif file.generic:
            rows.append(("kept", rel))
        elif force:
            rows.append(("overwritten", f"{rel}  (backup: {source_claims.shown(root, backups / rel)})"))
            writes.append(file)
        else:
            rows.append(("would change", rel))
    if plan.topics_text is not None:
        rows.append(("appended", f"{TOPICS_FILE}  ({plan.new_topics} topics)"))
    rows += [(action, f"{TOPICS_FILE}:{line}  (topic '{ident}')") for action, line, ident in plan.entry_states]

    if not dry_run:  # every check passed above: now write, each file whole
        for file in writes:
            if file.path.exists():
                backup = backups / source_claims.shown(root, file.path)
                backup.parent.mkdir(parents=True, exist_ok=True)
                backup.write_bytes(file.path.read_bytes())
            write_atomic(file.path, file.text)
        if plan.topics_text is not None:
            write_atomic(root / TOPICS_FILE, plan.topics_text)
    report(rows, plan, root, source, lang, dry_run, out)
    return 0


def report(rows, plan: Plan, root: Path, source: Path, lang: str, dry_run: bool, out) -> None:
    if dry_run:
        print("dry run: nothing is written; the plan:", file=out)
    counts: dict[str, int] = {}
    for action, what in rows:
        counts[action] = counts.get(action, 0) + 1
        print(f"{action:<13} {what}", file=out)
    summary = ", ".join(f"{n} {action}" for action, n in counts.items())
    print(f"{plan.chapters} chapters, {plan.topics} topics from {source_claims.shown(root, source)} "
          f"into {lang}: {summary}", file=out)
    if counts.get("would change"):
        print("would change: the page exists and differs from what the import would write, so it was kept "
              "(--force overwrites pages after a backup; topics.yml entries are never rewritten)", file=out)
    if counts.get("kept"):
        print("kept: a generic page exists; generic pages are written only when missing", file=out)
    if not source_claims.source_ref(root, source).startswith("_data/sources/"):
        print(f"note: copy the article into {source_claims.SOURCES_DIR}/ and import it from there, so that "
              "`make import-check` keeps checking it", file=out)
