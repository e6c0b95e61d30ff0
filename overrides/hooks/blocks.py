"""Markdown fragments shared by the hooks: help boxes, links, page classification."""

from __future__ import annotations

import sitedata


def lang_and_path(src_uri: str, config) -> tuple[str, str]:
    """`en/lessons/x.md` -> ("en", "lessons/x.md") under the i18n folder structure."""
    lang, _, path = src_uri.partition("/")
    if lang not in sitedata.i18n_languages(config):
        raise ValueError(f"docs/{src_uri}: not inside a language folder")
    return lang, path


def page_kind(path: str) -> tuple[str, str]:
    """Classify a language-relative path: ("lesson", slug), ("topic", id) or ("page", path)."""
    folder, _, name = path.partition("/")
    if folder == "lessons" and name.endswith(".md") and "/" not in name:
        return "lesson", name[:-3]
    if folder == "topics" and name.endswith(".md") and "/" not in name and name != "index.md":
        return "topic", name[:-3]
    return "page", path


def link_label(text: str) -> str:
    """Escape the characters that would end a Markdown link label."""
    return text.replace("[", "\\[").replace("]", "\\]")


def canonical_url(config, lang: str, path: str) -> str:
    data = sitedata.site_data(config)
    prefix = "" if lang == data.default else f"{lang}/"
    return f"{config.site_url.rstrip('/')}/{prefix}{path}"


def _channel_line(data, lang, channel, with_use: bool) -> str:
    text = data.local(channel, lang)
    number = f" **{channel['number']}**" if channel.get("number") else ""
    line = f"- {text['name']}{number}"
    return line + (f"{data.t(lang, 'colon')}{text['use']}" if with_use else "")


def help_box(data, lang: str) -> str:
    """The full "If you need help now" box: every verified channel and what it is for."""
    lines = ['<div class="help-box" markdown>', "", f"## {data.t(lang, 'help_title')} {{#help}}", "",
             data.local(data.campaign["help_intro"], lang), ""]
    lines += [_channel_line(data, lang, c, True) for c in data.campaign["help_channels"]]
    return "\n".join(lines + ["", "</div>", ""])


def help_box_short(data, lang: str, home: str = "../index.md") -> str:
    """A compact box for lessons and topics, linking to the full list on the home page."""
    channels = [c for c in data.campaign["help_channels"] if c.get("short")]
    lines = ['<div class="help-box help-box--short" markdown>', "",
             f'<p class="help-box__title">{data.t(lang, "help_short")}</p>', ""]
    lines += [_channel_line(data, lang, c, False) for c in channels]
    lines += ["", f"[{data.t(lang, 'help_more')}]({home}#help)", "", "</div>", ""]
    return "\n".join(lines)
