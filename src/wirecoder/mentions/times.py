"""Time mentions: temporal expressions normalised against the publication date.

The stage ``wirecoder.time_mentions.v1``:

1. when ``article.published`` is None, looks for the publication date in the
   text (date lines, wire datelines, "This story is from ...") with
   :func:`find_published` and, if found, sets ``article.published`` and
   ``article.published_source = "text"``; a missing date stays None. When the
   metadata gives the date and the text's date line states that same day
   ("SAN SALVADOR, 12 MAY 89 (RADIO ...) --"), only ``article.published_span``
   is set: the line is the publication date, never an event's date;
2. tags temporal expressions with the rule-based tagger
   (:func:`wirecoder.timex.tag_times`), resolving relative expressions
   against the publication date;
3. offers spaCy DATE entities that no rule covered to ``dateparser`` (slow,
   so only those short spans) with the publication date as its base.

Each expression becomes a :class:`~wirecoder.doc.TimeMention` (``type``
DATE/TIME/DURATION/SET is internal; durations are never event dates).

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from ..doc import Article, TimeMention
from ..pipeline import Stage
from ..registry import stages
from ..timex import Timex, find_published, tag_times
from ..timex.lexicon import alternation, time_words
from ..timex.published import find_dateline_span
from ..timex.tagger import W, precision_of, week_value

__all__ = ["TimeMentions", "find_published", "make_time_mentions"]


@functools.lru_cache(maxsize=1)
def _date_word() -> re.Pattern:
    tw = time_words()
    words = list(tw["month"]) + list(tw["weekday"])
    return re.compile(rf"\b(?:{alternation(words)})\b", re.I)


@functools.lru_cache(maxsize=16)
def _date_parser(base: date | None):
    """A dateparser parser fixed to English and to the publication date as base."""
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": [] if base else ["year"],
    }
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12, 0)
    return DateDataParser(languages=["en"], settings=settings)


def _parse(text: str, base: date | None) -> tuple[date, str] | None:
    """dateparser's reading of ``text`` against ``base``: (the date, its period), or None."""
    try:
        data = _date_parser(base).get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


#: :func:`_parse` remembered for the most recent (text, base) pairs: DATE entities such as weekday names
#: repeat within an article and across the articles of a day (issue #18).
_parsed_against = functools.lru_cache(maxsize=4096)(_parse)


def dateparser_timex(text: str, start: int, base: date | None) -> Timex | None:
    """Normalise one candidate span with ``dateparser`` (fallback for what the rules miss).

    text (str): the candidate expression (e.g. a spaCy DATE entity).
    start (int): its offset in the article.
    base (date | None): the publication date.
    RETURNS (Timex | None): the expression, or None when dateparser cannot read it.
    """
    if not _date_word().search(text) or len(text) > W["dateparser_max_chars"]:
        return None
    # without a base dateparser reads against the clock, so only readings against a base are kept
    parsed = _parsed_against(text, base) if base else _parse(text, base)
    if parsed is None:
        return None
    d, period = parsed
    if period == "year":
        a, b, value = date(d.year, 1, 1), date(d.year, 12, 31), str(d.year)
    elif period == "month":
        from ..timex.tagger import month_end

        a, b, value = date(d.year, d.month, 1), month_end(d.year, d.month), f"{d.year}-{d.month:02d}"
    elif period == "week":
        from ..timex.tagger import week_bounds

        a, b = week_bounds(d)
        value = week_value(d)
    else:
        a = b = d
        value = d.isoformat()
    return Timex(start, start + len(text), text, "DATE", value, a, b, precision_of(a, b), "dateparser")


def _filed(day: date, published: date) -> bool:
    """Whether a date written on the dateline can be the day a story published on ``published`` was filed: the same
    day, up to ``dateline_lag_days`` before, or the day after (a local date ahead of the outlet's clock)."""
    return -1 <= (published - day).days <= W["dateline_lag_days"]


class TimeMentions(Stage):
    """Find temporal expressions; set the publication date from the text when it is missing.

    use_entities (bool): also try spaCy DATE entities the rules did not cover (with dateparser).
    """

    requires = ("article.text", "article.doc", "article.upper_case", "article.published")
    assigns = ("mentions.times", "article.published", "article.published_source", "article.published_span")

    def __init__(self, config: dict | None = None, use_entities: bool = True) -> None:
        self.use_entities = use_entities

    def find(self, article: Article) -> tuple[tuple[date, int, int] | None, list[Timex]]:
        """Find the publication date's line in the text (the date itself when the article has none; with a
        given date, only a line that states that same day) and the expressions, without changing the article."""
        text = article.text or ""
        line = find_published(text)
        dct = article.published
        if dct is None:
            pub = line
            dct = line[0] if line else None
        else:
            # the date line of the given date, or of a day or a few before it: the day the story was filed, which
            # its "yesterday" and "on Friday" count from
            pub = line if line is not None and _filed(line[0], dct) else None
            dct = pub[0] if pub is not None and pub[0] <= dct else dct
        upper = article.upper_case
        span = find_dateline_span(text) if pub is None and dct is not None else None
        if span is not None:
            # "BAMAKO, Oct 11 (Reuters) -": a dateline without a year, its date resolved against the given date
            # (tagged alone first, so that the whole text is tagged once, against the right day)
            filed = next((t.start_date for t in tag_times(text[span[0] : span[1]], dct, upper=upper) if t.start_date),
                         None)
            if filed is not None and _filed(filed, dct):
                pub = (filed, span[0], span[1])
                dct = min(dct, filed)
        timexes = tag_times(text, dct, upper=upper)
        if self.use_entities and article.doc is not None:
            taken = [(t.start, t.end) for t in timexes]
            for ent in article.doc.ents:
                if ent.label_ != "DATE":
                    continue
                s, e = ent.start_char, ent.end_char
                if any(s < b and a < e for a, b in taken):
                    continue
                t = dateparser_timex(text[s:e], s, dct)
                if t is not None:
                    timexes.append(t)
                    taken.append((s, e))
            timexes.sort(key=lambda t: t.start)
        return pub, timexes

    def __call__(self, article: Article) -> Article:
        given = article.published is not None
        pub, timexes = self.find(article)
        if pub is not None:
            if not given:
                article.published = pub[0]
                article.published_source = "text"
            article.published_span = (pub[1], pub[2])
        article.mentions.times = [to_mention(t) for t in timexes]
        return article


def to_mention(t: Timex) -> TimeMention:
    """A :class:`TimeMention` from a tagger result."""
    return TimeMention(
        text=t.text,
        start=t.start,
        end=t.end,
        start_date=t.start_date.isoformat() if t.start_date else None,
        end_date=t.end_date.isoformat() if t.end_date else None,
        precision=t.precision,
        value=t.value,
        type=t.type,
        rule=t.rule,
        anchor=t.anchor,
    )


@stages.register("wirecoder.time_mentions.v1")
def make_time_mentions(config: dict | None = None, *, use_entities: bool = True) -> TimeMentions:
    """Factory for :class:`TimeMentions`; its keyword arguments are the stage's settings.

    use_entities (bool): also try spaCy DATE entities the rules did not cover (with dateparser).
    """
    return TimeMentions(config, use_entities=use_entities)
