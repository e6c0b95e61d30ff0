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
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

# (what the bundle says, what it becomes, why it matters if it is missing)
PATCHES = [
    ('M("link[rel=alternate]")', 'M("link[rel=alternate][data-md-sitemap]")',
     "the alternate-sitemap lookup"),
    ('ze(new URL("search/search_index.json",Or.base))',
     'H(()=>new Promise(go=>{let f=document.forms.namedItem("search");'
     '["focusin","pointerdown","keydown"].forEach(e=>f.addEventListener(e,()=>go(),{once:!0}));'
     '/[?&]q=/.test(location.search)&&go()})'
     '.then(()=>fetch(new URL("search/search_index.json",Or.base)))'
     '.then(r=>{if(!r.ok)throw new Error(r.statusText);return r.json()})).pipe(Z(1))',
     "the search index request"),
]
# The patch above relies on these helpers meaning defer() and shareReplay().
REQUIRED = ["function H(e){return new F(function(t){U(e()).subscribe(t)})}",
            ':ze(new URL("search/search_index.json",Or.base))}',
            "function ze(e,t){return to(e,t).pipe(b(r=>r.text()),m(r=>JSON.parse(r)),Z(1))}"]


def on_post_build(config):
    bundles = sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"theme_patches: expected one theme bundle, found {[b.name for b in bundles]}")
    text = bundles[0].read_text(encoding="utf-8")
    if all(patched in text for _, patched, _ in PATCHES):
        return  # the i18n plugin builds each language into the same site folder
    for needed in REQUIRED:
        if needed not in text:
            raise PluginError(f"theme_patches: {needed!r} not found in {bundles[0].name}; "
                              "the theme changed, re-check the search index patch")
    for original, patched, what in PATCHES:
        if text.count(original) != 1:
            raise PluginError(f"theme_patches: {original} not found once in {bundles[0].name}; "
                              f"the theme changed, re-check {what}")
        text = text.replace(original, patched)
    bundles[0].write_text(text, encoding="utf-8")
