"""Run the tagger's rules only on the stretches of a text where they can match (issue #18).

Every match of most rules holds a word the rule cannot do without (a month name, a unit, "quarter") or a
digit. :class:`Windows` reads that *key* off the parsed pattern, together with two bounds: how far before
the key a match can start (what the pattern's items up to the key consume), and how far past the key's
start an attempt that reaches the key can read (what the items from the key on consume, plus the longest
lookahead). Each is a number of characters plus, for each unbounded repeat (``\\s+``, ``(?:,\\d{3})+``),
the longest run of the characters it can take, measured in the text at hand. A rule then runs only on the
windows that reach that far before and after each occurrence of its key (a rule whose key is the unit
after a number, as "three days ago", reads far before its key and little after); windows that touch are
merged. Within a window the regular expression engine sees exactly what it would see in the whole text
(an attempt that can match holds a key, whose window covers all it reads; lookbehinds read the real text),
and no match can start outside a window, so the matches are exactly those of a scan of the whole text,
in the same order. A rule whose pattern the analysis does not understand (or that can match the empty
string) scans the whole text, as does every rule on a text with a non-ASCII character that a pattern letter
could match case-insensitively (the Kelvin sign "K").

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre
from re import _parser as sre_parse

#: A bound as (characters, {character class: how many of its longest runs}).
_Bound = tuple[int, dict[str, int]]
#: Class escapes of the character categories of a parsed pattern.
_CATEGORIES = (sre.CATEGORY_DIGIT, sre.CATEGORY_NOT_DIGIT, sre.CATEGORY_SPACE, sre.CATEGORY_NOT_SPACE)
CATEGORY_ESCAPES = {
    category: "\\" + letter
    for category, letter in zip((*_CATEGORIES, sre.CATEGORY_WORD, sre.CATEGORY_NOT_WORD), "dDsSwW", strict=True)
}
#: The categories whose runs a window bound can measure (their complements run on for most of a text).
_RUN_CATEGORIES = frozenset({sre.CATEGORY_DIGIT, sre.CATEGORY_SPACE, sre.CATEGORY_WORD})
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ONE_CHARACTER = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)
_ASCII_LETTER = re.compile("[a-z]", re.I)
#: Runs of digits (any script's, as ``\d`` matches them).
_DIGITS = re.compile(r"\d+")
#: Runs of a class up to this long are not looked for: the bound takes this length for them.
_SHORT = 2
#: A key needs at least this many characters to be worth a window; shorter ones (and digits) rank below.
_MIN_KEY = 3


class _Unknown(Exception):
    """A construct the analysis does not bound; the rule scans the whole text."""


def _add(a: _Bound, b: _Bound) -> _Bound:
    runs = dict(a[1])
    for k, v in b[1].items():
        runs[k] = runs.get(k, 0) + v
    return a[0] + b[0], runs


def _max(a: _Bound, b: _Bound) -> _Bound:
    runs = dict(a[1])
    for k, v in b[1].items():
        runs[k] = max(runs.get(k, 0), v)
    return max(a[0], b[0]), runs


def _scale(a: _Bound, n: int) -> _Bound:
    return a[0] * n, {k: v * n for k, v in a[1].items()}


def set_items(av, categories) -> list[str] | None:
    """Regex character-class fragments of a parsed ``[...]`` set (``av`` of an ``IN`` item): its characters,
    ranges and the escapes of those of its categories in ``categories``; None for anything else (a negated
    set, another category)."""
    out: list[str] = []
    for kind, arg in av:
        if kind is sre.LITERAL:
            out.append(re.escape(chr(arg)))
        elif kind is sre.RANGE:
            out.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif kind is sre.CATEGORY and arg in categories:
            out.append(CATEGORY_ESCAPES[arg])
        else:
            return None
    return out


def _class_items(items) -> list[str]:
    """Regex character-class fragments of every character a (sub)pattern can consume."""
    out: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.IN:
            chars = set_items(av, _RUN_CATEGORIES)
            if chars is None:
                raise _Unknown
            out += chars
        elif op is sre.SUBPATTERN and not (av[1] or av[2]):
            out += _class_items(av[3])
        elif op is sre.ATOMIC_GROUP:
            out += _class_items(av)
        elif op in REPEATS:
            out += _class_items(av[2])
        elif op is sre.BRANCH:
            for alt in av[1]:
                out += _class_items(alt)
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # consume nothing (lookarounds are bounded separately)
        else:
            raise _Unknown
    return out


def _reach(items) -> tuple[_Bound, _Bound]:
    """(characters consumed, characters read past the consumed ones by an assertion) of a sequence."""
    used: _Bound = (0, {})
    ahead: _Bound = (0, {})
    for op, av in items:
        if op in _ONE_CHARACTER:
            used = _add(used, (1, {}))
        elif op is sre.AT:
            ahead = _max(ahead, (1, {}))  # \b and the like read the next character
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if av[0] > 0:  # a lookahead; lookbehinds read the real text before the window too
                body_used, body_ahead = _reach(av[1])
                ahead = _max(ahead, _add(body_used, body_ahead))
        elif op is sre.SUBPATTERN and not (av[1] or av[2]):
            sub_used, sub_ahead = _reach(av[3])
            used, ahead = _add(used, sub_used), _max(ahead, sub_ahead)
        elif op is sre.ATOMIC_GROUP:
            sub_used, sub_ahead = _reach(av)
            used, ahead = _add(used, sub_used), _max(ahead, sub_ahead)
        elif op is sre.BRANCH:
            branch: _Bound = (0, {})
            for alt in av[1]:
                alt_used, alt_ahead = _reach(alt)
                branch, ahead = _max(branch, alt_used), _max(ahead, alt_ahead)
            used = _add(used, branch)
        elif op in REPEATS:
            _low, high, body = av
            body_used, body_ahead = _reach(body)
            ahead = _max(ahead, body_ahead)
            if high is sre.MAXREPEAT:  # the whole repeat is one run of the characters its body takes
                used = _add(used, (0, {"[" + "".join(dict.fromkeys(_class_items(body))) + "]": 1}))
            else:
                used = _add(used, _scale(body_used, high))
        else:
            raise _Unknown
    return used, ahead


#: A key: lower-case strings one of which every match contains, and whether a digit would do instead.
_Key = tuple[frozenset[str], bool]


def _key_score(key: _Key) -> int:
    strings, digit = key
    if digit:
        return _MIN_KEY - 1 if not strings else min(_MIN_KEY - 1, min(map(len, strings)))
    return min(map(len, strings))


def _union(a: _Key | None, b: _Key | None) -> _Key | None:
    if a is None or b is None:
        return None
    return a[0] | b[0], a[1] or b[1]


def _key(items) -> _Key | None:
    """The best key of a sequence: its longest run of literal characters or a required item's key."""
    found = _key_at(items)
    return None if found is None else found[0]


def _key_at(items) -> tuple[_Key, int, int] | None:
    """The best key of a sequence (see :func:`_key`), how many of its items reach to the key's end, and the
    index of the first item of the key (the start of a literal run, or the one item holding the key)."""
    best: tuple[_Key, int, int] | None = None
    run = ""

    def consider(candidate: _Key | None, end: int, first: int) -> None:
        nonlocal best
        if candidate is not None and (best is None or _key_score(candidate) >= _key_score(best[0])):
            best = candidate, end, first

    for i, (op, av) in enumerate(items):
        if op is sre.LITERAL and chr(av).isascii():
            run += chr(av).lower()
            continue
        if run and op is sre.BRANCH and (heads := _literal_heads(av[1])):
            # the parser factors out the start its alternatives share ("every|each" is "e" + "very|ach"): the run
            # and each alternative's literal start make one key string ("every", "each"), from the run's start
            consider((frozenset(run + h for h in heads), False), i + 1, i - len(run))
        if run:
            consider((frozenset([run]), False), i, i - len(run))
            run = ""
        if op is sre.SUBPATTERN and not (av[1] or av[2]):
            consider(_key(av[3]), i + 1, i)
        elif op is sre.ATOMIC_GROUP:
            consider(_key(av), i + 1, i)
        elif op is sre.BRANCH:
            alts = [_key(alt) for alt in av[1]]
            key = alts[0]
            for alt in alts[1:]:
                key = _union(key, alt)
            consider(key, i + 1, i)
        elif op in REPEATS and av[0] >= 1:
            consider(_key(av[2]), i + 1, i)
        elif op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
            consider((frozenset(), True), i + 1, i)
    if run:
        consider((frozenset([run]), False), len(items), len(items) - len(run))
    return best


def _literal_heads(alternatives) -> list[str] | None:
    """The literal characters each alternative of a parsed branch starts with, or None when one starts with
    anything else."""
    heads = []
    for alt in alternatives:
        head = ""
        for op, av in alt:
            if op is not sre.LITERAL or not chr(av).isascii():
                break
            head += chr(av).lower()
        if not head:
            return None
        heads.append(head)
    return heads


@dataclass
class _Plan:
    """How one rule is windowed: its key, how far before an occurrence of the key a match can start
    (``before``), and how far past the occurrence's start an attempt that can reach it reads (``after``)."""

    key: _Key
    before: _Bound
    after: _Bound

    def __post_init__(self) -> None:
        self.keys = _prefix_free(self.key[0])


def _prefix_free(keys: frozenset[str]) -> list[str]:
    """The key strings no other key string starts: their occurrences hold all the others'."""
    return [k for k in sorted(keys) if not any(k != o and k.startswith(o) for o in keys)]


def plan(pattern: str, flags: int) -> _Plan | None:
    """The window plan of a rule's pattern, or None when it must scan the whole text."""
    if re.compile(pattern, flags).flags != re.compile("", flags).flags:
        return None  # the pattern sets its own global flags
    parsed = sre_parse.parse(pattern, flags)
    items = list(parsed)
    if parsed.getwidth()[0] == 0:
        return None  # an empty match moves finditer differently
    try:
        _used, ahead = _reach(items)
        found = _key_at(items)
        if found is None or _key_score(found[0]) < 1:
            return None
        key, end, first = found
        # a match reaches its key after at most the items up to the key's end; from the first item that can
        # hold the key on, an attempt consumes at most the rest and reads past that only as far as an
        # assertion (anywhere in the pattern) looks ahead
        return _Plan(key, _reach(items[:end])[0], _add(_reach(items[first:])[0], _max(ahead, (1, {}))))
    except _Unknown:
        return None


class Windows:
    """The key occurrences of a set of rule plans in one text, and the windows they give."""

    def __init__(self, plans: list[_Plan | None], flags: int) -> None:
        """``plans``: one per rule (None: the rule scans the whole text); ``flags``: the rules' flags."""
        self._plans = plans
        classes = {c for p in plans if p is not None for c in (*p.before[1], *p.after[1])}
        # only the runs longer than _SHORT: most texts have none of white space, and few of the others
        self._runs = {c: re.compile(f"{c}{{{_SHORT + 1},}}", flags) for c in sorted(classes)}
        #: per plan: (key strings, whether a digit is a key, its bounds before and after a key as (characters,
        #: (run class, count) pairs))
        self._specs = [
            None
            if p is None
            else (tuple(p.keys), p.key[1], *((n, tuple(runs.items())) for n, runs in (p.before, p.after)))
            for p in plans
        ]

    def spans(self, text: str) -> list[list[tuple[int, int]] | None]:
        """For each plan, the (start, end) windows to scan in ``text``, or None to scan the whole text."""
        low = text.lower()
        if not text.isascii() and (
            len(low) != len(text) or any(_ASCII_LETTER.match(c) for c in set(text) if not c.isascii())
        ):
            return [None] * len(self._plans)  # a key could be spelt with a character lower() leaves alone
        size = len(text)
        longest: dict[str, int] = {}  # measured only for the rules that have a key in the text
        found: dict[str, list[tuple[int, int]]] = {}
        digits: list[tuple[int, int]] | None = None
        out: list[list[tuple[int, int]] | None] = []
        for spec in self._specs:
            if spec is None:
                out.append(None)
                continue
            keys, digit, before, after = spec
            occurrences: list[tuple[int, int]] = []
            for key in keys:
                at = found.get(key)
                if at is None:
                    at = found[key] = _occurrences(low, key)
                occurrences += at
            if digit:
                if digits is None:
                    digits = [m.span() for m in _DIGITS.finditer(text)]
                occurrences += digits
            if not occurrences:
                out.append([])
                continue
            rb, ra = (self._measure(bound, text, longest) for bound in (before, after))
            occurrences.sort()  # by start, so are the windows: merging them needs no other order
            windows: list[tuple[int, int]] = []
            start = end = -1
            for a, b in occurrences:  # each occurrence widened (within the text), merged where they touch
                lo = a - rb if a > rb else 0
                hi = b + ra if b + ra < size else size
                if lo <= end:
                    if hi > end:
                        end = hi
                    continue
                if end >= 0:
                    windows.append((start, end))
                start, end = lo, hi
            windows.append((start, end))
            out.append(windows)
        return out

    def _measure(self, bound: tuple[int, tuple[tuple[str, int], ...]], text: str, longest: dict[str, int]) -> int:
        """A bound in characters of ``text`` (``longest``: the longest run of each class measured so far)."""
        n, runs = bound
        for c, k in runs:
            run = longest.get(c)
            if run is None:
                run = longest[c] = max(map(len, self._runs[c].findall(text)), default=_SHORT)
            n += k * run
        return n


def _occurrences(low: str, key: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of ``key`` in ``low``, overlapping ones included."""
    out = []
    i = low.find(key)
    while i >= 0:
        out.append((i, i + len(key)))
        i = low.find(key, i + 1)
    return out
