"""When a page is due for review: six months after it was checked if it states legal
rules (it lists sources), twelve months otherwise. The law changes; so does the rest, slower.
"""

from __future__ import annotations

import datetime

RULE_MONTHS, OTHER_MONTHS = 6, 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.month - 1 + months, 12)
    for last in (31, 30, 29, 28):  # 31 August + 6 months is the last day of February
        try:
            return day.replace(year=day.year + year, month=month + 1, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def due_for(reviewed: datetime.date, entry: dict) -> datetime.date:
    return add_months(reviewed, RULE_MONTHS if entry.get("sources") else OTHER_MONTHS)
