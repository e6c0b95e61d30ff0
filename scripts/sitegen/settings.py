"""The sitegen plugin's options: mkdocs.yml's `plugins: - sitegen:` entry, one typed schema.

The plugin reads them as MkDocs loads it; every command reads the same entry through `of_project`,
validated by the same schema, so a campaign states once where its data is, which tools its pages
may use and which checks `sitegen check` runs. A wrong option is `mkdocs.yml:LINE: message`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from sitegen import marked_yaml

# Tools a campaign turns on: each is a page block (`{#calculator}`…) with its own script.
TOOLS = (
    "guided_check",   # questions in, a plan out (docs/_data/situation.yml; `{#situation}`)
    "letter_forms",   # named blanks `{{field}}` in letters, filled in on the reader's device
    "calculator",     # the true yearly cost of a loan (`{#calculator}`; campaign.yml `calculator:`)
)

# Checks `sitegen check` runs besides those every build needs (schemas, front matter, links, anchors).
CHECKS = (
    "markdownlint",        # Markdown style (Node's markdownlint-cli2)
    "topics",              # topic and question declarations match their pages
    "external_links",      # https and allowlisted hosts only
    "reviews",             # review dates and sources
    "import_sources",      # every chapter of every source article has a page
    "citations",           # every rule a page names is in its sources
    "letters",             # letter templates keep their safeguards
    "plain_language",      # sentence length in first answers
    "guided_check_paths",  # every path through the guided check (with the guided_check tool)
    "url_manifest",        # published URLs never disappear
    "crawl",               # linkchecker over HTTP
)


class SitegenConfig(base.Config):
    # The campaign file, from docs_dir: names, languages, help channels, tools' settings.
    campaign = c.Type(str, default="_data/campaign.yml")
    # Top-level navigation order: files and folders of each language. Lessons follow their `order`.
    nav_order = c.ListOfItems(c.Type(str), default=[])
    tools = c.ListOfItems(c.Choice(TOOLS), default=[])
    checks = c.ListOfItems(c.Choice(CHECKS), default=list(CHECKS))


class OptionError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(f"mkdocs.yml:{line}: {message}")
        self.line, self.message = line, message


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: MkDocs' own tags (`!ENV`, `!relative`) read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))


def of_project(root: Path) -> SitegenConfig:
    """The plugin's options in a project's mkdocs.yml (defaults when it lists `- sitegen` bare)."""
    path = Path(root) / "mkdocs.yml"
    return _read(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read(path: str, _mtime: int) -> SitegenConfig:
    text = Path(path).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_Loader) or {}
    entry, line = {}, 1
    for n, plugin in enumerate(data.get("plugins") or []):
        if plugin == "sitegen" or (isinstance(plugin, dict) and "sitegen" in plugin):
            entry = (plugin["sitegen"] if isinstance(plugin, dict) else None) or {}
            line = _line_of_plugin(text, n)
    return validated(entry, path, line)


def validated(options: dict, config_file: str | None = None, line: int = 1) -> SitegenConfig:
    config = SitegenConfig(config_file_path=config_file)
    config.load_dict(options)
    failed, _warnings = config.validate()
    if failed:
        key, error = failed[0]
        raise OptionError(line, f"plugins: sitegen: {key}: {error}")
    return config


def _line_of_plugin(text: str, index: int) -> int:
    """The line of the `index`th entry of `plugins:`, from the parser's marks."""
    marks = marked_yaml.Marks()
    marks.record(yaml.compose(text, Loader=marked_yaml.LOADER))  # composing runs no tag's constructor
    return marks.line(("plugins", index))


def tool_on(root: Path, tool: str) -> bool:
    return tool in of_project(root).tools
