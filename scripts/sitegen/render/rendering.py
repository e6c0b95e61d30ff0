"""The page being rendered: worked out once per page by the plugin (sitegen.plugin, on_page_markdown)
and handed to every renderer, so that none of them works out its language, its path or the site's
data again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.utils import get_relative_url

from sitegen import records, sitedata
from sitegen.postbuild import offline_pack

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


@dataclass(frozen=True)
class Rendering:
    """One page of one language: the site's data, the page's language and its path in that language's
    folder, MkDocs' page and configuration, and the record it shows when it is a lesson, a topic or a
    question (None for any other page, and for one that is not declared: `make check` reports it)."""

    data: sitedata.SiteData
    lang: str
    path: str  # inside the language's folder: "lessons/x.md"
    page: Page
    config: MkDocsConfig
    record: records.Lesson | records.Topic | records.Question | None = None

    @classmethod
    def of(cls, page: Page, config: MkDocsConfig) -> Rendering:
        lang, path = lang_and_path(page.file.src_uri, config)
        data = sitedata.site_data(config)
        return cls(data, lang, path, page, config, data.record(*sitedata.page_kind(path)))

    @property
    def kind(self) -> str:
        """One of lesson, topic, question and page (sitedata.page_kind)."""
        return sitedata.page_kind(self.path)[0]

    @property
    def facts(self) -> dict:
        """Its review dates and sources, declared once for every language (SiteData.page_facts)."""
        return self.data.page_facts(*sitedata.page_kind(self.path))

    @property
    def source(self) -> str:
        """Its file as a contributor names it, for `file:line: message`."""
        return f"docs/{self.page.file.src_uri}"

    @property
    def file(self) -> Path:
        return Path(self.config.docs_dir) / self.page.file.src_uri

    @property
    def offline(self) -> bool:
        """Built for the offline pack (file://)."""
        return offline_pack.offline(self.config)

    def canonical_url(self, path: str) -> str:
        """The public address of `path` (a URL from its language's root), whichever way this build writes its
        pages."""
        return f"{self.config.site_url.rstrip('/')}/{self.data.prefix(self.lang)}{path}"

    def href(self, target: str) -> str:
        """A link from this page to a file MkDocs does not know (a download): relative, or absolute in the
        offline pack."""
        if self.offline:
            return urljoin(self.config.site_url, target)
        return get_relative_url(target, self.page.url)


def lang_and_path(src_uri: str, config) -> tuple[str, str]:
    """`en/lessons/x.md` -> ("en", "lessons/x.md") under the i18n folder structure."""
    lang, _, path = src_uri.partition("/")
    if lang not in sitedata.i18n_languages(config):
        raise ValueError(f"docs/{src_uri}: not inside a language folder")
    return lang, path
