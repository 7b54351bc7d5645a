"""Evaluate the pipeline on a gold file: load, code, score, for one task or all of a dataset's tasks.

This is the library behind ``wirecoder eval`` and ``wirecoder eval-all``.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import lookups
from . import actors, dedup, events, fatalities, places, realnews, times
from .base import TaskResult, short
from .datasets import DATASETS, detect_kind, iter_jsonl, load_records, tasks_for
from .runner import run_pipeline
from .split import ALL

Scorer = Callable[[list[dict], list[dict], str], TaskResult]

#: The scorer functions, by name (``data/eval/datasets.toml`` names one per dataset kind and task).
SCORER_FUNCTIONS: dict[str, Scorer] = {
    f.__name__: f
    for f in (
        realnews.score_realnews,
        events.score_case2021,
        events.score_muc4_events,
        events.score_indiapoliceevents,
        events.score_wikievents,
        events.score_plover_events,
        actors.score_muc4_actors,
        actors.score_plover_actors,
        fatalities.score_fatalities,
        dedup.score_muc4_dedup,
        places.score_places,
        times.score_times,
    )
}

#: (dataset kind, task) -> scorer(golds, preds, dataset).
SCORERS: dict[tuple[str, str], Scorer] = {
    (kind, task): SCORER_FUNCTIONS[name]
    for kind, tasks in lookups.word_map(DATASETS, "scorers").items()
    for task, name in tasks.items()
}


def score(kind: str, task: str, golds: list[dict], preds: list[dict]) -> TaskResult:
    """Score predictions (``wirecoder/1`` records, same order as ``golds``) on one task."""
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold records but {len(preds)} predictions: they must align one to one.")
    result = SCORERS[(kind, task)](golds, preds, kind)
    texts = {str(g.get("id")): g.get("text") or "" for g in golds}
    for doc in result.docs:
        if not doc.text:
            doc.text = short(texts.get(str(doc.id), ""), 120)
    return result


def load_predictions(path: str | Path, golds: list[dict]) -> list[dict]:
    """Saved ``wirecoder/1`` records (``wirecoder extract --format jsonl`` output) aligned to the gold
    records by article id; a gold document without a prediction gets an empty record.

    RAISES DatasetError: when a line is not JSON.
    """
    by_id: dict[str, dict] = {}
    for _, record in iter_jsonl(path, "predictions"):
        by_id[str((record.get("article") or {}).get("id"))] = record
    empty = {"events": [], "mentions": {}, "errors": []}
    return [by_id.get(str(g.get("id")), {**empty, "article": {"id": str(g.get("id"))}}) for g in golds]


def save_predictions(preds: list[dict], path: str | Path) -> Path:
    """Write predicted records as JSONL (the format :func:`load_predictions` and ``extract`` use)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in preds:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def evaluate(
    path: str | Path,
    task: str | None = None,
    dataset: str | None = None,
    limit: int | None = None,
    pipeline: Any = None,
    progress: bool = True,
    predictions: str | Path | None = None,
    part: str = ALL,
) -> tuple[list[TaskResult], list[dict], list[dict]]:
    """Code a gold file with the pipeline (or read saved predictions) and score it.

    path (str | Path): a gold JSONL file (``../shared/data/<name>/dev.jsonl`` or the same shape).
    task (str | None): one task, or None for every task the dataset supports.
    dataset (str | None): the dataset kind; None detects it from the folder name or the records.
    limit (int | None): only the first ``limit`` records.
    pipeline (Pipeline | None): a built pipeline (None: ``Pipeline.from_config()``, as ``extract``).
    progress (bool): Rich progress bar on stderr.
    predictions (str | Path | None): saved ``wirecoder/1`` JSONL to score instead of coding.
    part (str): "tune", "check" or "all" (default): code and score only that part of the file
        (:mod:`wirecoder.eval.split`); ``limit`` counts documents of that part.
    RETURNS (tuple): (task results, gold records, predicted records).
    """
    path = Path(path)
    golds = load_records(path, limit, part)
    kind = dataset or detect_kind(path, golds)
    task_names = tasks_for(kind, task)
    if predictions is not None:
        preds = load_predictions(predictions, golds)
    else:
        preds = run_pipeline(golds, pipeline=pipeline, name=kind, progress=progress)
    return [score(kind, t, golds, preds) for t in task_names], golds, preds
