"""Numbers written with CJK numerals (第一百九十五条, 第十五条), read as integers.

Rule citations in Chinese texts write article numbers this way; the citation check
compares them with the numbers in the sources' names, whichever way those are written.
"""

from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def to_int(text: str) -> int | None:
    """"一百九十五" -> 195, "十五" -> 15, "195" -> 195; None for anything else."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:  # a unit multiplies the digit before it; a bare "十" is ten
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    return total + (digit or 0)
