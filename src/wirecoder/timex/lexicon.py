"""Load the temporal and numeric lexicons shipped in ``wirecoder/data/lexicons``.

The word tables are TSV files without a header row (``#`` lines name their source, licence and
columns), read through :func:`wirecoder.lookups.lines`; the patterns and named lists are in
``times.en.toml`` (:data:`TIMES`). Loaders are cached: the files are read once per process.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from .. import lookups

#: The named lists, tables and patterns of the timex tagger.
TIMES = "lexicons/times.en.toml"
_PART = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _rows(name: str) -> list[list[str]]:
    """The rows of a word table in ``data/lexicons``, split on tabs."""
    return [[c.strip() for c in line.split("\t")] for line in lookups.lines(f"lexicons/{name}")]


def expand(template: str, parts: dict[str, str]) -> str:
    """A pattern from ``times.en.toml`` with each ``{name}`` replaced by ``parts[name]``.

    Regular-expression quantifiers (``{2}``, ``{1,40}``) are left alone: a name starts with a letter.
    RAISES KeyError: a ``{name}`` with no part of that name.
    """
    return _PART.sub(lambda m: parts[m.group(1)], template)


def expand_parts(templates: dict[str, str], parts: dict[str, str]) -> dict[str, str]:
    """``parts`` plus the named templates expanded in order (each may use the ones before it)."""
    out = dict(parts)
    for name, template in templates.items():
        out[name] = expand(template, out)
    return out


@functools.lru_cache(maxsize=1)
def time_words() -> dict[str, dict[str, str]]:
    """``kind -> {word: value}`` from ``times.en.tsv``.

    RETURNS (dict): e.g. ``out["month"]["aug"] == "8"``.
    """
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _rows("times.en.tsv"):
        if len(row) >= 3:
            out[row[0]][row[1].lower()] = row[2]
    return dict(out)


@functools.lru_cache(maxsize=1)
def number_words() -> dict[str, dict[str, tuple[int, int, int]]]:
    """``kind -> {phrase: (low, best, high)}`` from ``numbers.en.tsv`` (kinds num, mult, vague)."""
    out: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for row in _rows("numbers.en.tsv"):
        if len(row) >= 5:
            out[row[0]][row[1].lower()] = (int(row[2]), int(row[3]), int(row[4]))
    return dict(out)


@functools.lru_cache(maxsize=1)
def unit_classes() -> dict[str, str]:
    """``noun -> unit class`` from ``units.en.tsv`` (keys lower case)."""
    return {row[1].lower(): row[0] for row in _rows("units.en.tsv") if len(row) >= 2}


@functools.lru_cache(maxsize=1)
def casualty_words() -> dict[str, str]:
    """``word or phrase -> effect`` (death | injury | other) from ``casualties.en.tsv``."""
    return {row[1].lower(): row[0] for row in _rows("casualties.en.tsv") if len(row) >= 2}


def alternation(words: list[str] | set[str] | dict) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace or hyphen."""
    parts = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in parts)
