"""Apply docs/_data/campaign.yml to the MkDocs configuration.

mkdocs.yml holds only what every campaign shares (theme, plugins, Markdown extensions). The
campaign's site names and descriptions, its languages, its site_url and its
copyright line come from campaign.yml, so a new campaign changes one file.
This runs before the i18n plugin (its on_config has priority -100), which then
applies each language's names as it builds that language.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs_static_i18n.config import I18nPluginLanguage

from sitegen import sitedata

def apply(config):
    """Set the i18n languages, site_url, names and copyright from campaign.yml (before the i18n plugin reads them)."""
    try:
        data = sitedata.site_data(config)
    except sitedata.DataError as err:
        raise PluginError(str(err)) from None
    # Required keys and their types were checked on load (sitegen.data_schemas.campaign).
    campaign, path = data.campaign, sitedata.campaign_file(data.docs_dir)
    languages = [_language(data, entry, n == 0, path) for n, entry in enumerate(campaign["languages"])]
    config.plugins["i18n"].config.languages = languages
    default = languages[0]
    config.site_url = campaign["site_url"]
    config.site_name = default.site_name
    config.site_description = default.site_description
    config.copyright = default.copyright
    # The search plugin takes its separator and segmentation from theme.language.
    config.theme["language"] = default.locale
    return config


def _language(data, entry: dict, default: bool, path) -> I18nPluginLanguage:
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
        line = sitedata.line_of_value(path, locale)
        raise PluginError(f"{path.relative_to(data.docs_dir.parent)}:{line}: language {locale!r}: {why}")
    return language
