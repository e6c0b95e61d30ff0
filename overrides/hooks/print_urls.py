"""Give every internal link its public URL in `data-print-url`, for print.

The print stylesheet writes a link's URL after its text. External links carry
their URL in href; internal ones are relative, so this hook records the absolute
address a reader of the printed page can type.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from blocks import canonical_url, lang_and_path

ARTICLE = re.compile(r"(<article\b.*?</article>)", re.S)
LINK = re.compile(r'<a href="(?!https?:|mailto:|tel:|#|javascript:)([^"]+)"')


def on_post_page(output, page, config):
    lang, _ = lang_and_path(page.file.src_uri, config)
    base = canonical_url(config, lang, page.url.removeprefix(f"{lang}/"))
    return ARTICLE.sub(
        lambda article: LINK.sub(lambda m: f'<a href="{m[1]}" data-print-url="{urljoin(base, m[1])}"', article[0]),
        output, count=1)
