"""Evaluation datasets: which kind a JSONL file is, which tasks it scores, and loading it.

The gold files are the ``dev.jsonl`` / ``test.jsonl`` files of ``../shared/data/<name>/``
(one JSON object per line: ``id``, ``text``, optional ``title``, ``publication_date``,
``url``, and ``gold``); any file of the same shape works. The kind is taken from
``--dataset``, else from the folder name, else from the shape of the ``gold`` field. The kinds,
their tasks and published-comparison subsets are listed in ``data/eval/datasets.toml``.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import lookups
from .split import ALL, in_part

DATASETS = "eval/datasets.toml"

#: dataset kind -> tasks it can score (the first is the default task), from ``data/eval/datasets.toml``.
TASKS: dict[str, tuple[str, ...]] = {
    kind: tuple(tasks) for kind, tasks in lookups.word_map(DATASETS, "scorers").items()
}

KINDS = tuple(TASKS)
ALL_TASKS = tuple(dict.fromkeys(task for tasks in TASKS.values() for task in tasks))


def _field_equals(path: str, value: object) -> Callable[[dict], bool]:
    """A record predicate: the field at the dotted ``path`` (missing levels read as empty) equals ``value``."""
    keys = path.split(".")

    def test(record: dict) -> bool:
        node = record
        for key in keys[:-1]:
            node = node.get(key) or {}
        return node.get(keys[-1]) == value

    return test


#: Subsets on which the published figures were computed: dataset -> (label, record predicate).
#: The scoreboard reports them next to the whole dev file (see the dataset READMEs).
SUBSETS: dict[str, tuple[str, Callable[[dict], bool]]] = {
    kind: (subset["label"], _field_equals(subset["field"], subset["value"]))
    for kind, subset in lookups.word_map(DATASETS, "subsets").items()
}


def subset_name(kind: str) -> str | None:
    """The scoreboard name of a dataset's published-comparison subset, e.g. "muc4 (GTT test docs)"."""
    return f"{kind} ({SUBSETS[kind][0]})" if kind in SUBSETS else None


class DatasetError(ValueError):
    """A gold file is missing, malformed or of an unknown kind."""


def kind_from_record(record: dict) -> str | None:
    """Guess the dataset kind from one record's ``gold`` field and id (None when unknown)."""
    gold = record.get("gold") or {}
    rid = str(record.get("id", ""))
    if "in_subtasks" in gold and "label" in gold:
        return "case2021-task2"
    if "templates" in gold and "relevant" in gold:
        return "muc4"
    if "doc_answers" in gold:
        return "indiapoliceevents"
    if "timexes" in gold:
        return "tempeval3"
    if "source_actors" in gold and "event" in gold:
        return "plover-gsr"
    if "events" in gold and "must_not" in gold:
        return "realnews"
    if "events" in gold and "entities" in gold:
        return "wikievents"
    if "toponyms" in gold:
        if rid.startswith("gwn-"):
            return "geowebnews"
        if rid.startswith("geovirus-"):
            return "geovirus"
        tops = gold["toponyms"]
        if any("country_geonameid" in t for t in tops):
            return "lgl"
        if any("geonameid" in t for t in tops):
            return "tr-news"
        return None
    return None


def detect_kind(path: Path, records: list[dict]) -> str:
    """The dataset kind of a gold file: its folder name when that is a known kind, else the records' shape.

    RAISES DatasetError: when no kind fits.
    """
    if path.parent.name in TASKS:
        return path.parent.name
    if path.stem in TASKS:
        return path.stem
    for record in records[:20]:
        kind = kind_from_record(record)
        if kind:
            return kind
    raise DatasetError(f"Cannot tell which dataset '{path}' is. Name it with --dataset, one of: {', '.join(KINDS)}.")


def iter_jsonl(path: str | Path, what: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) for each non-empty line of a JSONL file.

    what (str): how messages name the file ("gold file", "predictions").
    RAISES DatasetError: when a line is not JSON.
    """
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"Line {lineno} of {what} '{path}' is not JSON: {exc}") from exc


def load_records(path: str | Path, limit: int | None = None, part: str = ALL) -> list[dict]:
    """The JSON records of a gold JSONL file, in file order (the first ``limit`` when given).

    part (str): only the records of this part of the file: "tune", "check" or "all" (default), by
        document id (:mod:`wirecoder.eval.split`); ``limit`` counts the records of that part.
    RAISES DatasetError: when the file is missing, a line is not JSON, or a record has no ``gold``.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"Gold file '{path}' does not exist.")
    records: list[dict] = []
    for lineno, record in iter_jsonl(path, "gold file"):
        if not isinstance(record, dict) or "gold" not in record or "text" not in record:
            raise DatasetError(f"Line {lineno} of '{path}' has no 'text' and 'gold' fields: not a gold record.")
        if not in_part(record.get("id"), part):
            continue
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records


def tasks_for(kind: str, task: str | None = None) -> tuple[str, ...]:
    """The tasks to score on a dataset: ``task`` alone when given (checked), else all its tasks.

    RAISES DatasetError: when the kind is unknown or does not support the task.
    """
    if kind not in TASKS:
        raise DatasetError(f"Unknown dataset '{kind}'. Known: {', '.join(KINDS)}.")
    if task is None:
        return TASKS[kind]
    if task not in TASKS[kind]:
        raise DatasetError(f"Dataset '{kind}' has no gold for task '{task}'. It scores: {', '.join(TASKS[kind])}.")
    return (task,)
