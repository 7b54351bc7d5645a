"""Load the temporal and numeric lexicons shipped in ``wirecoder/data/lexicons``.

Each file is a TSV with ``#`` comment lines (source, licence, how built).
Loaders are cached: the files are read once per process.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"


def _rows(name: str) -> list[list[str]]:
    """The non-comment rows of a lexicon file, split on tabs."""
    rows = []
    for line in (LEXICON_DIR / name).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


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
    import re

    parts = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in parts)
