"""robots.txt: every crawler may read every page, and is told where the sitemap is (RFC 9309).

Written from site_url (docs/_data/campaign.yml, set on the config by sitegen.campaign).
The offline pack is opened from file://, where no crawler asks for it: it gets none.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.postbuild import offline_pack

NAME = "robots.txt"


def sitemap_url(site_url: str) -> str:
    return site_url.rstrip("/") + "/sitemap.xml"


def text(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url(site_url)}\n"


def write(config) -> None:
    if offline_pack.offline(config) or not config.site_url:
        return
    (Path(config.site_dir) / NAME).write_text(text(config.site_url), encoding="utf-8")
