"""The `sitegen` MkDocs plugin: one campaign's data made into pages, and the site finished.

Listed in mkdocs.yml as `- sitegen:` (registered through the `mkdocs.plugins` entry point
in pyproject.toml). Each MkDocs event does one visible thing, in the order written here;
what happens after the build is one list of named steps (sitegen.postbuild.STEPS).

mkdocs-static-i18n builds every other language from inside the default language's
build. The page events run for every language; the post-build steps run once, at the
end, when every language's pages are written.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urljoin

import jinja2
import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from sitegen import campaign, markdown_cache, paths, postbuild, search_cache, share, sitedata, tool_cache
from sitegen.checks import lint, markdown_links, page_tree
from sitegen.postbuild import external_assets, finish, languages, offline_pack
from sitegen.render import calculator, content, generic, letter_form, nav, situation_form, terms
from sitegen.render.rendering import Rendering
from sitegen.render.tel_links import TelLinksExtension
from sitegen.settings import SitegenConfig


class SitegenPlugin(BasePlugin[SitegenConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.tel = TelLinksExtension()
        self.state = postbuild.State()
        self.renderings: dict[str, Rendering] = {}  # by source file, every language's: made once per page
        self.built = False

    @event_priority(100)  # before mkdocs-static-i18n (-100) reads the languages it is given here
    def on_config(self, config):
        add_theme(config)  # first: the campaign's languages are checked against the whole theme search path
        try:
            campaign.apply(config)
        except sitedata.DataError as err:
            raise PluginError(str(err)) from None
        offline_pack.configure(config)
        if self.tel not in config.markdown_extensions:  # MkDocs runs on_config again for each language
            config.markdown_extensions.append(self.tel)
        markdown_cache.use()  # a page converted before, with the same inputs, comes from the cache
        return config

    def on_pre_build(self, config):
        if not config.plugins["i18n"].building:  # a new build, not another language of this one
            if self.built:  # `mkdocs serve` rebuilding in the same process: read the data files again
                sitedata.reload()
            self.state, self.renderings, self.built = postbuild.State(), {}, True
        found = page_tree.problems(Path(config.docs_dir), sitedata.i18n_languages(config))
        if found:
            raise PluginError("pages differ between languages:\n" + "\n".join(f"{p}:{n}: {m}" for p, n, m in found))

    def on_env(self, env, config, files):
        # Compiling the theme's templates is a tenth of a build, and gives the same code until a template
        # changes: Jinja keeps it, under each template's name and the checksum of its source.
        folder = tool_cache.folder() / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has reduced the navigation to one language
    def on_nav(self, navigation, config, files):
        return nav.order(navigation, config, self.config.nav_order)

    def on_page_markdown(self, markdown, page, config, files):
        r = self.renderings[page.file.src_uri] = Rendering.of(page, config)
        self.tel.use(r.data, r.lang)
        try:
            # Front matter is data too: checked on load, so no field reaches a page unchecked.
            problems = lint.page_front_matter_problems(paths.of_config(config), r.data, r.lang, r.path)
            if problems:
                raise PluginError("\n".join(map(str, problems)))
            for render in (calculator.render, situation_form.render, letter_form.render, content.render,
                           generic.render):
                markdown = render(markdown, r)
        except sitedata.DataError as err:  # bad front matter, a page without the section its block goes in
            root = paths.of_config(config)
            raise PluginError("\n".join(f"{paths.relative(e.path, root)}:{e.line}: {e.message}"
                                        for e in err.errors)) from None
        # The theme writes a page's title and description unescaped in some places (navigation,
        # <meta>) and escaped in others (`| e`): Markup is escaped once here and never again.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = markupsafe.Markup(html.escape(page.meta[key], quote=False).replace('"', "&quot;"))
        return markdown

    def on_page_content(self, html, page, config, files):
        # Before the search plugin reads the page (its explanations are kept out of the index).
        search_cache.use(config)  # the search plugin's entries for an unchanged page come from the cache
        r = self.renderings[page.file.src_uri]
        return terms.explained(r.data, r.lang, html)

    def on_page_context(self, context, page, config, nav):
        r = self.renderings[page.file.src_uri]
        generic.help_link(r)
        share.add(r)  # the share card's tags and PNG, the print QR code (its title is final here)
        return context

    def on_template_context(self, context, template_name, config):
        if template_name == "404.html":
            languages.home_links(config, sitedata.site_data(config))
            return generic.not_found(context, config, config.plugins["i18n"].current_language)
        return context

    @event_priority(-50)  # the last word on a page: its policy hashes the scripts as they finally are
    def on_post_page(self, output, page, config):
        r = self.renderings[page.file.src_uri]
        return self.finish(output, config, r.lang, urljoin(config.site_url, page.url), r.source)

    def on_post_template(self, output, template_name, config):
        if template_name == "sitemap.xml":  # MkDocs writes its .gz copy from what this returns
            return languages.sitemap_x_default(output, sitedata.site_data(config).default)
        if template_name != "404.html":
            return output
        # Every language writes /404.html; the post-build step puts each where it is served.
        data = sitedata.site_data(config)
        lang = config.plugins["i18n"].current_language
        prefix = data.prefix(lang)
        template = paths.theme_file(config, template_name)
        self.state.not_found[lang] = self.finish(output, config, lang, urljoin(config.site_url, f"{prefix}404.html"),
                                                 paths.relative(template, paths.of_config(config)))
        return output

    def finish(self, output: str, config, lang: str, url: str, source: str) -> str:
        """`source`: the file the page was written from, for `file:line: message`."""
        try:
            return finish.finish(output, sitedata.site_data(config), lang, url, offline_pack.offline(config))
        except external_assets.Found as err:
            raise PluginError("\n".join(
                f"{asset_source(config, source, asset)}: {asset} is fetched from another site "
                f"(in {url}, line {line}): readers may not reach it; serve a copy from the site"
                for line, asset in err.assets)) from None

    @event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages in its own
    def on_post_build(self, config):
        if config.plugins["i18n"].building:
            return  # a language built inside the default one's build: the steps run once, at the end
        postbuild.run(config, self.state)


def add_theme(config) -> None:
    """Put the generator's theme (sitegen/theme: templates, scripts, styles) on the theme's search path, after
    the campaign's overrides/ and before Material, as mkdocs-static-i18n adds its sitemap template. Its files
    are copied into the site as the theme's own are."""
    dirs = config.theme.dirs
    if str(paths.THEME) in dirs:  # on_config runs again for each language
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and Path(dirs[0]).resolve() == Path(custom).resolve() else 0, str(paths.THEME))


def asset_source(config, page_source: str, url: str) -> str:
    """`file:line` where an asset's URL was written: mkdocs.yml's extra_css or extra_javascript, or the page's
    source (line 1 when the page's template wrote it)."""
    root = paths.of_config(config)
    if url in map(str, [*config.extra_css, *config.extra_javascript]):
        return f"mkdocs.yml:{sitedata.line_of_value(root / 'mkdocs.yml', url)}"
    return f"{page_source}:{markdown_links.line_of(root / page_source, url)}"
