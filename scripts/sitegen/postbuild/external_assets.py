"""No page fetches anything from another site.

Readers in mainland China wait for, or never get, what a CDN or Google serves, so an image,
script, stylesheet or frame from another host is a build error, not a warning. This was
Material's privacy plugin (`assets_fetch: false`), which reads `link`, `script`, `img` and
SVG `image` with a regular expression; here it is the generator's own rule, over every element
a browser fetches (checks/html_refs.py), whatever the theme.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sitegen.checks.html_refs import NAVIGATION, SRCSET_ATTRS, URL_ATTRS, srcset_urls
from sitegen.html_edit import Document

# A <link> makes the browser fetch (or connect to) its href for these relations only;
# canonical, alternate, prev/next and the like merely name a page.
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                     "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender"}
FOLLOWED = NAVIGATION | {"form", "button"}  # a reader's click or submit, not a fetch (form/button: formaction)


def fetched_urls(element) -> list[str]:
    """The URLs a browser fetches for one element as it loads the page."""
    if element.name in FOLLOWED:
        return []
    if element.name == "link" and not FETCHED_LINK_RELS & set((element.get("rel") or "").lower().split()):
        return []
    urls = []
    for attr in URL_ATTRS.get(element.name, ()):
        if element.name == "input" and (attr == "formaction" or (element.get("type") or "").lower() != "image"):
            continue
        urls.append((element.get(attr) or "").strip())
    for attr in SRCSET_ATTRS.get(element.name, ()):
        urls += srcset_urls(element.get(attr) or "")
    return [url for url in urls if url]


class Found(Exception):
    """A page fetches from other hosts: (line in the built page, URL) of each asset."""

    def __init__(self, assets: list[tuple[int, str]]):
        super().__init__(", ".join(url for _, url in assets))
        self.assets = assets


def check(doc: Document, own_host: str | None) -> None:
    """Raise Found for the assets the page would fetch from a host other than `own_host`."""
    assets = []
    for element in doc.elements:
        for url in fetched_urls(element):
            parts = urlsplit(url)
            if parts.netloc and parts.scheme in ("", "http", "https") and parts.hostname != own_host:
                assets.append((doc.text.count("\n", 0, element.start) + 1, url))
    if assets:
        raise Found(assets)
