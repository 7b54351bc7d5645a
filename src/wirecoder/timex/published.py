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

from .. import lookups
from .lexicon import TIMES, alternation, expand, expand_parts, time_words
from .tagger import W, expand_year

#: How far into the text (characters) a publication date is looked for.
HEAD_CHARS = W["published_head_chars"]


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    """The dateline, note and date-line patterns of ``times.en.toml``, in the order they are tried."""
    tw = time_words()
    vocabulary = {"months": alternation(tw["month"]), "weekdays": alternation(tw["weekday"])}
    parts = expand_parts(lookups.word_map(TIMES, "published.parts"), vocabulary)
    templates = lookups.word_map(TIMES, "published.patterns")
    # the dateline is case-sensitive (a capitalised place starts the line); the others are not
    flags = {"dateline": re.M, "note": re.I, "line": re.I | re.M}
    flags["dateline_short"] = re.M
    names = ("dateline", "note", "line", "dateline_short")
    return {name: re.compile(expand(templates[name], parts), flags[name]) for name in names}


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
            if d is None or not (W["published_min_year"] <= d.year <= W["published_max_year"]):
                continue
            if key == "dateline" and m.start() > W["published_dateline_max_offset"]:
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


def find_dateline_span(text: str) -> tuple[int, int] | None:
    """Where the date of a wire dateline without a year stands ("BAMAKO, Oct 11 (Reuters) -": the characters of
    "Oct 11"), None when the text starts with no such dateline. The date is the day the story was filed, resolved
    like any date against the publication date; it is no event's date."""
    m = _patterns()["dateline_short"].search(text[: W["published_dateline_max_offset"] + 200])
    if m is None or m.start() > W["published_dateline_max_offset"]:
        return None
    gd = m.groupdict()
    if gd.get("day"):
        return min(m.start("day"), m.start("mon")), max(m.end("day"), m.end("mon"))
    return m.start("day2"), m.end("mon2")


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
