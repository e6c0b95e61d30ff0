"""robots.txt must be well-formed (RFC 9309) and name this site's own sitemap, which must be built."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.checks import Problem
from sitegen import robots_txt as robots_file

SHOWN = "site/robots.txt"  # where `make build` puts it (scripts/sitegen/postbuild/robots.py writes it)
LINE = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")
RULES = {"allow", "disallow"}
FIELDS = {"user-agent", "sitemap"} | RULES


def problems(site: Path, site_url: str) -> list[Problem]:
    path = site / "robots.txt"
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError:
        return [Problem(SHOWN, 1, "robots", "no robots.txt was built")]
    except UnicodeDecodeError as err:
        return [Problem(SHOWN, 1, "robots", f"robots.txt is not UTF-8 (offset {err.start})")]
    expected = robots_file.sitemap_url(site_url)
    out, agents, sitemaps = [], 0, []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            out.append(Problem(SHOWN, number, "robots", f"not a `field: value` line: {raw!r}"))
            continue
        field, value = match[1].lower(), match[2]
        if field not in FIELDS:
            out.append(Problem(SHOWN, number, "robots", f"unknown field {match[1]!r} (RFC 9309: "
                                                         "user-agent, allow, disallow; and sitemap)"))
        elif field == "user-agent":
            agents += 1
            if not value:
                out.append(Problem(SHOWN, number, "robots", "user-agent without a name (use * for every crawler)"))
        elif field in RULES:
            if not agents:
                out.append(Problem(SHOWN, number, "robots", f"{match[1]} before any user-agent line"))
            if value and not value.startswith(("/", "*")):
                out.append(Problem(SHOWN, number, "robots", f"{match[1]} path {value!r} must start with /"))
        else:
            sitemaps.append((number, value))
    if not agents:
        out.append(Problem(SHOWN, 1, "robots", "no user-agent line"))
    if not sitemaps:
        out.append(Problem(SHOWN, 1, "robots", f"no Sitemap line (expected `Sitemap: {expected}`)"))
    for number, url in sitemaps:
        if url != expected:
            out.append(Problem(SHOWN, number, "robots", f"Sitemap {url} is not this site's sitemap {expected}"))
        elif not (site / "sitemap.xml").is_file():  # site_url's root is the built folder
            out.append(Problem(SHOWN, number, "robots", f"Sitemap {url} names a sitemap that was not built"))
    return out
