"""Shared loaders for the site's data: YAML data files, front matter, UI strings.

The plugin, the checks and the commands import it, so that every fact is read
from one place and every error names the file and line it comes from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from sitegen import paths, schemas
from sitegen import marked_yaml, records
from sitegen.records import Page
from sitegen import settings, validate

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)


class DataError(Exception):
    """A problem in a source file, reported as `path:line: message`."""

    def __init__(self, path, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        self.errors = [self]
        super().__init__(f"{self.path}:{line}: {message}")


class DataErrors(DataError):
    """Every problem found in one data file, reported together."""

    def __init__(self, errors: list[DataError]):
        first = errors[0]
        super().__init__(first.path, first.line, first.message)
        self.errors = errors
        self.args = ("\n".join(f"{e.path}:{e.line}: {e.message}" for e in errors),)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise DataError(path, line, f"not valid UTF-8 (byte {err.start})") from None


def parse_yaml(text: str, path, first_line: int = 1):
    try:
        return yaml.load(text, Loader=marked_yaml.LOADER)
    except yaml.MarkedYAMLError as err:
        raise yaml_error(err, path, first_line) from None


def yaml_error(err: yaml.MarkedYAMLError, path, first_line: int = 1) -> DataError:
    """The line where the problem is written. Something opened and never closed (a quote, a
    bracket) is only noticed at the end of the text: report where it was opened."""
    unclosed = "end of stream" in (err.problem or "") and err.context_mark is not None
    mark = err.context_mark if unclosed else (err.problem_mark or err.context_mark)
    line = first_line + (mark.line if mark else 0)
    what = f"{err.context.removeprefix('while scanning ')} is never closed" if unclosed else (err.problem or str(err))
    return DataError(path, line, f"malformed YAML: {what}")


def load_yaml(path: Path):
    return parse_yaml(read_text(path), path)


def load_checked(path: Path, data_schema: dict, shown=None):
    """A YAML data file validated against its schema; every problem as `file:line: field: message`."""
    return load_marked(path, data_schema, shown)[0]


def load_marked(path: Path, data_schema: dict, shown=None):
    """(data, marks): `load_checked`, with the line of every value kept for what is reported later."""
    text = read_text(path)
    try:
        data, marks = marked_yaml.load(text)
    except yaml.MarkedYAMLError as err:
        raise yaml_error(err, path if shown is None else shown) from None
    problems = validate.validate(data, data_schema, marks)
    if problems:
        raise DataErrors([DataError(shown or path, line, message) for line, message in problems])
    return data, marks


def page_kind(path: str) -> tuple[str, str]:
    """Classify a language-relative path: ("lesson", slug), ("topic", id), ("question", id) or ("page", path).

    Each content type is a folder of pages whose facts are declared once (lessons in the
    default language's front matter, topics and questions in their data files).
    """
    folder, _, name = path.partition("/")
    kind = CONTENT_FOLDERS.get(folder)
    if kind and name.endswith(".md") and "/" not in name and name != "index.md":
        return kind, name[:-3]
    return "page", path


CONTENT_FOLDERS = {"lessons": "lesson", "topics": "topic", "questions": "question"}


def read_page(path: Path) -> Page:
    stat = Path(path).stat()
    return _read_page(Path(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)  # the checks read each page several times; an edit changes its mtime or size
def _read_page(path: Path, _mtime: int, _size: int) -> Page:
    text = read_text(path)
    match = FRONT_MATTER.match(text)
    if not match:
        return Page(path, {}, text, 1)
    try:
        meta, marks = marked_yaml.load(match[1] or "", first_line=2)
    except yaml.MarkedYAMLError as err:
        raise yaml_error(err, path, first_line=2) from None
    if not isinstance(meta or {}, dict):
        raise DataError(path, 2, "front matter must be a mapping of keys to values")
    return Page(path, meta or {}, text[match.end():], match[0].count("\n") + 1, marks)


def key_line(path: Path, key: str, default: int = 1) -> int:
    """Line of the first `key:` in a YAML or front-matter file, for error messages."""
    pattern = re.compile(rf"^\s*(-\s+)?{re.escape(key)}\s*:")
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if pattern.match(line):
            return number
    return default


@dataclass
class SiteData:
    """Everything the renderers and checks need besides the page being rendered."""

    docs_dir: Path
    languages: list[str]  # default language first
    campaign: records.Campaign
    topics: list[records.Topic]
    strings: dict
    questions: list[records.Question] = field(default_factory=list)
    references: list[records.Reference] = field(default_factory=list)
    search_rules: dict = field(default_factory=dict)  # lang -> {stopwords, synonyms}
    lessons: list[records.Lesson] = field(default_factory=list)  # in the course's order

    @cached_property
    def page_inputs(self) -> str:
        """The campaign and the interface strings as one JSON text: what every finished page depends on
        besides itself (its cache key, sitegen.postbuild.finish). Made once per load, not once per page."""
        return json.dumps([dict(self.campaign), self.strings], sort_keys=True, ensure_ascii=False, default=str)

    @property
    def default(self) -> str:
        return self.languages[0]

    def prefix(self, lang: str) -> str:
        """A language's folder in the built site and its URLs: "" for the default language, "en/" for English."""
        return "" if lang == self.default else f"{lang}/"

    def home_path(self, site_url: str, lang: str) -> str:
        """A language's home as a path from the host: site_url's path, then the language's prefix."""
        return paths.site_path(site_url) + self.prefix(lang)

    def t(self, lang: str, key: str, **values) -> str:
        """A UI string in `lang`. No fallback to another language: a page would say it is in `lang` and show
        another (its <html lang> is a string too); every language has every string, checked on load."""
        text = (self.strings.get(lang) or {}).get(key)
        if text is None:  # a key no language has: the code asks for a string nobody wrote
            raise KeyError(f"{paths.strings_file(self.docs_dir.parent)}: no string '{key}' for '{lang}'")
        return text.format(**values) if values else text

    def translator(self, lang: str):
        """`t(key, **values)` for one language."""
        return lambda key, **values: self.t(lang, key, **values)

    def lesson(self, slug: str) -> records.Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)

    def topics_for(self, lesson: records.Lesson) -> list[records.Topic]:
        return [t for t in self.topics if any(ref.split("#")[0] == lesson.slug for ref in t.lessons)]

    def questions_for(self, entry: records.Lesson | records.Topic) -> list[records.Question]:
        """Questions that declare this lesson or topic as related."""
        if isinstance(entry, records.Lesson):
            return [q for q in self.questions if any(ref.split("#")[0] == entry.slug for ref in q.lessons)]
        return [q for q in self.questions if entry.id in q.topics]

    def question(self, ident: str) -> records.Question | None:
        return next((q for q in self.questions if q.id == ident), None)

    def reference(self, ident: str) -> records.Reference | None:
        return next((r for r in self.references if r.id == ident), None)

    def resource(self, ident: str) -> dict | None:
        return next((r for r in self.campaign["resources"] if r["id"] == ident), None)

    def record(self, kind: str, ident: str) -> records.Lesson | records.Topic | records.Question | None:
        """The record a content page of `kind` (sitedata.page_kind) shows; None for any other page, or one
        that is not declared (`make check` reports it)."""
        find = {"lesson": self.lesson, "topic": self.topic, "question": self.question}.get(kind)
        return find(ident) if find else None

    def page_facts(self, kind: str, ident: str) -> dict:
        """The facts declared once for a page: review dates and sources.

        Lessons, topics and questions declare them in their records (a lesson in the default
        language's front matter); any other page in its default language's front matter
        (`ident` is its path).
        """
        if kind != "page":
            entry = self.record(kind, ident) or {}
        else:
            path = self.docs_dir / self.default / ident
            entry = read_page(path).meta if path.exists() else {}
        return {key: entry.get(key) for key in ("reviewed", "review_due", "sources")}

    def category(self, ident: str) -> dict:
        return next(c for c in self.campaign["categories"] if c["id"] == ident)

    def topic(self, ident: str) -> records.Topic | None:
        return next((t for t in self.topics if t.id == ident), None)

    def topic_title(self, topic: records.Topic, lang: str) -> str:
        return self.local(topic, lang)

    @staticmethod
    def local(entry: dict, lang: str):
        """An entry's value for `lang`, English until the language has its own."""
        return entry.get(lang, entry.get("en"))

    def site_name(self, config, lang: str) -> str:
        for language in config.plugins["i18n"].config.languages:
            if language.locale == lang and language.site_name:
                return language.site_name
        return config.site_name


class _TagTolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!ENV` and `!!python/name` tags become None."""


_TagTolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TagTolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def config_value(mkdocs_yml: Path, key: str):
    return (yaml.load(read_text(Path(mkdocs_yml)), Loader=_TagTolerantLoader) or {}).get(key)


def campaign_file(docs_dir) -> Path:
    """The campaign file: the sitegen plugin's `campaign` option in mkdocs.yml, from docs_dir."""
    project = Path(docs_dir).parent
    name = settings.of_project(project).campaign if (project / paths.CONFIG).exists() else "_data/campaign.yml"
    return Path(docs_dir) / name


def campaign_languages(docs_dir) -> list[str]:
    """The campaign's locales, default first."""
    path = campaign_file(docs_dir)
    campaign = load_yaml(path) or {}
    locales = [entry.get("locale") for entry in campaign.get("languages") or [] if isinstance(entry, dict)]
    if not locales or not all(isinstance(locale, str) for locale in locales):
        raise DataError(path, key_line(path, "languages"), "`languages:` must list at least one `locale:`")
    return locales


def docs_dir_of(mkdocs_yml: Path) -> Path:
    return Path(mkdocs_yml).resolve().parent / (config_value(mkdocs_yml, "docs_dir") or "docs")


def config_languages(mkdocs_yml: Path) -> list[str]:
    """Locales of the site built from mkdocs.yml, default first, without loading MkDocs."""
    return campaign_languages(docs_dir_of(mkdocs_yml))


def i18n_languages(config) -> list[str]:
    """Locales from the i18n plugin's configuration (set from campaign.yml by sitegen.campaign), default first."""
    langs = config.plugins["i18n"].config.languages
    return [lang.locale for lang in sorted(langs, key=lambda lang: not lang.default)]


def line_of_value(path: Path, value: str) -> int:
    """Line of the first value (a mapping's value or a list item, never a key) that is `value`, from the
    YAML parser's node marks; 1 when there is none."""
    try:
        nodes = [yaml.compose(read_text(path), Loader=marked_yaml.LOADER)]
    except (OSError, DataError, yaml.YAMLError):
        return 1
    while nodes:  # depth first, in the order the file is written
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode) and node.value == value:
            return node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            nodes += [item for _key, item in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            nodes += reversed(node.value)
    return 1


@lru_cache(maxsize=4)
def _load(docs_dir: str) -> SiteData:
    root = Path(docs_dir)
    languages = campaign_languages(root)

    def optional(kind: records.DataFile) -> list:  # a content type this campaign may not use
        path = root / records.DATA_FOLDER / kind.name
        return records.records(kind, *load_marked(path, kind.schema(languages), kind.shown())) if path.exists() else []

    shown = paths.relative(campaign_file(root), root.parent)
    fields, marks = load_marked(campaign_file(root), schemas.campaign(languages), shown)
    campaign = records.Campaign(fields, records.Where(shown, marks))
    data = SiteData(
        docs_dir=root,
        languages=languages,
        campaign=campaign,
        topics=optional(records.TOPICS),
        strings=load_strings(root.parent, languages, campaign),
        questions=optional(records.QUESTIONS),
        references=optional(records.REFERENCES),
        lessons=load_lessons(root, languages),
    )
    for lang in languages:  # a language without rules searches its words as typed
        rules = root / "_data" / "search" / f"{lang}.yml"
        if rules.exists():
            data.search_rules[lang] = load_checked(rules, schemas.search_rules(), f"docs/_data/search/{lang}.yml")
    return data


def load_lessons(docs_dir: Path, languages: list[str]) -> list[records.Lesson]:
    """The lessons of the default language's folder, in the course's order (`order`, then the slug), each
    with its page in every language that has it."""
    pages = {lang: {p.stem: read_page(p) for p in sorted((docs_dir / lang / "lessons").glob("*.md"))}
             for lang in languages}
    lessons = [records.Lesson(slug, {lang: pages[lang][slug] for lang in languages if slug in pages[lang]},
                              languages[0])
               for slug in pages[languages[0]]]
    return sorted(lessons, key=lambda lesson: (lesson.get("order", 999), lesson.slug))


def load_strings(project: Path, languages=(), campaign: records.Campaign | None = None) -> dict:
    """The generator's interface strings, then the campaign's (overrides/locales/strings.yml), key by key.
    Each of `languages` (the campaign's) must have every string: see `missing_strings`."""
    generator, generator_marks = load_marked(paths.STRINGS, schemas.strings(), paths.STRINGS)
    strings = dict(generator)
    own = paths.strings_file(project)
    extra, extra_marks = load_marked(own, schemas.strings(required=()), paths.strings_file(Path(".")).as_posix()) \
        if own.exists() else ({}, None)
    for lang, table in extra.items():
        strings[lang] = {**strings.get(lang, {}), **table}
    problems = []
    for lang, missing in missing_strings(strings, generator, languages).items():
        # Where the language's strings are written (the campaign's block first: where a contributor adds them),
        # or its entry in the campaign file when it has none anywhere.
        where = next(((path, marks) for path, marks, table in ((own, extra_marks, extra),
                                                               (paths.STRINGS, generator_marks, generator))
                      if lang in table), None)
        if where is None:
            problems.append(DataError(campaign.where.file, campaign.line_of_value(lang),
                                      f"language '{lang}' has no interface strings: add a `{lang}:` block with every "
                                      f"string to {paths.strings_file(Path('.')).as_posix()}"))
        else:
            path, marks = where
            problems.append(DataError(paths.relative(path, project), marks.line((lang,)),
                                      f"{lang}: missing interface strings (every language needs each one): "
                                      + ", ".join(missing)))
    if problems:
        raise DataErrors(problems)
    return strings


def missing_strings(strings: dict, generator: dict, languages) -> dict[str, list[str]]:
    """Each language's missing keys, when it lacks any: every language needs every key any language has (a page
    in a language is wholly in it, 404 included). Only a check pattern (the schema's named keys, read by
    `make check`) that the generator itself leaves out of one of its languages is optional: not every
    language writes law titles in 《》."""
    patterns = set(schemas.strings()["additionalProperties"]["properties"])
    optional = patterns - set.intersection(*(set(table) for table in generator.values()))
    keys = set().union(*(strings.get(lang, {}) for lang in [*generator, *languages])) - optional
    missing = {lang: sorted(keys - set(strings.get(lang, {}))) for lang in languages}
    return {lang: keys for lang, keys in missing.items() if keys}


def load(docs_dir) -> SiteData:
    """Site data for a docs folder, outside MkDocs (scripts and tests). Languages come from campaign.yml."""
    return _load(str(docs_dir))


def site_data(config) -> SiteData:
    """Site data for this build; cached, and reloaded when `mkdocs serve` rebuilds."""
    return _load(str(config.docs_dir))


def reload() -> None:
    _load.cache_clear()
