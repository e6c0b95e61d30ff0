"""Targeted changes to the theme's JavaScript, each guarded so a theme update cannot slip past it.

1. Alternates. For every `<link rel="alternate" hreflang>` in the head, Material
   fetches `sitemap.xml` next to the alternate's URL, to make its language
   selector contextual. mkdocs-static-i18n already writes page-level alternates
   and contextual selector links, so those fetches only produce 404s
   (/lessons/x/sitemap.xml) and console errors on every page. The selector is
   narrowed to match nothing.
2. Search index on demand. Material downloads the whole search index (about a
   third of a page's compressed weight) on every page load. Most readers never
   search, and many are on slow, metered phone connections, so the index is
   fetched when the reader first focuses or touches the search box (or arrives
   with `?q=`). The file:// branch used by `make offline` is left as it is.
3. Started after the page has loaded. site.js fetches the bundle at the reader's
   first touch, key or scroll (sitegen.postbuild.finish takes its `<script>` out
   of the page), so it usually arrives after DOMContentLoaded, which the theme
   waits for before it starts. It now starts at once when that event has passed.
   The search box may already have focus by then: that fetches the index too.
4. Chinese query segmentation (search worker). The worker cuts a run of Chinese
   characters into the longest words its index knows, but its loop stops one
   character short, so the last word of every run loses its tail: 金融 is searched
   as 金*, which matches 金条. The bound is fixed so the whole run is considered.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# (what the bundle says, what it becomes, why it matters if it is missing)
PATCHES = [
    ('M("link[rel=alternate]")', 'M("link[rel=alternate][data-md-sitemap]")',
     "the alternate-sitemap lookup"),
    ('function an(){let e=new It(1);return h(document,"DOMContentLoaded",{once:!0})',
     'function an(){let e=new It(1);return document.readyState!=="loading"?(e.next(document),e):'
     'h(document,"DOMContentLoaded",{once:!0})',
     "the start after DOMContentLoaded"),
    ('ze(new URL("search/search_index.json",Or.base))',
     'H(()=>new Promise(go=>{let f=document.forms.namedItem("search");'
     '["focusin","pointerdown","keydown"].forEach(e=>f.addEventListener(e,()=>go(),{once:!0}));'
     '(/[?&]q=/.test(location.search)||f.contains(document.activeElement))&&go()})'
     '.then(()=>fetch(new URL("search/search_index.json",Or.base)))'
     '.then(r=>{if(!r.ok)throw new Error(r.statusText);return r.json()})).pipe(Z(1))',
     "the search index request"),
]
# The patches above rely on these helpers meaning defer() and shareReplay(), and on the theme's document$.
REQUIRED = ["function H(e){return new F(function(t){U(e()).subscribe(t)})}",
            'function an(){let e=new It(1);return h(document,"DOMContentLoaded",{once:!0})'
            '.subscribe(()=>e.next(document)),e}',
            ':ze(new URL("search/search_index.json",Or.base))}',
            "function ze(e,t){return to(e,t).pipe(b(r=>r.text()),m(r=>JSON.parse(r)),Z(1))}"]


WORKER_PATCHES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)",
     "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)",
     "the Chinese query segmentation"),
]


def patch(folder: Path, pattern: str, patches, required=()) -> None:
    """Apply `patches` to the one file matching `pattern`, or fail the build naming what changed."""
    files = sorted(folder.glob(pattern))
    if len(files) != 1:
        raise PluginError(f"theme_patches: expected one {pattern}, found {[f.name for f in files]}")
    text = files[0].read_text(encoding="utf-8")
    if all(patched in text for _, patched, _ in patches):
        return  # the i18n plugin builds each language into the same site folder
    for needed in required:
        if needed not in text:
            raise PluginError(f"theme_patches: {needed!r} not found in {files[0].name}; "
                              "the theme changed, re-check the search index patch")
    for original, patched, what in patches:
        if text.count(original) != 1:
            raise PluginError(f"theme_patches: {original} not found once in {files[0].name}; "
                              f"the theme changed, re-check {what}")
        text = text.replace(original, patched)
    files[0].write_text(text, encoding="utf-8")


# What assets/javascripts/site.js relies on, beside the patches above. If the theme
# changes any of it, the build fails here instead of search quietly breaking.
CONTRACT = {
    "bundle.*.min.js": [
        ('h(e,"keyup"),o).pipe(m(()=>e.value)', "search reads the box's value on keyup (site.js replays it)"),
        ("new Worker(e)", "search creates its worker with `new Worker(url)` (site.js defers it)"),
    ],
    "workers/search.*.min.js": [
        ("switch(t.type){case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1};case 2:let e=t.data;",
         "worker messages: 0 sets up the index from data.config and data.docs, 2 is a query string"),
    ],
}
SEARCH_BOX = re.compile(r'<form class="md-search__form" name="search">\s*<input type="text" class="md-search__input" '
                        r'name="query"[^>]*data-md-component="search-query"')


def contract_problems(scripts: Path, page_html: str) -> list[str]:
    """What site.js needs from the theme and no longer finds."""
    out = [] if SEARCH_BOX.search(page_html) else [
        "the search box is no longer `form[name=search] input[name=query][data-md-component=search-query]`"]
    for pattern, needs in CONTRACT.items():
        files = sorted(scripts.glob(pattern))
        text = files[0].read_text(encoding="utf-8") if len(files) == 1 else ""
        out += [f"{pattern}: {why}" for needle, why in needs if needle not in text]
    return out


def apply(config):
    site = Path(config.site_dir)
    scripts = site / "assets" / "javascripts"
    # Runs before js_minify in every language's build, so it always reads the theme's own files.
    problems = contract_problems(scripts, (site / "404.html").read_text(encoding="utf-8"))
    if problems:
        raise PluginError("theme_patches: the theme changed under assets/javascripts/site.js: " + "; ".join(problems))
    patch(scripts, "bundle.*.min.js", PATCHES, REQUIRED)
    patch(scripts / "workers", "search.*.min.js", WORKER_PATCHES)
