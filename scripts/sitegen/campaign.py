"""Apply docs/_data/campaign.yml to the MkDocs configuration.

mkdocs.yml holds only what every campaign shares (theme, plugins, Markdown extensions). The
campaign's site names and descriptions, its languages, its site_url and its
copyright line come from campaign.yml, so a new campaign changes one file.
This runs before the i18n plugin (its on_config has priority -100), which then
applies each language's names as it builds that language.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs_static_i18n.config import I18nPluginLanguage

from sitegen import paths, sitedata

def apply(config):
    """Set the i18n languages, site_url, names and copyright from campaign.yml (before the i18n plugin reads them)."""
    try:
        data = sitedata.site_data(config)
    except sitedata.DataError as err:
        raise PluginError(str(err)) from None
    # Required keys and their types were checked on load (sitegen.schemas.campaign).
    campaign = data.campaign
    languages = [_language(data, entry, n == 0) for n, entry in enumerate(campaign["languages"])]
    _check_theme_translations(config, data, campaign.locales)
    config.plugins["i18n"].config.languages = languages
    default = languages[0]
    config.site_url = campaign["site_url"]
    config.site_name = default.site_name
    config.site_description = default.site_description
    config.copyright = default.copyright
    # The search plugin takes its separator and segmentation from theme.language.
    config.theme["language"] = default.locale
    return config


def _language(data, entry: dict, default: bool) -> I18nPluginLanguage:
    locale = entry.get("locale", "?")
    t = lambda key: data.t(locale, key, licence=data.campaign["licence"]["name"])  # noqa: E731
    language = I18nPluginLanguage()
    language.load_dict({
        "locale": locale, "name": entry.get("name"), "default": default, "build": True,
        "site_name": entry.get("site_name"), "site_description": entry.get("site_description"),
        "copyright": t("copyright"),
        # Section titles come from the folder names (lessons/, topics/, questions/, tools/).
        "nav_translations": {"Lessons": t("nav_lessons"), "Topics": t("nav_topics"),
                             "Questions": t("nav_questions"), "Tools": t("nav_tools")},
    })
    failed, _warnings = language.validate()
    if failed:
        why = "; ".join(f"{key}: {error}" for key, error in failed)
        raise PluginError(f"{data.campaign.where.file}:{data.campaign.line_of_value(locale)}: language {locale!r}: {why}")
    return language


def _check_theme_translations(config, data, locales: list[str]) -> None:
    """Material imports partials/languages/<locale>.html (its interface's words) into every page of a language:
    without one on the theme's search path, the build would stop in Jinja (TemplateNotFound). Named here instead,
    at the language's line. The search path: the campaign's overrides/, the generator's theme and Material."""
    root = data.docs_dir.parent
    custom = config.theme.custom_dir
    for locale in locales:
        if paths.theme_file(config, f"partials/languages/{locale}.html"):
            continue
        overrides = Path(custom) if custom else root / "overrides"
        try:
            overrides = overrides.resolve().relative_to(root.resolve())
        except ValueError:  # a custom_dir outside the project: named as written
            pass
        line = data.campaign.line_of_value(locale)
        raise PluginError(f"{data.campaign.where.file}:{line}: language {locale!r}: the theme has no translation of its "
                          f"interface; add {overrides.as_posix()}/partials/languages/{locale}.html "
                          f"(see CONTRIBUTING.md, Add a language)")
