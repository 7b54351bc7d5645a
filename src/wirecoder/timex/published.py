# ruff: noqa: E501  (date patterns keep one regular expression per line)
"""Find an article's publication date in its text.

Looks, in the first lines of the text only, for:

* a wire dateline: ``SAN SALVADOR, 4 JAN 90 (RADIO VENCEREMOS) --``;
* a publication note: ``This story is from March 11, 2002``, ``Published: 8 Sep 2017``,
  ``Updated September 8, 2017``;
* a line that holds (almost) nothing but a full date: ``08 September, 2017``,
  ``Friday 8 September 2017 14:02``, ``2017-09-08``.

Only full dates (day, month and year) count; a missing date stays missing.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import functools
import re
from datetime import date

from .lexicon import alternation, time_words
from .tagger import expand_year

#: How far into the text (characters) a publication date is looked for.
HEAD_CHARS = 1500


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    tw = time_words()
    months = alternation(tw["month"])
    wd = rf"(?:(?:{alternation(tw['weekday'])})\.?,?\s+)?"

    def dmy(sfx: str) -> str:
        return rf"{wd}(?P<day{sfx}>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon{sfx}>{months})\.?,?\s+(?P<year{sfx}>(?:1[89]|20)\d\d)"

    def mdy(sfx: str) -> str:
        return rf"{wd}(?P<mon{sfx}>{months})\.?\s+(?P<day{sfx}>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year{sfx}>(?:1[89]|20)\d\d)"

    day = r"(?P<day>[0-3]?\d)"
    mon = rf"(?P<mon>(?i:{months}))\.?"
    date_iso = r"(?P<iyear>(?:19|20)\d\d)-(?P<imon>[01]\d)-(?P<iday>[0-3]\d)"
    any_date = rf"(?:{dmy('')}|{mdy('2')}|{date_iso})"
    return {
        # PLACE, 4 JAN 90 (SOURCE) --   (the source and the dashes are optional, the place is not)
        "dateline": re.compile(
            rf"^[ \t]*[A-Z][A-Za-z .'\-]{{1,40}}(?:[ \t]*\([^)\n]{{1,40}}\))?(?:,[ \t]*[A-Z][A-Za-z .'\-]{{1,30}})?,?[ \t]+"
            rf"{day}[ \t]+{mon}[ \t]+"
            r"(?P<year>'?\d{2}|(?:19|20)\d\d)\b(?:[ \t]*\([^)\n]{1,60}\))?\s*(?:--|\u2014|-|:)",
            re.M,
        ),
        "note": re.compile(
            rf"\b(?:this\s+(?:story|article|report)\s+(?:is|was)\s+from|published(?:\s+on)?|posted(?:\s+on)?|"
            rf"updated(?:\s+on)?|first\s+published(?:\s+on)?|date)\s*:?\s*"
            r"(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*(?:on\s+)?,?\s*)?"  # "Published 12:30 GMT, 8 Sep 2017"
            rf"{any_date}",
            re.I,
        ),
        "line": re.compile(
            rf"^[ \t]*(?:(?:by\s+[^\n]{{1,40}}?|\w+\s+\w+)\s*[|\u2022,\-\u2013]\s*)?{any_date}"
            r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?[ \t]*$",
            re.I | re.M,
        ),
    }


def _groups(m: re.Match) -> tuple[str, str, str, str] | None:
    """(day, month, year, suffix) group values of whichever date form matched."""
    gd = m.groupdict()
    for sfx in ("", "2"):
        if gd.get("day" + sfx) and gd.get("mon" + sfx) and gd.get("year" + sfx):
            return gd["day" + sfx], gd["mon" + sfx], gd["year" + sfx], sfx
    return None


def _to_date(m: re.Match) -> date | None:
    gd = m.groupdict()
    try:
        if gd.get("iyear"):
            return date(int(gd["iyear"]), int(gd["imon"]), int(gd["iday"]))
        g = _groups(m)
        if g is None:
            return None
        month = int(time_words()["month"][g[1].lower().rstrip(".")])
        return date(expand_year(g[2]), month, int(g[0]))
    except (ValueError, KeyError, TypeError):
        return None


def find_published(text: str) -> tuple[date, int, int] | None:
    """The publication date written in an article's text, with where it was found.

    text (str): the article text (only its first ``HEAD_CHARS`` characters are read).
    RETURNS (tuple[date, int, int] | None): ``(date, start, end)`` of the date expression, or None
        when the text states no full publication date.
    """
    if not text:
        return None
    head = text[:HEAD_CHARS]
    pats = _patterns()
    best: tuple[int, date, int, int] | None = None
    for rank, key in enumerate(("dateline", "note", "line")):
        for m in pats[key].finditer(head):
            d = _to_date(m)
            if d is None or not (1900 <= d.year <= 2100):
                continue
            if key == "dateline" and m.start() > 400:
                break
            # the date itself, not the place or note before it
            s = m.start("day") if m.groupdict().get("day") and key == "dateline" else m.start()
            e = m.end("year") if key == "dateline" else m.end()
            if key != "dateline":
                s, e = _date_bounds(m)
            cand = (rank, d, s, e)
            if best is None or (cand[0], cand[2]) < (best[0], best[2]):
                best = cand
            break
    if best is None:
        return None
    return best[1], best[2], best[3]


def _date_bounds(m: re.Match) -> tuple[int, int]:
    """Offsets of the date proper inside a note or date-line match."""
    gd = m.groupdict()
    if gd.get("iyear"):
        return m.start("iyear"), m.end("iday")
    g = _groups(m)
    if g is None:
        return m.span()
    sfx = g[3]
    return min(m.start("day" + sfx), m.start("mon" + sfx)), m.end("year" + sfx)
