"""Find temporal expressions in text and normalise them against a reference date.

:func:`tag_times` runs a set of regular-expression rules (``data/lexicons/times.en.toml``),
built from the vocabulary in ``data/lexicons/times.en.tsv`` and ``numbers.en.tsv``, over a
text and returns :class:`Timex` objects: the span, a TIMEX3-style ``value``
(``2017-08-29``, ``2017-W35``, ``2017-08``, ``1989``, ``2017-Q3``,
``2017-SU``, ``P10Y``, ``PAST_REF``), the interval it covers
(``start_date``/``end_date``) and ACLED's ``time_precision`` (1 day, 2 week,
3 month or vaguer).

Relative expressions are resolved against the reference date ``dct`` (the
publication date): "yesterday", "last week" (the previous ISO week), "on
Friday" (the latest Friday on or before the reference date, or the next one
when the sentence speaks of the future), "two days ago", "this month",
"late August" (21st to the month's end), "since August 29" (from August 29 to
the reference date), "over the weekend" (the latest Saturday-Sunday). "A day later", "two
weeks earlier", "the following Monday", "that night" count from the date mentioned just before them in the
paragraph; "ten days before the murder", "the days before the shooting" from the time of that event (a past date
told just before, else the story's background date: :func:`_event_anchor`). "Every Friday", "twice a week" are
recurrences (SET), never a date. "5 p.m. Friday" is one TIME, the day and the clock time. In a quarterly report,
"up from $10 million a year ago" is the reported quarter a year earlier, and "the quarter" the quarter named before
it (:func:`_reporting_period`). Without a reference
date, relative expressions are kept with ``value`` None, never guessed.

When two rules match overlapping text, the longer match wins.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from re import _constants as sre
from re import _parser as sre_parse

from .. import lookups
from .lexicon import TIMES, alternation, expand, expand_parts, time_words
from .numbers import number_pattern, word_value
from .windows import CATEGORY_ESCAPES, REPEATS, Windows, plan, set_items

#: Thresholds of the tagger (``data/weights/time_mentions.toml``).
W = lookups.weights("time_mentions")
#: Month and weekday words that are also ordinary English words.
AMBIGUOUS = lookups.words(TIMES, "ambiguous_words")
_FUTURE = re.compile(lookups.value(TIMES, "future_cues"), re.I)
_FUTURE_BEFORE = re.compile(lookups.value(TIMES, "future_cues_before"), re.I)
_PAST_BEFORE = re.compile(lookups.value(TIMES, "past_verb_before"), re.I)
_SCHEDULE_BEFORE = re.compile(lookups.value(TIMES, "schedule_cues_before"), re.I)
_CLAUSE_BREAK = re.compile(lookups.value(TIMES, "future_clause_breaks"), re.I)


@dataclass
class Timex:
    """A temporal expression found in text.

    start (int), end (int): character offsets (end exclusive).
    text (str): the expression as written.
    type (str): DATE, TIME, DURATION or SET (TIMEX3 types).
    value (str | None): TIMEX3-style value; None when it cannot be resolved.
    start_date (date | None), end_date (date | None): the interval covered.
    precision (int | None): ACLED time precision of the interval (1 day, 2 week, 3 month or vaguer).
    rule (str): the rule that found it.
    anchor (str | None): "since", "until", "till", "through" or "by" when such a word opens the expression.
    """

    start: int
    end: int
    text: str
    type: str = "DATE"
    value: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    precision: int | None = None
    rule: str = ""
    anchor: str | None = None


# --------------------------------------------------------------------------- date helpers


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def week_value(d: date) -> str:
    """ISO week value of a date, TIMEX3 style: ``2017-W35``."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def week_bounds(d: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week of ``d``."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) shifted by ``delta`` months."""
    i = year * 12 + (month - 1) + delta
    return i // 12, i % 12 + 1


def shifted_period(base: date, unit: str, shift: int) -> tuple[str, date, date]:
    """Value, first and last day of the day, ISO week, month or year ``shift`` units from ``base``."""
    if unit == "day":
        d = base + timedelta(days=shift)
        return d.isoformat(), d, d
    if unit == "week":
        ref = base + timedelta(weeks=shift)
        mon, sun = week_bounds(ref)
        return week_value(ref), mon, sun
    if unit == "month":
        y, mo = add_months(base.year, base.month, shift)
        return f"{y}-{mo:02d}", date(y, mo, 1), month_end(y, mo)
    y = base.year + shift
    return str(y), date(y, 1, 1), date(y, 12, 31)


def precision_of(start: date | None, end: date | None) -> int | None:
    """ACLED time precision of an interval: 1 one day, 2 up to a week, 3 longer."""
    if start is None or end is None:
        return None
    days = (end - start).days
    if days <= 0:
        return 1
    if days <= 6:
        return 2
    return 3


def expand_year(text: str) -> int:
    """A year from 4 digits, or 2 digits / 'yy (00-49 -> 2000s, else 1900s)."""
    t = text.lstrip("'\u2019")
    y = int(t)
    if len(t) <= 2:
        y += 2000 if y < 50 else 1900
    return y


def nearest_year(month: int, day: int, dct: date, future: bool = False) -> int | None:
    """The year for month/day without a year ("Aug. 7"), relative to ``dct``.

    The past is preferred (news reports what happened) unless the clause speaks of the
    future or the next occurrence is much nearer (a third of the distance) than the last one.
    """
    past = fut = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        dist = (d - dct).days
        if dist <= 0 and (past is None or -dist < past[0]):
            past = (-dist, y)
        if dist > 0 and (fut is None or dist < fut[0]):
            fut = (dist, y)
    if future and fut:
        return fut[1]
    if past and fut:
        return fut[1] if fut[0] * W["future_nearer_ratio"] < past[0] else past[1]
    return (past or fut or (None, None))[1]


#: Months of each season, by TIMEX3 code: (first, last).
SEASON_MONTHS = lookups.word_map(TIMES, "season_months")
#: Months of a year covered by "early", "mid" and "late" 2017: (first, last).
YEAR_PART_MONTHS = lookups.word_map(TIMES, "year_part_months")
#: Years of a decade covered by "the early", "mid" and "late 1990s": (first, last) after its start.
DECADE_PART_YEARS = lookups.word_map(TIMES, "decade_part_years")
#: Words before a month name that belong to the expression's span ("since August").
MONTH_SPAN_PREFIXES = lookups.words(TIMES, "month_span_prefixes")


def part_of_day(word: str) -> str:
    """TIMEX3 code of a part of the day ("morning" -> "MO"), from ``times.en.tsv``."""
    return time_words()["partofday"][word.lower()]


def month_part(key: str) -> tuple[int, int]:
    """First and last day of the month covered by "early", "mid" or "late" (``times.en.tsv``)."""
    first, last = time_words()["part"][key].split("-")
    return int(first), int(last)


def season_bounds(year: int, code: str) -> tuple[date, date]:
    """First and last day of a (northern-hemisphere, meteorological) season."""
    a, b = SEASON_MONTHS[code]
    if code == "WI":
        return date(year, 12, 1), month_end(year + 1, 2)
    return date(year, a, 1), month_end(year, b)


# --------------------------------------------------------------------------- rules


@dataclass
class _Ctx:
    text: str
    dct: date | None
    upper: bool


def _mk(
    m: re.Match,
    ctx: _Ctx,
    value: str | None,
    start: date | None,
    end: date | None,
    rule: str,
    type_: str = "DATE",
    span: tuple[int, int] | None = None,
) -> Timex:
    s, e = span or m.span()
    e = _trim_stop(ctx.text, s, e)
    return Timex(s, e, ctx.text[s:e], type_, value, start, end, precision_of(start, end), rule)


_LAST_WORD_DOT = re.compile(r"([A-Za-z]+)\.$")


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Month and weekday words that shorten a longer one of the same table ("Aug", "Sept", "Jun", "Tues")."""
    tw = time_words()
    return frozenset(
        w for kind in ("month", "weekday") for w in tw[kind] if any(x != w and x.startswith(w) for x in tw[kind])
    )


def _trim_stop(text: str, s: int, e: int) -> int:
    """Drop a final full stop after a whole word ("late August.", "in July."), keep it after "Aug."."""
    m = _LAST_WORD_DOT.search(text[s:e])
    if m and m.group(1).lower() not in _abbreviations():
        return e - 1
    return e


def _day_timex(m, ctx, d: date, rule: str) -> Timex:
    return _mk(m, ctx, d.isoformat(), d, d, rule)


def _month_num(word: str) -> int:
    return int(time_words()["month"][word.lower().rstrip(".")])


def _weekday_num(word: str) -> int:
    return int(time_words()["weekday"][word.lower().rstrip(".")])


def _cased_ok(word: str | None, ctx: _Ctx) -> bool:
    """Month and weekday names are capitalised in mixed-case English text."""
    if not word:
        return True
    return ctx.upper or word[:1].isupper()


def _future_context(ctx: _Ctx, start: int, end: int) -> bool:
    """True when the clause around a span speaks of the future (or a schedule word such as "payable", "due",
    "effective" stands right before it)."""
    left = ctx.text[max(0, start - W["future_left_chars"]) : start]
    right = ctx.text[end : end + W["future_right_chars"]]
    left = _CLAUSE_BREAK.split(re.split(r"[.;!?\n]", left)[-1])[-1]
    right = _CLAUSE_BREAK.split(re.split(r"[.;!?\n]", right)[0])[0]
    if _FUTURE.search(left) or _FUTURE_BEFORE.search(left) or _SCHEDULE_BEFORE.search(left):
        return True
    past = _PAST_BEFORE.search(left)
    if past and not _FUTURE.search(past.group(0)):
        return False  # "said Monday it would sell": the cue after the date is the reported clause's
    return bool(_FUTURE.search(right))


#: What can open a match of a parsed (sub)pattern: (class items of the first character, or None when any
#: character may; every such character comes right after a word boundary the pattern asserts; the pattern
#: can match the empty string; and, if so, a word boundary is asserted at the end of that empty match).
_Lead = tuple[list[str] | None, bool, bool, bool]
_ANYTHING: _Lead = (None, False, False, False)


def _lead_seq(items, bound: bool) -> _Lead:
    """:data:`_Lead` of a sequence of parsed items; ``bound``: a word boundary is asserted where it starts."""
    first: list[str] = []
    bounded = True
    for op, av in items:
        chars, at_boundary, empty, bound_after = _lead_item(op, av, bound)
        if chars is None:
            return _ANYTHING
        first += chars
        bounded = bounded and at_boundary
        if not empty:
            return first, bounded, False, False
        bound = bound_after
    return first, bounded, True, bound


def _lead_item(op, av, bound: bool) -> _Lead:
    """:data:`_Lead` of one parsed item (see :func:`_lead_seq`); None for whatever is not understood."""
    if op is sre.LITERAL:
        return [re.escape(chr(av))], bound, False, False
    if op is sre.IN:
        chars = set_items(av, CATEGORY_ESCAPES)
        return _ANYTHING if chars is None else (chars, bound, False, False)
    if op is sre.AT:
        return [], True, True, bound or av is sre.AT_BOUNDARY
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [], True, True, bound
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, items = av
        return _ANYTHING if add_flags or del_flags else _lead_seq(items, bound)
    if op is sre.ATOMIC_GROUP:
        return _lead_seq(av, bound)
    if op in REPEATS:
        low, _high, items = av
        chars, at_boundary, empty, bound_after = _lead_seq(items, bound)
        if chars is None:
            return _ANYTHING
        return chars, at_boundary, low == 0 or empty, bound if low == 0 else bound_after
    if op is sre.BRANCH:
        first: list[str] = []
        bounded, empty, bound_after = True, False, True
        for items in av[1]:
            chars, at_boundary, alt_empty, alt_bound = _lead_seq(items, bound)
            if chars is None:
                return _ANYTHING
            first += chars
            bounded = bounded and at_boundary
            if alt_empty:
                empty, bound_after = True, bound_after and alt_bound
        return first, bounded, empty, empty and bound_after
    return _ANYTHING


def _with_lead(pattern: str, flags: int) -> str:
    """``pattern`` behind a lookahead on the characters that can open a match of it (and on the word boundary
    before them when every match starts at one): it matches exactly as before, but the regular-expression
    engine gives up at most positions of a text at once instead of trying every alternative of the rule
    there (a rule opens with optional words and long alternations). Unchanged when the analysis finds no
    such restriction or the pattern sets its own global flags."""
    if re.compile(pattern, flags).flags != re.compile("", flags).flags:
        return pattern
    chars, bounded, empty, _bound = _lead_seq(list(sre_parse.parse(pattern, flags)), False)
    if not chars or empty:
        return pattern
    return "(?=" + ("\\b" if bounded else "") + "[" + "".join(dict.fromkeys(chars)) + "])" + pattern


@functools.lru_cache(maxsize=1)
def _rules() -> list[tuple[str, re.Pattern, Callable]]:
    """The rules in priority order, as (name, compiled pattern, handler), from ``times.en.toml``."""
    tw = time_words()
    vocabulary = {
        "months": alternation(tw["month"]),
        "wd_full": alternation([w for w in tw["weekday"] if len(w) > 4]),
        "wd_any": alternation(tw["weekday"]),
        "dayword": alternation(tw["dayword"]),
        "ref": alternation(tw["ref"]),
        "holiday": alternation(tw.get("holiday", {})),
        "num": number_pattern(),
    }
    parts = expand_parts(lookups.word_map(TIMES, "tagger.parts"), vocabulary)
    handlers = {fn.__name__.lstrip("_"): fn for fn in HANDLERS}
    return [
        (rule["name"], re.compile(_with_lead(expand(rule["pattern"], parts), re.I), re.I), handlers[rule["handler"]])
        for rule in lookups.word_list(TIMES, "tagger.rules")
    ]


@functools.lru_cache(maxsize=1)
def _windows() -> Windows:
    """Where in a text each rule of :func:`_rules` can match (:mod:`wirecoder.timex.windows`)."""
    return Windows([plan(rx.pattern, rx.flags) for _name, rx, _fn in _rules()], re.I)


def _matches(rx: re.Pattern, text: str, spans) -> Iterator[re.Match]:
    """The matches of ``rx`` in ``text``: a scan of the whole text, or of each window of ``spans``."""
    if spans is None:
        yield from rx.finditer(text)
        return
    for start, end in spans:
        yield from rx.finditer(text, start, end)


def _range_dm(m, ctx):
    if not _cased_ok(m.group("mon"), ctx):
        return None
    month = _month_num(m.group("mon"))
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not (1 <= d1 < d2 <= 31):
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.dct:
        year = nearest_year(month, d1, ctx.dct, _future_context(ctx, *m.span()))
    else:
        return _mk(m, ctx, f"XXXX-{month:02d}-{d1:02d}", None, None, "range")
    try:
        a, b = date(year, month, d1), date(year, month, d2)
    except (ValueError, TypeError):
        return None
    return _mk(m, ctx, a.isoformat(), a, b, "range")


def _dmy(m, ctx):
    gd = m.groupdict()
    if gd.get("mon") and not _cased_ok(gd["mon"], ctx):
        return None
    if gd.get("mon") and gd["mon"].lower() in ("may", "march") and not gd.get("year") and ctx.upper:
        return None  # "MAY 5" in upper-case copy is too often "may" + number
    month = int(gd["mnum"]) if gd.get("mnum") else _month_num(gd["mon"])
    day = int(gd["day"])
    if gd.get("year"):
        year = expand_year(gd["year"])
    elif ctx.dct:
        year = nearest_year(month, day, ctx.dct, _future_context(ctx, *m.span()))
        if year is None:
            return None
    else:
        if not 1 <= day <= 31:
            return None
        return _mk(m, ctx, f"XXXX-{month:02d}-{day:02d}", None, None, "md")
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return _day_timex(m, ctx, d, "dmy")


def _numeric(m, ctx):
    a, b = int(m.group("a")), int(m.group("b"))
    year = expand_year(m.group("year"))
    if a > 12:
        day, month = a, b
    else:
        month, day = a, b
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return _day_timex(m, ctx, d, "numeric")


def _part_key(word: str) -> str:
    """ "early", "mid" or "late" for a part word: "the end of", "the last week of", "the final days of" are late."""
    w = " ".join(word.lower().split())
    if "end" in w or w == "late" or w.split()[1:2] in (["last"], ["final"]):
        return "late"
    if "middle" in w or w == "mid":
        return "mid"
    return "early"


def _part(m, ctx):
    key = _part_key(m.group("part"))
    if m.group("pmon"):
        if not _cased_ok(m.group("pmon"), ctx):
            return None
        month = _month_num(m.group("pmon"))
        mrel = (m.group("pmrel") or "").lower()
        if m.group("pyear"):
            year = int(m.group("pyear"))
        elif ctx.dct and mrel:  # "late last July": as "last July" (the month rule)
            year = ctx.dct.year + {"last": -(month >= ctx.dct.month), "next": month <= ctx.dct.month}.get(mrel, 0)
        elif ctx.dct:
            year = ctx.dct.year if month <= ctx.dct.month or _future_context(ctx, *m.span()) else ctx.dct.year - 1
        else:
            return _mk(m, ctx, f"XXXX-{month:02d}", None, None, "part")
        a, b = month_part(key)
        last = month_end(year, month).day
        start, end = date(year, month, a), date(year, month, min(b, last) if key != "late" else last)
        return _mk(m, ctx, f"{year}-{month:02d}", start, end, "part")
    if m.group("pyear2"):
        year = int(m.group("pyear2"))
        bounds = YEAR_PART_MONTHS[key]
        return _mk(m, ctx, str(year), date(year, bounds[0], 1), month_end(year, bounds[1]), "part")
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "part")
    if m.group("pday"):
        d = ctx.dct if m.group("pday").lower() == "today" else ctx.dct - timedelta(days=1)
        return _day_timex(m, ctx, d, "part")
    rel = m.group("prel").lower()
    unit = m.group("punit").lower()
    shift = {"last": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        ref = ctx.dct + timedelta(weeks=shift)
        mon, sun = week_bounds(ref)
        start, end = (mon, mon + timedelta(days=2)) if key == "early" else (mon + timedelta(days=3), sun)
        if key == "mid":
            start, end = mon + timedelta(days=2), mon + timedelta(days=4)
        return _mk(m, ctx, week_value(ref), start, end, "part")
    if unit == "month":
        y, mo = add_months(ctx.dct.year, ctx.dct.month, shift)
        a, b = month_part(key)
        last = month_end(y, mo).day
        return _mk(m, ctx, f"{y}-{mo:02d}", date(y, mo, a), date(y, mo, last if key == "late" else b), "part")
    year = ctx.dct.year + shift
    bounds = YEAR_PART_MONTHS[key]
    return _mk(m, ctx, str(year), date(year, bounds[0], 1), month_end(year, bounds[1]), "part")


def _month_year(m, ctx):
    if not _cased_ok(m.group("mon"), ctx):
        return None
    month = _month_num(m.group("mon"))
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.dct:
        year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    else:
        return _mk(m, ctx, f"XXXX-{month:02d}", None, None, "my")
    return _mk(m, ctx, f"{year}-{month:02d}", date(year, month, 1), month_end(year, month), "my")


def _month(m, ctx):
    word = m.group("mon")
    if not _cased_ok(word, ctx):
        return None
    gd = m.groupdict()
    rel = (gd.get("rel") or "").lower()
    bare = word.lower().rstrip(".")
    if not rel and (bare in AMBIGUOUS or (len(bare) <= 4 and not word.endswith(".") and bare not in ("june", "july"))):
        return None
    if ctx.upper and not rel:
        return None
    if rel in ("early", "late", "mid"):
        return None  # handled by the "part" rule
    month = _month_num(word)
    span = m.span() if rel in MONTH_SPAN_PREFIXES else (m.start("mon"), m.end())
    if ctx.dct is None:
        return _mk(m, ctx, f"XXXX-{month:02d}", None, None, "month", span=span)
    if rel == "last":
        year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel == "next":
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif rel == "this":
        year = ctx.dct.year
    elif month <= ctx.dct.month:
        year = ctx.dct.year
        if (
            month < ctx.dct.month
            and (_future_context(ctx, *m.span()) or rel in ("until", "by"))
            and rel not in ("since", "after", "during")
        ):
            year += 1
    else:
        year = ctx.dct.year - 1
        if _future_context(ctx, *m.span()) or rel in ("until", "by"):
            year += 1
    return _mk(m, ctx, f"{year}-{month:02d}", date(year, month, 1), month_end(year, month), "month", span=span)


def _decade(m, ctx):
    dec = m.group("dec")
    dd = m.group("dd")
    base = f"19{dd}" if dec == "'" else dec + dd
    first = int(base) * 10
    part = (m.group("dpart") or "").lower()
    a, b = DECADE_PART_YEARS.get(part, (0, 9))
    if first < 1500:
        return None
    if dd == "0" and dec not in ("'", "20"):  # "the (early) 1800s": the century (TIMEX3 "18"), not its first decade
        a, b = (0, 9) if not part else DECADE_PART_YEARS[part]
        return _mk(m, ctx, dec, date(first + 10 * a, 1, 1), date(first + 10 * b + 9, 12, 31), "decade")
    return _mk(m, ctx, base, date(first + a, 1, 1), date(first + b, 12, 31), "decade")


def _century(m, ctx):
    c = int(m.group("cent"))
    if not 1 <= c <= 21:
        return None
    return _mk(m, ctx, f"{c - 1:02d}", date(max(1, (c - 1) * 100), 1, 1), date(c * 100 - 1, 12, 31), "century")


def _dayword(m, ctx):
    word = " ".join(m.group("dw").lower().split())
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "dayword")
    offset = int(time_words()["dayword"][word])
    d = ctx.dct + timedelta(days=offset)
    pod = m.group("pod")
    value = d.isoformat()
    type_ = "DATE"
    if word == "tonight":
        value += "TNI"
        type_ = "TIME"
    elif pod:
        value += "T" + part_of_day(pod)
    return _mk(m, ctx, value, d, d, "dayword", type_=type_)


def _lastnight(m, ctx):
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "lastnight", type_="TIME")
    rel = m.group("rel").lower()
    d = ctx.dct + timedelta(days={"last": -1, "this": 0, "tomorrow": 1}[rel])
    if rel == "last" and m.group("pod").lower() != "night":
        return None
    return _mk(m, ctx, d.isoformat() + "T" + part_of_day(m.group("pod")), d, d, "lastnight", type_="TIME")


def _ref(m, ctx):
    word = " ".join(m.group(0).lower().replace("-", " ").split())  # "then-current"
    value = time_words()["ref"][word]
    return _mk(m, ctx, value, None, None, "ref")


def _rel(m, ctx):
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("ru").lower()
    pre = (m.group("pre") or "").lower()
    if rel in ("past", "coming", "following", "the same") and unit not in ("weekend",):
        if rel in ("past", "coming"):
            return None  # "the past week" is a duration
        return _mk(m, ctx, None, None, None, "rel")
    if pre and not m.group(0)[: m.start("rel") - m.start()].strip():
        pre = ""
    span = m.span() if not pre else m.span()
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "rel", span=span)
    dct = ctx.dct
    shift = {"last": -1, "previous": -1, "past": -1, "this past": -1, "this": 0, "current": 0, "next": 1}.get(rel, 0)
    if unit == "weekend":
        value, mon, sun = shifted_period(dct, "week", shift)
        return _mk(m, ctx, value + "-WE", mon + timedelta(days=5), sun, "rel", span=span)
    if unit in ("week", "month", "year"):
        value, start, end = shifted_period(dct, unit, shift)
        if shift == 0 and pre == "earlier":
            end = dct  # "earlier this month": up to the reference date
        return _mk(m, ctx, value, start, end, "rel", span=span)
    if unit == "quarter":
        q = (dct.month - 1) // 3 + 1
        y, q = (dct.year, q + shift)
        if q < 1:
            y, q = y - 1, 4
        elif q > 4:
            y, q = y + 1, 1
        return _mk(m, ctx, f"{y}-Q{q}", date(y, 3 * q - 2, 1), month_end(y, 3 * q), "rel", span=span)
    if unit == "decade":
        base = dct.year // 10 + shift
        return _mk(m, ctx, str(base), date(base * 10, 1, 1), date(base * 10 + 9, 12, 31), "rel", span=span)
    if unit == "century":
        c = dct.year // 100 + shift
        return _mk(m, ctx, f"{c:02d}", date(max(1, c * 100), 1, 1), date(c * 100 + 99, 12, 31), "rel", span=span)
    code = time_words()["season"][unit]
    y = dct.year
    a, b = season_bounds(y, code)
    if shift == -1 and a >= dct.replace(day=1):
        y -= 1
    elif shift == 1 and a <= dct:
        y += 1
    a, b = season_bounds(y, code)
    return _mk(m, ctx, f"{y}-{code}", a, b, "rel", span=span)


def _anaphor(m, ctx):
    """ "The following day", "later that day", "the day before.", "that night": a date (a time for a part of the
    day) the anaphora pass anchors on the nearest earlier date of the text (:func:`_anaphoric`); alone it has
    no value."""
    if m.group("awd") and not _cased_ok(m.group("awd"), ctx):
        return None
    type_ = "TIME" if m.group("apod") or m.group("apod2") else "DATE"
    return _mk(m, ctx, None, None, None, "anaphor", type_=type_)


def _anchored(m: re.Match, anchor: Timex) -> tuple[str, date | None, date | None] | None:
    """Value, start and end of an anaphoric offset (rule ``anaphor``) counted from ``anchor``."""
    base = anchor.start_date
    if base is None:
        return None
    if m.group("dbe"):  # "the day before the vote": a day of the anchor's year, counted from an event
        return f"{base.year}-XX-XX", None, None
    rel = (m.group("arel") or "").lower()
    shift = 1 if rel in ("following", "next") else -1 if rel in ("previous", "preceding") else 0
    if m.group("dba"):
        unit, shift = m.group("dbu").lower(), -1 if m.group("dba").lower() == "before" else 1
    elif m.group("awd") or m.group("apod") or m.group("apod2"):
        unit = "day"
    else:
        unit = (m.group("au") or m.group("au2")).lower()
    vague = _vague_value(anchor, unit)
    if vague is not None:
        return vague, anchor.start_date, anchor.end_date
    if m.group("awd"):  # "the following Monday": the first Monday after the anchor (the last one before it)
        wd = _weekday_num(m.group("awd"))
        d = (
            base + timedelta(days=(wd - base.weekday()) % 7 or 7)
            if shift > 0
            else base - timedelta(days=(base.weekday() - wd) % 7 or 7)
        )
        return d.isoformat(), d, d
    pod = m.group("apod") or m.group("apod2")
    if pod:  # "that night", "the next morning": a part of the anchor's day or of the next one
        d = base + timedelta(days=shift)
        return f"{d.isoformat()}T{part_of_day(pod)}", d, d
    return shifted_period(base, unit, shift)


_GRANULARITY = {"day": 0, "week": 1, "month": 2, "year": 4}
_VALUE_GRANULARITY = (
    (re.compile(r"^\d{4}-\d\d-\d\d"), 0),
    (re.compile(r"^\d{4}-W\d\d"), 1),
    (re.compile(r"^\d{4}-\d\d(?:-XX)?$"), 2),
    (re.compile(r"^\d{4}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)$"), 3),
    (re.compile(r"^\d{4}(?:-W?XX(?:-XX)?)?$"), 4),
)


def _vague_value(anchor: Timex, unit: str) -> str | None:
    """The value of a day, week or month counted from an anchor that names a longer period ("last October ...
    that same day"): known only down to the anchor's own granularity (TIMEX3 ``1998-10-XX``); None when the
    anchor is fine enough to count from."""
    g = next((g for rx, g in _VALUE_GRANULARITY if rx.match(anchor.value or "")), None)
    u = _GRANULARITY.get(unit)
    if g is None or u is None or g <= u or anchor.start_date is None or (u == 0 and g == 1):
        return None
    d = anchor.start_date
    if u == 0:
        return f"{d.year}-{d.month:02d}-XX" if g == 2 else f"{d.year}-XX-XX"
    return f"{d.year}-WXX" if u == 1 else f"{d.year}-XX"


def _easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday of a year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(rule: str, year: int) -> date:
    """The date of a holiday rule of ``times.en.tsv`` ("12-25", "11:4:3", "easter-2") in ``year``."""
    if rule.startswith("easter"):
        return _easter(year) + timedelta(days=int(rule[len("easter") :] or 0))
    if ":" in rule:
        month, nth, weekday = (int(x) for x in rule.split(":"))
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        last = month_end(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    month, day = (int(x) for x in rule.split("-"))
    return date(year, month, day)


def _holiday(m, ctx):
    word = m.group("hol")
    if not _cased_ok(word, ctx):
        return None  # "christmas" in lower case is rare enough to be something else
    rule = time_words()["holiday"][" ".join(word.lower().replace("-", " ").split())]
    span = (m.start("hol"), m.end())
    if m.group("hy"):
        d = holiday_date(rule, int(m.group("hy")))
    elif ctx.dct is None:
        return _mk(m, ctx, None, None, None, "holiday", span=span)
    else:
        d = holiday_date(rule, ctx.dct.year)
        if d > ctx.dct and not _future_context(ctx, *m.span()):
            d = holiday_date(rule, ctx.dct.year - 1)
        elif d < ctx.dct and _future_context(ctx, *m.span()):
            d = holiday_date(rule, ctx.dct.year + 1)
    return _mk(m, ctx, d.isoformat(), d, d, "holiday", span=span)


def _unit_letter(unit: str) -> str:
    """TIMEX3 duration letter of a unit ("day" -> "D"), from ``times.en.tsv``."""
    return time_words()["unit"][unit]


def _unit_key(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    return u[:-1] if u.endswith("s") else u


def _count(text: str) -> int | None:
    t = " ".join(text.lower().split())
    if t in ("a", "an"):
        return 1
    if t in ("several", "a few", "some", "many"):
        return None
    return word_value(t)


def _ago(m, ctx):
    unit = _unit_key(m.group("u"))
    direction = " ".join(m.group("dir").lower().split())
    if m.group("n") is None and (direction != "ago" or unit == m.group("u").lower()):
        return None  # only a plural without a number reads alone: "years ago", not "year earlier"
    n = _count(m.group("n") or "several")
    sign = 1 if direction in ("later", "from now", "hence") else -1
    if unit in ("minute", "hour"):
        return _mk(m, ctx, None, None, None, "ago", type_="TIME")
    if _from_event(m, ctx.text):  # "ten days before the murder": counted from an event; "before" is a signal
        return _mk(m, ctx, None, None, None, "ago", span=(m.start(), m.end("u")))
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "ago")
    dct = ctx.dct
    if n is None:  # "several years ago"
        return _mk(m, ctx, "PAST_REF" if sign < 0 else "FUTURE_REF", None, None, "ago")
    if unit == "week":  # "two weeks ago": the day 14 days back, as TimeBank annotates it (not the ISO week)
        unit, n = "day", 7 * n
    if unit in ("day", "week", "month", "year"):
        return _mk(m, ctx, *shifted_period(dct, unit, sign * n), "ago")
    if unit == "decade":
        y = dct.year + sign * 10 * n
        return _mk(m, ctx, str(y // 10), date(y // 10 * 10, 1, 1), date(y // 10 * 10 + 9, 12, 31), "ago")
    return None


def _from_event(m: re.Match, text: str) -> bool:
    """Whether an offset ("ten days before", "two weeks after") counts from an event named after it, not a date."""
    direction = m.group("dir").lower()
    return direction in ("before", "after") and text[m.end() : m.end() + 2].strip()[:1].isalnum()


def _event_period(m, ctx):
    """ "the days before the shooting": a time the anaphora pass takes from the event's date (:func:`_event_anchor`)."""
    return _mk(m, ctx, None, None, None, "event_period")


def _set(m, ctx):
    """ "every Friday", "each year", "on Fridays", "twice a week": a recurring time (TIMEX3 SET), no interval."""
    wd = m.group("swd") or m.group("swds")
    if wd is not None and not _cased_ok(wd, ctx):
        return None
    if wd is not None:
        value = f"XXXX-WXX-{_weekday_num(wd) + 1}"
    elif m.group("spod"):
        value = "T" + part_of_day(m.group("spod"))
    else:
        unit = (m.group("su") or m.group("su2")).lower()
        n = 2 if m.group("sother") else 1  # "every other week"
        if unit == "weekend":
            value = "XXXX-WXX-WE"
        elif unit in ("decade", "quarter"):
            value = f"P{10 * n}Y" if unit == "decade" else f"P{3 * n}M"
        else:
            value = f"P{n}{_unit_letter(unit)}"
    return _mk(m, ctx, value, None, None, "set", type_="SET")


_NOT_WEEKEND = frozenset(lookups.words(TIMES, "weekend_not_before"))


def _weekend(m, ctx):
    """ "over the weekend", "weekend clashes": the latest Saturday-Sunday up to the reference date."""
    before = ctx.text[max(0, m.start() - 20) : m.start()].split()
    bare = m.group("we")[:1].lower() == "w"
    if bare and before and before[-1].lower() in _NOT_WEEKEND:
        return None  # "every weekend", "a long weekend"; "last weekend" is the rel rule's
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "weekend")
    dct = ctx.dct
    if _future_context(ctx, *m.span()):
        sat = dct + timedelta(days=(5 - dct.weekday()) % 7)
    else:
        sat = dct - timedelta(days=(dct.weekday() - 5) % 7)
    return _mk(m, ctx, week_value(sat) + "-WE", sat, sat + timedelta(days=1), "weekend")


def _weekday(m, ctx):
    word = m.group("wd")
    if not _cased_ok(word, ctx):
        return None
    rel = (m.group("wrel") or "").lower()
    wd = _weekday_num(word)
    span = m.span() if rel in ("last", "next", "this", "coming", "past") else (m.start("wd"), m.end())
    pod = m.group("pod")
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "weekday", span=span)
    dct = ctx.dct
    back = (dct.weekday() - wd) % 7
    if rel in ("next", "coming"):
        d = dct + timedelta(days=(wd - dct.weekday()) % 7 or 7)
    elif rel in ("last", "past"):
        d = dct - timedelta(days=back or 7)
    elif (rel == "this" and (wd - dct.weekday()) % 7 and _future_context(ctx, *m.span())) or (
        back and _future_context(ctx, *m.span())
    ):
        d = dct + timedelta(days=(wd - dct.weekday()) % 7)
    else:
        d = dct - timedelta(days=back)
    value = d.isoformat() + ("T" + part_of_day(pod) if pod else "")
    return _mk(m, ctx, value, d, d, "weekday", span=span)


def _quarter(m, ctx):
    ordinals = time_words()["ordinal"]  # "first" -> "1"
    q_word = " ".join(m.group("q").lower().split())
    if m.group("qy") or m.group("qy0"):
        y = int(m.group("qy") or m.group("qy0"))
        if q_word not in ordinals:
            return None
        q = int(ordinals[q_word])
    elif ctx.dct is None:
        return _mk(m, ctx, None, None, None, "quarter")
    elif m.group("qrel"):  # "the second quarter of this year", "... of the year": the year named
        if q_word not in ordinals:
            return None
        q = int(ordinals[q_word])
        y = ctx.dct.year + {"last": -1, "next": 1}.get(m.group("qrel").lower(), 0)
    else:
        cur = (ctx.dct.month - 1) // 3 + 1
        y = ctx.dct.year
        if q_word in ordinals:
            q = int(ordinals[q_word])
            if _future_context(ctx, *m.span()):
                y += q < cur  # "expects to close the sale in the first quarter": the next one
            elif q > cur:
                y -= 1
        elif q_word == "current":
            q = cur
        else:  # latest, last, previous, past, most recent: the last completed quarter
            q = cur - 1
            if q == 0:
                y, q = y - 1, 4
    span = m.span()
    if m.group(0)[:3].lower() == "the" and ctx.text[m.end("q") : m.end("q") + 1] == "-":
        span = (m.end() - len(m.group(0)[3:].lstrip()), m.end())  # "the third-quarter net": the noun's determiner
    return _mk(m, ctx, f"{y}-Q{q}", date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter", span=span)


def _quarter_of(d: date) -> tuple[str, date, date]:
    """Value, first and last day of the calendar quarter holding ``d``."""
    q = (d.month - 1) // 3 + 1
    return f"{d.year}-Q{q}", date(d.year, 3 * q - 2, 1), month_end(d.year, 3 * q)


def _quarter_ref(m, ctx):
    """ "the quarter ended Sept. 30": the quarter of its end date; a bare "the quarter" is resolved by
    :func:`_reporting_period` on the quarter named before it."""
    if m.group("qday") and ctx.dct is not None and _cased_ok(m.group("mon"), ctx):
        month, day = _month_num(m.group("mon")), int(m.group("qday"))
        year = nearest_year(month, day, ctx.dct)
        if year is not None:
            return _mk(m, ctx, *_quarter_of(date(year, month, day)), "quarter")  # the date stays its own
    return _mk(m, ctx, None, None, None, "quarter_ref")


def _year_ago(m, ctx):
    """ "year-ago", "year-earlier" (financial copy): the year before the reference date."""
    if ctx.dct is None:
        return _mk(m, ctx, None, None, None, "yearago")
    y = ctx.dct.year - 1
    if m.group("yq"):  # "the year-ago quarter": the last completed quarter, a year earlier
        q = (ctx.dct.month - 1) // 3
        if q == 0:
            y, q = y - 1, 4
        return _mk(m, ctx, f"{y}-Q{q}", date(y, 3 * q - 2, 1), month_end(y, 3 * q), "yearago")
    return _mk(m, ctx, str(y), date(y, 1, 1), date(y, 12, 31), "yearago")


def _half(m, ctx):
    h = 1 if m.group("h").lower() == "first" else 2  # second, last, latter
    hy = (m.group("hy") or m.group("hy0") or "").lower()
    if hy[:1].isdigit():
        y = int(hy)
    elif ctx.dct is None:
        return _mk(m, ctx, None, None, None, "half")
    else:  # "the second half" without a year: the reference year's
        y = ctx.dct.year + ({"last": -1, "next": 1}.get(hy.split()[0], 0) if hy else 0)
    return _mk(m, ctx, f"{y}-H{h}", date(y, 6 * h - 5, 1), month_end(y, 6 * h), "half")


def _season(m, ctx):
    word = m.group("season").lower()
    rel = (m.group("srel") or "").lower()
    if word in ("fall", "spring") and not (rel or m.group("sy") or m.group("sin")):
        return None  # "fall" and "spring" alone are a verb and a noun more often than seasons
    code = time_words()["season"][word]
    if m.group("sy"):
        y = int(m.group("sy"))
    elif ctx.dct is None:
        return _mk(m, ctx, None, None, None, "season")
    else:
        y = ctx.dct.year
        a, b = season_bounds(y, code)
        if rel == "last" and a >= ctx.dct.replace(day=1):
            y -= 1
        elif rel == "next" and a <= ctx.dct:
            y += 1
        elif not rel and a > ctx.dct and not _future_context(ctx, *m.span()):
            y -= 1  # "they left in the summer", told in March: the last summer
        elif not rel and b < ctx.dct and _future_context(ctx, *m.span()):
            y += 1  # "will leave in the spring", told in October: the next spring
    a, b = season_bounds(y, code)
    span = m.span() if rel in ("last", "next", "this", "early", "late") else (m.start("season"), m.end())
    return _mk(m, ctx, f"{y}-{code}", a, b, "season", span=span)


def _year(m, ctx):
    y = int(m.group("y"))
    prefix = " ".join((m.group("yp") or "").lower().split())
    if prefix in ("mid", "early", "late"):
        return None  # "part" rule
    if not prefix and not (W["bare_year_min"] <= y <= W["bare_year_max"]):
        return None
    span = m.span() if prefix in ("since", "fiscal", "fiscal year") else (m.start("y"), m.end())
    return _mk(m, ctx, str(y), date(y, 1, 1), date(y, 12, 31), "year", span=span)


def _duration(m, ctx):
    gd = m.groupdict()
    unit_word = gd["du"].lower()
    if unit_word.startswith("few"):
        return _mk(
            m, ctx, "P" + "X" + _unit_letter(_unit_key(unit_word.split()[-1])), None, None, "duration", type_="DURATION"
        )
    unit = _unit_key(unit_word)
    n = _count(gd["dn"]) if gd.get("dn") else None if unit_word.endswith("s") else 1  # "the coming weeks": PXW
    n_txt = "X" if n is None else str(n)
    if unit == "hour" and n is not None and n >= 100:
        return None  # "2100 HOURS": a clock time in military style, not a duration
    if unit in ("minute", "hour"):
        value = f"PT{n_txt}{_unit_letter(unit)}"
    elif unit == "decade":
        value = f"P{n_txt if n is None else n * 10}Y"
    elif unit == "century":
        value = f"P{n_txt if n is None else n * 100}Y"
    else:
        value = f"P{n_txt}{_unit_letter(unit)}"
    start = m.start()
    if gd.get("dpre") and gd["dpre"].lower() in ("in", "after", "within", "over", "during"):
        start = m.start() + len(gd["dpre"]) + 1
        while ctx.text[start : start + 1].isspace():
            start += 1
    return _mk(m, ctx, value, None, None, "duration", type_="DURATION", span=(start, m.end()))


#: The functions that normalise a rule's match, named in ``times.en.toml`` without the underscore.
HANDLERS: tuple[Callable, ...] = (
    _range_dm,
    _dmy,
    _numeric,
    _part,
    _month_year,
    _month,
    _decade,
    _century,
    _dayword,
    _lastnight,
    _ref,
    _anaphor,
    _holiday,
    _rel,
    _ago,
    _event_period,
    _weekend,
    _set,
    _weekday,
    _quarter,
    _quarter_ref,
    _year_ago,
    _half,
    _season,
    _year,
    _duration,
)


# --------------------------------------------------------------------------- entry point


def _since(t: Timex, ctx: _Ctx) -> Timex:
    """Note the word that opens a range before an expression ("since X", "until X", "by X") in ``anchor``.
    "until", "till", "through" and "by" are TimeML signals, outside the extent; "since X" is a range up to the
    reference date, and the expression's span and interval take it in ("since August 29")."""
    before = ctx.text[max(0, t.start - 12) : t.start]
    m = re.search(r"\b(since|until|till|through|by)\s+$", before, re.I)
    low = t.text.lower()
    first = low.split()[0] if low.split() else None
    kind = m.group(1).lower() if m else ("since" if first == "since" else None)
    if kind is None or t.type != "DATE" or t.start_date is None:
        return t
    if m and kind == "since":
        t.start = t.start - len(before) + m.start()
        t.text = ctx.text[t.start : t.end]
    if kind == "since" and ctx.dct is not None and t.start_date <= ctx.dct:
        t.end_date = ctx.dct
    t.anchor = kind
    t.precision = precision_of(t.start_date, t.end_date)
    return t


def tag_times(text: str, dct: date | None = None, upper: bool | None = None, windowed: bool = True) -> list[Timex]:
    """Find and normalise temporal expressions in ``text``.

    text (str): the text to search (offsets refer to it).
    dct (date | None): the reference (publication) date; relative expressions stay unresolved without it.
    upper (bool | None): the text is in capitals (wire copy); None to guess.
    windowed (bool): run each rule only where it can match (:mod:`wirecoder.timex.windows`; the same
        result as False, a scan of the whole text with every rule, only faster).
    RETURNS (list[Timex]): non-overlapping expressions, in text order.
    """
    if upper is None:
        letters = list(filter(str.isalpha, text[: W["upper_case_chars"]]))
        upper = bool(letters) and sum(map(str.isupper, letters)) / len(letters) > W["upper_case_ratio"]
    ctx = _Ctx(text, dct, upper)
    found: list[tuple[int, int, Timex]] = []
    spans = _windows().spans(text) if windowed else [None] * len(_rules())
    for prio, ((_name, rx, fn), where) in enumerate(zip(_rules(), spans, strict=True)):
        for m in _matches(rx, text, where):
            if m.end() == m.start():
                continue
            try:
                t = fn(m, ctx)
            except (ValueError, KeyError, OverflowError):
                t = None
            if t is not None:
                found.append((prio, m.end() - m.start(), t))
    found.sort(key=lambda x: (-x[1], x[0]))
    taken: list[Timex] = []
    occupied: list[tuple[int, int]] = []
    for _prio, _len, t in found:
        if any(t.start < e and s < t.end for s, e in occupied):
            continue
        occupied.append((t.start, t.end))
        taken.append(t)
    taken.sort(key=lambda t: t.start)
    return _clock_times(_extents([_since(t, ctx) for t in _reporting_period(_anaphoric(taken, ctx), ctx)], ctx), ctx)


_CLOCK = lookups.value(TIMES, "clock_time")
_CLOCK_AFTER = re.compile(r",?\s+(?:at\s+)?" + _CLOCK, re.I)
_CLOCK_BEFORE = re.compile(_CLOCK + r"\s+(?:on\s+)?$", re.I)
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _clock_value(m: re.Match) -> str:
    if m.group("noon"):
        return "T12:00" if m.group("noon").lower() == "noon" else "T24:00"
    h = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
    return f"T{h:02d}:{m.group('mi') or '00'}"


def _clock_times(taken: list[Timex], ctx: _Ctx) -> list[Timex]:
    """Join a clock time to the day it is told with ("5 p.m. Friday", "Friday at 5 p.m.", "noon Tuesday"): one
    TIME expression whose value is the day and the time (TIMEX3 ``1998-08-21T17:00``)."""
    for i, t in enumerate(taken):
        if t.type != "DATE" or not _DAY_VALUE.match(t.value or "") or not t.text[:1].isalnum():
            continue
        lo = taken[i - 1].end if i else 0
        hi = taken[i + 1].start if i + 1 < len(taken) else len(ctx.text)
        after = _CLOCK_AFTER.match(ctx.text, t.end, min(hi, t.end + 30))
        before = None if after else _CLOCK_BEFORE.search(ctx.text, max(lo, t.start - 30), t.start)
        m = after or before
        if m is None or (m.group("h") is not None and not 1 <= int(m.group("h")) <= 12):
            continue
        t.value += _clock_value(m)
        t.type = "TIME"
        t.start, t.end = (t.start, m.end()) if after else (m.start(), t.end)
        t.text = ctx.text[t.start : t.end]
    return taken


_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_YEAR_PERIOD_HEAD = re.compile(lookups.value(TIMES, "year_period_heads"), re.I)
_PERIOD_HEAD = re.compile(r"(?:quarter|period|year)$", re.I)


def _extents(taken: list[Timex], ctx: _Ctx) -> list[Timex]:
    """Widen an expression whose head is the period itself to its noun phrase, determiner included (the TimeML
    extent): "the year-ago quarter", "the prior year", "the current year", "the 1988 period", "the 1989 fiscal
    year"; never into the expression before."""
    prev_end = 0
    for t in taken:
        the = _THE_BEFORE.search(ctx.text, max(prev_end, t.start - 8), t.start)
        if the is not None:
            head = None
            if t.rule == "year" and t.text[:1].isdigit():
                head = _YEAR_PERIOD_HEAD.match(ctx.text, t.end, min(len(ctx.text), t.end + 20))
            if (
                head is not None
                or (t.rule == "yearago" and _PERIOD_HEAD.search(t.text))
                or (t.rule == "rel" and t.text[:7].lower() == "current")
            ):
                t.start, t.end = the.start(), head.end() if head is not None else t.end
                t.text = ctx.text[t.start : t.end]
        prev_end = t.end
    return taken


#: Directions of an offset that count from a time the text has just mentioned, not from the reference
#: date ("On January 27, ... A day later, ..." is January 28).
_ANAPHORIC = ("later", "earlier", "before")


def _anaphoric(taken: list[Timex], ctx: _Ctx) -> list[Timex]:
    """Re-anchor "a day later", "two weeks earlier" on the nearest date mentioned before them in the
    same paragraph (TimeML: such offsets are anchored on the preceding time, not the document date).
    Without such a date they keep the reference-date reading."""
    rx = next(r for name, r, _fn in _rules() if name == "ago")
    rx_anaphor = next(r for name, r, _fn in _rules() if name == "anaphor")
    out: list[Timex] = []
    last: Timex | None = None
    for t in taken:
        if t.rule == "anaphor" and last is not None:
            m = rx_anaphor.match(ctx.text, t.start)
            event = _event_anchor(taken, t, ctx) if m and m.group("dbe") else None
            resolved = _anchored(m, event or last) if m else None
            if resolved is not None:
                t.value, t.start_date, t.end_date = resolved
                t.precision = precision_of(t.start_date, t.end_date)
        if t.rule == "event_period":
            _event_anchored(t, _event_anchor(taken, t, ctx))
        if t.rule == "ago" and t.value is None and (m := rx.match(ctx.text, t.start)) and _from_event(m, ctx.text):
            unit = _unit_key(m.group("u"))
            _event_anchored(t, _event_anchor(taken, t, ctx, unit in ("day", "week")), m)
        elif t.rule == "ago" and last is not None and "\n\n" not in ctx.text[last.end : t.start]:
            m = rx.match(ctx.text, t.start)
            direction = " ".join(m.group("dir").lower().split()) if m else ""
            if m and _from_event(m, ctx.text):
                direction = ""  # "two days before the vote": anchored on the vote, not on a date
            if direction in _ANAPHORIC:
                again = _ago(m, _Ctx(ctx.text, last.start_date, ctx.upper))
                if again is not None:
                    t = again
                    vague = _vague_value(last, _unit_key(m.group("u")))
                    if vague is not None and t.value is not None and t.type == "DATE":
                        t.value, t.start_date, t.end_date = vague, last.start_date, last.end_date
                        t.precision = precision_of(t.start_date, t.end_date)
        out.append(t)
        if t.type == "DATE" and t.start_date is not None:
            last = t
    return out


_SINCE = re.compile(r"\bsince\b", re.I)


def _event_anchor(taken: list[Timex], t: Timex, ctx: _Ctx, day: bool = False) -> Timex | None:
    """The time of the event an offset counts from ("two days after his remarks", "the days before the shooting"):
    a past date told just before it (within ``event_anchor_chars``, in its paragraph, not a "since" range) -- "In
    February, Trump suggested ... Two days after his remarks" --, else the story's background date
    (:func:`_background`). None in a clause that speaks of the future (the event is still to come) or without a
    reference date."""
    if ctx.dct is None or _future_context(ctx, t.start, t.end):
        return None
    limit = ctx.dct - timedelta(days=W["background_min_days"])
    before = [b for b in taken if b.end <= t.start and b.type == "DATE" and b.start_date is not None and b.value]
    if before:
        near = before[-1]
        if (
            not _SINCE.search(ctx.text, max(0, near.start - 12), min(near.end, near.start + 6))
            and near.end_date is not None
            and near.end_date < limit
            and t.start - near.end <= W["event_anchor_chars"]
            and "\n\n" not in ctx.text[near.end : t.start]
        ):
            return near
    return _background(taken, t, ctx, day)


def _background(taken: list[Timex], t: Timex, ctx: _Ctx, day: bool = False) -> Timex | None:
    """The story's background date before ``t``: the first date of the text (a day when ``day``) that ends more than
    ``background_min_days`` before the reference date -- the past event a news story tells of ("Slepian was
    killed last October"), on which "the days before the shooting" and "ten days before the murder" are counted.
    None without a reference date or such a date."""
    if ctx.dct is None:
        return None
    limit = ctx.dct - timedelta(days=W["background_min_days"])
    for b in taken:
        if b.start >= t.start:
            break
        if b.type != "DATE" or b.start_date is None or b.end_date is None or b.end_date >= limit or not b.value:
            continue
        if not day or _granularity(b) == 0:
            return b
    return None


def _granularity(t: Timex) -> int | None:
    """0 day, 1 week, 2 month, 3 quarter / half / season, 4 year or longer (:data:`_VALUE_GRANULARITY`)."""
    return next((g for rx, g in _VALUE_GRANULARITY if rx.match(t.value or "")), None)


def _event_anchored(t: Timex, anchor: Timex | None, m: re.Match | None = None) -> None:
    """Give ``t``, a time counted from an event, a value from the event's date ``anchor``: "ten days before the
    murder" counted from that day (``m``, the offset's match); "the days before the shooting" that date's month (or
    its own value when it is coarser). Unchanged without an anchor."""
    if anchor is None or anchor.start_date is None:
        return
    if m is None:  # "the days before": the anchor's month
        g = _granularity(anchor)
        if g is not None and g >= 2:
            t.value, t.start_date, t.end_date = anchor.value, anchor.start_date, anchor.end_date
        else:
            t.value, t.start_date, t.end_date = shifted_period(anchor.start_date, "month", 0)
    else:
        n = _count(m.group("n") or "several")
        unit = _unit_key(m.group("u"))
        if n is None or unit not in ("day", "week", "month", "year"):
            return
        sign = 1 if m.group("dir").lower() == "after" else -1
        vague = _vague_value(anchor, unit)
        if vague is not None:
            t.value, t.start_date, t.end_date = vague, anchor.start_date, anchor.end_date
        else:
            t.value, t.start_date, t.end_date = shifted_period(anchor.start_date, unit, sign * n)
    t.precision = precision_of(t.start_date, t.end_date)


_COMPARISON = re.compile(lookups.value(TIMES, "comparison_cues"), re.I)
_PERIOD_END = re.compile(lookups.value(TIMES, "period_end_words"), re.I)
_PERIOD_VALUE = re.compile(r"^(?P<y>\d{4})-(?P<p>Q[1-4]|H[12])$")
_YEAR_BACK = re.compile(r"^(?:a|one)\s+year\s+(?:ago|earlier|before)$", re.I)


def _year_back(t: Timex, ctx: _Ctx) -> bool:
    """Whether ``t`` compares with a year before: "a year ago", "a year earlier", "year-ago", and "last year"
    after a comparison cue ("up from $3 million last year")."""
    if t.rule == "yearago" or (t.rule == "ago" and _YEAR_BACK.match(t.text)):
        return True
    if t.rule == "rel" and " ".join(t.text.lower().split()) == "last year":
        left = ctx.text[max(0, t.start - W["comparison_left_chars"]) : t.start]
        return bool(_COMPARISON.search(re.split(r"[.;!?\n]", left)[-1]))
    return False


def _reporting_period(taken: list[Timex], ctx: _Ctx) -> list[Timex]:
    """Give period comparisons the granularity of the period being reported (financial copy, TimeML).

    "Third-quarter net rose ... from $10 million a year ago": "a year ago" (and "a year earlier", "year-ago",
    "last year" after "from" / "compared with") is a year before the period the report is about, when the
    nearest expression before it, within ``period_context_chars``, names a quarter or half: the first quarter or
    half the text names (its lead: a third-quarter report that looks ahead to the fourth quarter still compares
    with last year's third). A date that only ends the period ("the quarter ended Sept. 30") and other
    comparisons are passed over. A bare "the quarter" is the quarter named last. Other expressions are left as
    they are; an unresolved "the quarter" is dropped.
    """
    out: list[Timex] = []
    period: Timex | None = None
    lead: Timex | None = None  # the first quarter or half the text names: the period the report is about
    prev: Timex | None = None
    for t in taken:
        near = period if period is not None and t.start - period.end <= W["period_context_chars"] else None
        if t.rule == "quarter_ref":
            if near is None or not _PERIOD_VALUE.match(near.value or "") or not near.value[5:].startswith("Q"):
                continue
            t.value, t.start_date, t.end_date = near.value, near.start_date, near.end_date
            t.precision = precision_of(t.start_date, t.end_date)
            t.rule = "quarter"
        elif _year_back(t, ctx):
            pm = _PERIOD_VALUE.match(near.value or "") if near is not None else None
            if pm and lead is not None:
                pm = _PERIOD_VALUE.match(lead.value or "")
            if pm:
                y, code = int(pm.group("y")) - 1, pm.group("p")
                n = int(code[1])
                first, last = (3 * n - 2, 3 * n) if code[0] == "Q" else (6 * n - 5, 6 * n)
                t.value, t.start_date, t.end_date = f"{y}-{code}", date(y, first, 1), month_end(y, last)
                t.precision = precision_of(t.start_date, t.end_date)
            out.append(t)
            prev = t
            continue
        ends_period = prev is not None and prev is period and _PERIOD_END.match(ctx.text[prev.end : t.start])
        if not ends_period:
            period = t
        if lead is None and _PERIOD_VALUE.match(t.value or ""):
            lead = t
        prev = t
        out.append(t)
    return out
