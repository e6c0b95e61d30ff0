"""Add a Content-Security-Policy <meta> to every page, with hashes of its inline scripts.

Scripts may only come from this site or be one of the theme's inline snippets,
hashed here at build time, so no `unsafe-inline` is needed for scripts. Styles
keep 'unsafe-inline' because the theme sets style attributes. `frame-ancestors`
is left to the server header (scripts/nginx.conf): browsers ignore it in <meta>.
"""

from __future__ import annotations

import base64
import hashlib

from mkdocs.exceptions import PluginError

from sitegen.html_edit import Document

DATA_TYPES = {"application/json", "application/ld+json"}  # data blocks are never executed

POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")


def script_hashes(doc: Document) -> list[str]:
    hashes = set()
    for script in doc.find_all("script"):
        if "src" in script.attrs or script.get("type") in DATA_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(doc.inner(script).encode("utf-8")).digest()).decode()
        hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def policy(doc: Document) -> str:
    return POLICY.format(hashes=" ".join(script_hashes(doc))).replace("'self' ;", "'self';")


def add_policy(doc: Document) -> None:
    """A CSP <meta> right after the page's <meta charset>, hashing its inline scripts as they will be written
    (after the other edits to `doc`)."""
    charset = next((m for m in doc.find_all("meta") if "charset" in m.attrs), None)
    if charset is None:
        raise PluginError("csp: no <meta charset> to place the policy after")
    doc.insert_after(charset, f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(doc)}">')
