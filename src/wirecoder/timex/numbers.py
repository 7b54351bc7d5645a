"""Read a number written in digits or English words ("1,200", "twenty-five", "a dozen").

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import re

from .lexicon import alternation, number_words

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


def word_value(text: str) -> int | None:
    """The integer value of a number written in words or digits, or None.

    text (str): e.g. "85", "1,200", "six", "twenty-five", "two hundred", "a dozen", "3 million".
    RETURNS (int | None): the value; None when ``text`` is not a number.
    """
    t = text.strip().lower().replace("\u2013", "-")
    if not t:
        return None
    if _DIGITS.match(t):
        return int(float(t.replace(",", "")))
    nums = {k: v[1] for k, v in number_words().get("num", {}).items()}
    mults = {k: v[1] for k, v in number_words().get("mult", {}).items()}
    if t in nums:
        return nums[t]
    total = 0
    current = 0
    seen = False
    for w in re.split(r"[\s-]+", t):
        if w == "and":
            continue
        if w in ("a", "an"):
            if seen:
                return None
            current, seen = 1, True
            continue
        if _DIGITS.match(w):
            current += int(float(w.replace(",", "")))
        elif w in nums:
            current += nums[w]
        elif w in mults:
            m = mults[w]
            current = max(current, 1) * m
            if m >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_pattern() -> str:
    """A regex (no groups) matching one number in digits or words."""
    nums = [w for w in number_words().get("num", {}) if w not in ("no",)]
    mults = list(number_words().get("mult", {}))
    word = alternation(nums)
    mult = alternation(mults)
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    unit = rf"(?:{digits}|\b(?:{word})\b)"
    return rf"(?:{unit}(?:[\s-]+(?:and[\s-]+)?(?:\b(?:{word}|{mult})\b))*)"
