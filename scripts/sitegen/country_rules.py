"""Rules that differ by country, kept as data: one file per country in sitegen/countries/, chosen by
campaign.yml `country`. Today they say which numbers in a page's text are phone numbers."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from sitegen import sitedata

FOLDER = Path(__file__).resolve().parent / "countries"
# A number on its own: not part of a longer number, a decimal ("1.110"), a date, a URL or a
# Markdown placeholder (`wzxhzdk:12`); a full stop or comma after it may end the sentence.
BEFORE = r"(?<![0-9A-Za-z\-/#:])(?<!\d[.,])"
AFTER = r"(?![0-9A-Za-z%]|[.,]\d)"


def shipped() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.yml"))


@lru_cache(maxsize=None)
def _rules(code: str) -> dict:
    return yaml.safe_load((FOLDER / f"{code}.yml").read_text(encoding="utf-8"))


def rules(data) -> dict:
    """The campaign's country's rules; an unknown country fails at campaign.yml's line."""
    code = data.campaign["country"]
    if code not in shipped():
        raise sitedata.DataError(data.campaign.where.file, data.campaign.line("country"),
                                 f"country: no rules for '{code}' (the generator has: {', '.join(shipped())}); "
                                 f"add sitegen/countries/{code}.yml")
    return _rules(code)


def phone_number(data) -> re.Pattern:
    """A number on its own in text with the shape of the country's service numbers."""
    return re.compile(rf"{BEFORE}({rules(data)['short_numbers']}){AFTER}")
