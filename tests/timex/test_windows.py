"""The windowed scan of the timex tagger (issue #18) finds exactly what a scan of the whole text finds."""

from __future__ import annotations

import re
from dataclasses import astuple
from datetime import date

import pytest

from tests.conftest import dev_texts
from wirecoder.timex import tag_times
from wirecoder.timex.tagger import _rules, _windows
from wirecoder.timex.windows import Windows, plan

#: Matches that start far before their key, keys at the very start and end of the text, long runs of white
#: space and of number words, keys inside other words, a non-ASCII letter that matches "k" case-insensitively.
HARD_CASES = (
    "Talks were held between 1 and 3 March in Geneva, and again from 12 to 14 March 2016.",
    "They met between 12th through 31st of September, 2017, and on Wednesday, the 4th of September, 2019.",
    "March",
    "It happened in\n\n\n\n\n\n\n\n\n\n\n\n   August\n\n\n\n\n\n\n\n\n   29,\n\n\n\n\n\n\n  2017 at night.",
    "For twenty-one thousand five hundred and sixty-three days and nights the siege went on; "
    "for one two three four five six seven eight nine ten eleven twelve years more.",
    "On Sunday, the day before yesterday, someone often attended the weekend market; in the first half "
    "of 2019 and the fourth quarter of fiscal 2018 the year-ago quarter was weak.",
    "Results for the quarter ended Sept. 30 rose from $10 million a year ago; the 1990s and the 21st century.",
    "Fighting broke out in early August; mid-2017; late last year; by the end of next month; 8/9/2017; 2017-09-08",
    "The \u212aurdish offensive began last \u212aonday, 4 \u212a March 2017 -- two weeks later it stalled.",
    "Mayor Dec\u00e9 said on Wednesday morning that the 10-day truce of Jan. 5 -- 12, 2016 held for three weeks.",
    "  1,200,000 days 3.5 years 40,000 hours ago; Christmas Day, New Year's Eve, Easter 2016, "
    "at 2100 HOURS, in 1989, since 1,989.",
)


def _texts(seed_text: str) -> list[str]:
    shared = dev_texts(("tempeval3", "muc4", "realnews", "case2021-task2"), 15)
    return [seed_text, seed_text.upper(), *HARD_CASES, *shared]


def _found(text: str, windowed: bool, dct: date | None) -> list[tuple]:
    return [astuple(t) for t in tag_times(text, dct, windowed=windowed)]


@pytest.mark.parametrize("dct", [date(2017, 9, 8), None])
def test_windows_find_what_the_whole_scan_finds(seed_text, dct):
    texts = _texts(seed_text)
    for text in texts:
        assert _found(text, True, dct) == _found(text, False, dct)
    assert sum(len(_found(t, True, dct)) for t in texts) > 30  # (47 in the bundled texts alone)


def test_each_rule_matches_alike_in_its_windows(seed_text):
    """Rule by rule, the matches in the windows are the matches in the whole text (also the ones a handler
    rejects, which the comparison of :func:`tag_times` output cannot see)."""
    rules = _rules()
    for text in _texts(seed_text):
        for (name, rx, _fn), spans in zip(rules, _windows().spans(text), strict=True):
            whole = [m.span() for m in rx.finditer(text)]
            if spans is None:
                continue
            windowed = [m.span() for a, b in spans for m in rx.finditer(text, a, b)]
            assert windowed == whole, (name, text[:80])


def test_most_rules_are_windowed_and_windows_are_small(seed_text):
    plans = [plan(rx.pattern, rx.flags) for _name, rx, _fn in _rules()]
    assert sum(p is not None for p in plans) >= len(plans) - 2
    spans = _windows().spans(seed_text)
    covered = [sum(b - a for a, b in s) / len(seed_text) for s in spans if s is not None]
    assert sorted(covered)[len(covered) // 2] < 0.5  # the median rule reads less than half of the article
    quarter = dict(zip((name for name, _rx, _fn in _rules()), spans, strict=True))["quarter"]
    assert (quarter == []) == ("quarter" not in seed_text.lower())  # no key, no window


def test_unbounded_patterns_scan_the_whole_text():
    assert plan(r"(?:x)?", re.I) is None  # can match the empty string
    assert plan(r"(a+)\1", re.I) is None  # a back-reference
    assert plan(r"(?i)march", 0) is None  # global flags of its own
    p = plan(r"\b(?:january|june)\s+\d+", re.I)
    assert p is not None and all(any(k in month for k in p.keys) for month in ("january", "june"))
    p = plan(r"\bweek\s+\d{1,2}(?!\d)", re.I)  # 4 + 2 characters, a run of white space, one read ahead
    assert p is not None and p.keys == ["week"] and p.after == (7, {r"[\s]": 1})
    assert p.before == (4, {})  # a match starts no further before the key than the items up to its end reach


def test_a_letter_outside_ascii_that_matches_a_key_turns_windows_off():
    assert set(_windows().spans("Last \u212aonday in March")) == {None}
    assert None not in _windows().spans("Last Monday in March, in Zürich")


def test_alternatives_that_share_a_start_give_whole_words_as_keys():
    """The regex parser factors out a shared start ("every|each" is "e" + "very|ach"): the key is the whole
    words, and the window still reaches back to where the shared start begins."""
    p = plan(r"\b(?:every|each)\s+(?:day|week)\b", re.I)
    assert p is not None and p.keys == ["each", "every"]
    assert p.after[0] >= len("every day") and p.before == (5, {})
    text = "They met each week. Every day counts; any day is fine."
    rx = re.compile(r"\b(?:every|each)\s+(?:day|week)\b", re.I)
    (spans,) = Windows([p], re.I).spans(text)
    assert [m.group() for a, b in spans for m in rx.finditer(text, a, b)] == ["each week", "Every day"]
    assert sum(b - a for a, b in spans) < len(text) - len("; any day is fine.")  # "any day" opens no window
    # the recurrence rule looks for "every", "each", weekday names, "once", "twice", "times": not for "day" or "year"
    keys = {name: plan(rx.pattern, rx.flags) for name, rx, _fn in _rules()}["set"].keys
    assert {"every", "each", "twice"} <= set(keys) and not {"day", "week", "year"} & set(keys)
