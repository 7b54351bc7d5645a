"""The one loader for wirecoder's data files: word lists, lookup tables, patterns and weights.

Everything wirecoder knows that is not code lives under ``src/wirecoder/data/`` (indexed in
``data/README.md``); stages get it through the functions here instead of reading files
themselves, so every file is parsed the same way and once per process:

* :func:`table` -- a ``.tsv`` or ``.csv`` file with a header row, as dicts (``#`` lines skipped);
* :func:`lines` -- a plain list, one entry per line (``.txt``);
* :func:`lexicon` -- a ``.toml`` file of named word lists, maps and settings; :func:`words`,
  :func:`word_list` and :func:`word_map` pick one entry from it;
* :func:`weights` -- a ``data/weights/<stage>.toml`` table of named scoring weights and thresholds.

Every file opens with ``#`` lines naming its source (the tests check it). A user extends
wirecoder by adding rows or entries to these files, never by editing Python.

DOCS: src/wirecoder/data/README.md
"""

from __future__ import annotations

import csv
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Errors, WirecoderError

#: Where the shipped data files live.
DATA_DIR = Path(str(resources.files("wirecoder") / "data"))


def data_path(name: str) -> Path:
    """The path of a shipped data file, e.g. ``data_path("lexicons/events.en.toml")``.

    RAISES WirecoderError (E010): when the file does not exist.
    """
    path = DATA_DIR / name
    if not path.is_file():
        raise WirecoderError(Errors.E010.format(name=name, where=DATA_DIR))
    return path


def _content_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\r\n") for line in fh if line.strip() and not line.lstrip().startswith("#")]


@cache
def lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of a data file, in file order (trailing newline removed)."""
    return tuple(_content_lines(data_path(name)))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a ``.tsv`` / ``.csv`` data file with a header row, as dicts (strings, file order)."""
    path = data_path(name)
    delimiter = "\t" if path.suffix == ".tsv" else ","
    reader = csv.DictReader(_content_lines(path), delimiter=delimiter)
    return tuple(dict(row) for row in reader)


def read_table(path: str | Path) -> list[dict[str, str]]:
    """Rows of any ``.tsv`` / ``.csv`` file (a user's file, say) read the way :func:`table` reads shipped ones."""
    path = Path(path)
    delimiter = "\t" if path.suffix == ".tsv" else ","
    return [dict(row) for row in csv.DictReader(_content_lines(path), delimiter=delimiter)]


@cache
def lexicon(name: str) -> dict[str, Any]:
    """A ``.toml`` data file of named lists, maps and values, parsed (do not mutate the result)."""
    path = data_path(name)
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WirecoderError(Errors.E011.format(name=name, reason=exc)) from exc


def _entry(name: str, key: str) -> Any:
    node: Any = lexicon(name)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise WirecoderError(Errors.E012.format(key=key, name=name))
        node = node[part]
    return node


def word_list(name: str, key: str) -> tuple:
    """One list from a ``.toml`` lexicon, in file order (nested lists become tuples)."""
    value = _entry(name, key)
    if not isinstance(value, list):
        raise WirecoderError(Errors.E013.format(key=key, name=name, want="a list", got=type(value).__name__))
    return tuple(tuple(v) if isinstance(v, list) else v for v in value)


def words(name: str, key: str, *more: str) -> frozenset:
    """One list from a ``.toml`` lexicon as a set (for membership tests); with more keys, the union of their lists."""
    return frozenset().union(*(word_list(name, k) for k in (key, *more)))


def word_map(name: str, key: str) -> dict[str, Any]:
    """One table (key -> value) from a ``.toml`` lexicon, a fresh dict in file order."""
    value = _entry(name, key)
    if not isinstance(value, dict):
        raise WirecoderError(Errors.E013.format(key=key, name=name, want="a table", got=type(value).__name__))
    return {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}


def value(name: str, key: str) -> Any:
    """One scalar (number, string, boolean) from a ``.toml`` data file."""
    return _entry(name, key)


def weights(stage: str) -> dict[str, Any]:
    """The named weights and thresholds of a stage: ``data/weights/<stage>.toml``, as a fresh dict."""
    return dict(lexicon(f"weights/{stage}.toml"))
