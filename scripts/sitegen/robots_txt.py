"""What robots.txt says (RFC 9309): every crawler may read every page, and where the sitemap is.

Written by the post-build step (sitegen.postbuild.robots) and read back by `make check`
(sitegen.checks.robots): both take the text from here.
"""

from __future__ import annotations

NAME = "robots.txt"


def sitemap_url(site_url: str) -> str:
    return site_url.rstrip("/") + "/sitemap.xml"


def text(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url(site_url)}\n"
