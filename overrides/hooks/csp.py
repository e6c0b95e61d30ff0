"""Add a Content-Security-Policy <meta> to every page, with hashes of its inline scripts.

Scripts may only come from this site or be one of the theme's inline snippets,
hashed here at build time, so no `unsafe-inline` is needed for scripts. Styles
keep 'unsafe-inline' because the theme sets style attributes. `frame-ancestors`
is left to the server header (scripts/nginx.conf): browsers ignore it in <meta>.
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
DATA_TYPES = re.compile(r"""\btype=["']application/(ld\+)?json["']""")
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)

POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")


def script_hashes(html: str) -> list[str]:
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        if DATA_TYPES.search(attrs):
            continue  # data blocks are never executed, so CSP does not apply to them
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def policy(html: str) -> str:
    return POLICY.format(hashes=" ".join(script_hashes(html))).replace("'self' ;", "'self';")


def add_policy(html: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    html, count = CHARSET.subn(lambda m: m[0] + "\n    " + meta, html, count=1)
    if not count:
        raise PluginError("csp: no <meta charset> to place the policy after")
    return html


@event_priority(-50)  # after every hook that edits the page
def on_post_page(output, page, config):
    return output if config.extra.get("offline_pack") else add_policy(output)


@event_priority(-50)
def on_post_template(output, template_name, config):
    if config.extra.get("offline_pack") or not template_name.endswith(".html"):
        return output
    return add_policy(output)
