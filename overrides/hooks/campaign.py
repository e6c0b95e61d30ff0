"""Apply docs/_data/campaign.yml to the MkDocs configuration.

mkdocs.yml holds only what every campaign shares (theme, plugins, hooks). The
campaign's site names and descriptions, its languages, its site_url and its
copyright line come from campaign.yml, so a new campaign changes one file.
This runs before the i18n plugin (its on_config has priority -100), which then
applies each language's names as it builds that language.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_static_i18n.config import I18nPluginLanguage

import sitedata

REQUIRED = ("site_url", "languages", "licence", "help_intro", "categories", "help_channels", "resources")


@event_priority(100)
def on_config(config):
    try:
        data = sitedata.site_data(config)
    except sitedata.DataError as err:
        raise PluginError(str(err)) from None
    campaign, path = data.campaign, sitedata.campaign_file(data.docs_dir)
    missing = [key for key in REQUIRED if not campaign.get(key)]
    if missing:
        raise PluginError(f"{path.relative_to(data.docs_dir.parent)}:1: missing {', '.join(missing)} "
                          "(every campaign declares them; see README, Start a new campaign)")
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
    missing = [key for key in ("site_name", "site_description") if not entry.get(key)]
    if failed or missing:
        why = "; ".join([f"{key}: {error}" for key, error in failed] + [f"{key} is missing" for key in missing])
        line = sitedata.line_of_value(path, locale)
        raise PluginError(f"{path.relative_to(data.docs_dir.parent)}:{line}: language {locale!r}: {why}")
    return language
