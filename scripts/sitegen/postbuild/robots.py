"""robots.txt, written from site_url (docs/_data/campaign.yml, set on the config by sitegen.campaign).

The offline pack is opened from file://, where no crawler asks for it: it gets none.
"""

from __future__ import annotations

from pathlib import Path

from sitegen import robots_txt
from sitegen.postbuild import offline_pack


def write(config) -> None:
    if offline_pack.offline(config) or not config.site_url:
        return
    (Path(config.site_dir) / robots_txt.NAME).write_text(robots_txt.text(config.site_url), encoding="utf-8")
