"""Give every internal link its public URL in `data-print-url`, for print.

The print stylesheet writes a link's URL after its text. External links carry
their URL in href; internal ones are relative, so this step records the absolute
address a reader of the printed page can type.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from sitegen.html_edit import Document

NOT_PRINTED = ("mailto:", "tel:", "#", "javascript:")


def add(doc: Document, base: str) -> None:
    """Give each relative link inside the article its public address; `base` is the page's public URL."""
    article = doc.find("article")
    if article is None:
        return
    for link in doc.find_all("a"):
        href = link.get("href")
        inside = article.open_end <= link.start < (article.close_start or 0)
        if inside and href and not urlsplit(href).scheme and not href.startswith(NOT_PRINTED):
            doc.set_attr(link, "data-print-url", urljoin(base, href))
