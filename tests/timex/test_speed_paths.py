"""The fast paths of the time stage (issue #18) give what the plain computations give, on real text."""

from __future__ import annotations

import re
from datetime import date

from tests.conftest import dev_texts
from wirecoder.mentions import times
from wirecoder.timex.tagger import _rules, _windows


def _texts(seed_text: str) -> list[str]:
    return [seed_text, seed_text.upper(), *dev_texts(("tempeval3", "muc4", "realnews", "case2021-task2"), 10)]


def _plain_spans(plan, text: str) -> list[tuple[int, int]]:
    """The windows of one plan computed the plain way: every occurrence (by a regular expression), widened,
    sorted and merged."""
    low = text.lower()

    def measure(bound) -> int:
        n, runs = bound
        for c, k in runs.items():
            n += k * max([len(r) for r in re.findall(f"{c}{{3,}}", text, re.I)], default=2)
        return n

    before, after = measure(plan.before), measure(plan.after)
    occurrences = [(m.start(), m.start() + len(key)) for key in plan.keys for m in re.finditer(f"(?={key})", low)]
    if plan.key[1]:
        occurrences += [m.span() for m in re.finditer(r"\d+", text)]
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted((max(0, a - before), min(len(text), b + after)) for a, b in occurrences):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def test_windows_are_the_plain_ones(seed_text):
    windows = _windows()
    texts = _texts(seed_text)
    for text in texts:
        for p, spans in zip(windows._plans, windows.spans(text), strict=True):
            assert spans == (None if p is None else _plain_spans(p, text)), text[:80]


def test_a_key_near_the_end_of_its_rule_gets_a_short_window_after_it():
    """ "for the past three days": a duration match reaches far before its unit word but hardly past it."""
    filler = "The committee met again. " * 12
    text = f"{filler}Fighting went on for the past three days. {filler}"
    names = [name for name, _rx, _fn in _rules()]
    spans = dict(zip(names, _windows().spans(text), strict=True))["duration"]
    rx = _rules()[names.index("duration")][1]
    key_end = text.index("days") + len("days")
    assert spans is not None and len(spans) == 1
    start, end = spans[0]
    assert start <= text.index("for the past") and key_end < end < key_end + 40
    assert text.index("days") - start > 2 * (end - key_end)  # it reads further before the key than after it
    assert [m.group() for m in rx.finditer(text, start, end)] == [m.group() for m in rx.finditer(text)]
    assert [m.group() for m in rx.finditer(text)] == ["for the past three days"]


def test_dateparser_readings_are_remembered_per_text_and_base():
    base = date(2017, 9, 8)
    first = times.dateparser_timex("last Saturday", 10, base)
    hits = times._parsed_against.cache_info().hits
    again = times.dateparser_timex("last Saturday", 10, base)
    assert times._parsed_against.cache_info().hits == hits + 1
    assert first == again and first is not None and first.value == "2017-09-02"
    assert times._parse("last Saturday", base) == (first.start_date, "day")
    other = times.dateparser_timex("last Saturday", 10, date(2017, 9, 20))
    assert other is not None and other.value == "2017-09-16"  # another base, another reading
