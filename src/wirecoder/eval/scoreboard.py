"""Run every dev set and write the scoreboard (``docs/scoreboard.md``), one Markdown table.

Columns: dataset, task, metric, wirecoder's figure on the *tune* part, on the *check* part and on
all documents of the dev file (:mod:`wirecoder.eval.split`), n (items scored on each), best published
figure with its source (from the dataset READMEs, :mod:`wirecoder.eval.published`), date and git
commit of the run. ``make eval`` calls ``wirecoder eval-all --scoreboard docs/scoreboard.md``.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import about
from .base import Metric, TaskResult
from .core import save_predictions, score
from .datasets import KINDS, SUBSETS, load_records, subset_name, tasks_for
from .published import NO_FIGURE, published_for
from .runner import run_pipeline
from .split import ALL, CHECK, TUNE, TUNE_PERCENT, in_part


@dataclass
class Scoreboard:
    """All task results of one ``eval-all`` run plus when and on what code it ran.

    results (list[TaskResult]): every task of every dataset, scored on the documents of ``part``.
    part (str): the part of each dev file coded: "all" (default), "tune" or "check".
    parts (dict[str, list[TaskResult]]): when ``part`` is "all", the same tasks scored on the "tune"
        and on the "check" documents alone (the scoreboard's other columns).
    """

    results: list[TaskResult] = field(default_factory=list)
    part: str = ALL
    parts: dict[str, list[TaskResult]] = field(default_factory=dict)
    date: str = ""
    commit: str = ""
    seconds: dict[str, float] = field(default_factory=dict)  # dataset -> wall time of coding + scoring
    docs: dict[str, int] = field(default_factory=dict)  # dataset -> documents coded
    missing: list[str] = field(default_factory=list)  # datasets whose dev file was not found

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def git_commit(cwd: Path | None = None) -> str:
    """The short commit hash of HEAD (with "+dirty" when tracked files changed), or "unknown"."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def default_data_dir() -> Path:
    """``../shared/data`` next to the working directory, else next to the source checkout."""
    here = Path.cwd().resolve().parent / "shared" / "data"
    if here.exists():
        return here
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


def score_dataset(kind: str, golds: list[dict], preds: list[dict]) -> list[TaskResult]:
    """Every task of a dataset scored on these records, then the published-comparison subset
    (:data:`~wirecoder.eval.datasets.SUBSETS`) on the metrics that have a published figure."""
    results = [score(kind, task, golds, preds) for task in tasks_for(kind)]
    if kind in SUBSETS:
        keep = [i for i, g in enumerate(golds) if SUBSETS[kind][1](g)]
        if keep:
            sub_golds, sub_preds = [golds[i] for i in keep], [preds[i] for i in keep]
            for task in tasks_for(kind):
                result = score(kind, task, sub_golds, sub_preds)
                result.dataset = subset_name(kind) or kind
                result.metrics = [m for m in result.metrics if published_for(result.dataset, m.name)]
                if result.metrics:
                    results.append(result)
    return results


def run_all(
    data_dir: str | Path | None = None,
    split: str = "dev",
    limit: int | None = None,
    datasets: list[str] | None = None,
    pipeline: Any = None,
    progress: bool = True,
    save_dir: str | Path | None = None,
    part: str = ALL,
) -> Scoreboard:
    """Code and score every dataset's ``<split>.jsonl`` under ``data_dir`` (one pipeline for all).

    data_dir (str | Path | None): folder holding ``<dataset>/<split>.jsonl`` (default: ../shared/data).
    split (str): "dev" (default) or "test".
    limit (int | None): first N documents per dataset (for quick checks; the scoreboard says so).
    datasets (list[str] | None): only these kinds.
    pipeline (Pipeline | None): a built pipeline; None builds ``Pipeline.from_config()`` once.
    progress (bool): Rich progress bars on stderr.
    save_dir (str | Path | None): also write each dataset's predictions to ``<save_dir>/<dataset>.jsonl``
        (re-score them later with ``wirecoder eval GOLD --predictions FILE``).
    part (str): code only this part of each file, "tune" or "check" (:mod:`wirecoder.eval.split`),
        or "all" (default), which also scores the tune and check documents apart (``Scoreboard.parts``).
        ``limit`` counts documents of the part.
    RETURNS (Scoreboard): the results.
    """
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline.from_config()
    board = Scoreboard(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=git_commit(Path(__file__).resolve().parent),
        part=part,
    )
    for kind in datasets or KINDS:
        path = data_dir / kind / f"{split}.jsonl"
        if not path.exists():
            board.missing.append(kind)
            continue
        start = time.perf_counter()
        golds = load_records(path, limit, part)
        preds = run_pipeline(golds, pipeline=pipeline, name=kind, progress=progress)
        if save_dir is not None:
            save_predictions(preds, Path(save_dir) / f"{kind}.jsonl")
        board.results += score_dataset(kind, golds, preds)
        if part == ALL:
            for which in (TUNE, CHECK):
                keep = [i for i, g in enumerate(golds) if in_part(g.get("id"), which)]
                board.parts.setdefault(which, []).extend(
                    score_dataset(kind, [golds[i] for i in keep], [preds[i] for i in keep])
                )
        board.seconds[kind] = time.perf_counter() - start
        board.docs[kind] = len(golds)
    return board


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _by_metric(results: list[TaskResult]) -> dict[tuple[str, str, str], Metric]:
    return {(r.dataset, r.task, m.name): m for r in results for m in r.metrics}


def to_markdown(board: Scoreboard, split: str = "dev", limit: int | None = None) -> str:
    """The scoreboard as a Markdown page with one table: each headline metric on tune, check and all.

    RAISES ValueError: when the board was not run on all documents (``part`` other than "all").
    """
    if board.part != ALL:
        raise ValueError(f"The scoreboard reports tune, check and all; this run coded only the {board.part} part.")
    tune, check = _by_metric(board.parts.get(TUNE, [])), _by_metric(board.parts.get(CHECK, []))
    lines = [
        "# wirecoder scoreboard",
        "",
        f"Generated by `wirecoder eval-all` (`make eval`) on the `{split}` splits of `../shared/data`"
        + (f", first {limit} documents per dataset" if limit else "")
        + f"; wirecoder {about.__version__}, commit `{board.commit}`, {board.date}. "
        f"Coding + scoring wall time: {board.total_seconds:.0f} s for {sum(board.docs.values())} documents. "
        "Headline metrics only (`wirecoder eval` prints all); defined in [evaluation.md](evaluation.md); "
        "percentages unless a unit is given; "
        "n = items scored. Published figures come from the dataset READMEs and are often on another "
        "split, subset or metric definition (see the source column): context, not a like-for-like ranking.",
        "",
        f"Every figure is given on three parts of each dev file: **tune** (about {TUNE_PERCENT} % of the "
        f"documents), **check** (the other {100 - TUNE_PERCENT} %) and **all**, split once by a fixed hash "
        "of the document id (`wirecoder/eval/split.py`, rule in [evaluation.md](evaluation.md#tune-and-check)). "
        "**The check figure is the one to quote.** Errors may only be read on tune documents "
        "(`wirecoder eval --errors N` shows only those); check documents are looked at through their "
        "figures alone, so that check measures how the rules do on text they were not written from. "
        "The rules written before the split was introduced were tuned on whole dev files, check included, "
        "so check figures overstate generalisation until those rules have been revisited on tune.",
        "",
        "| dataset | task | metric | tune | check | all | n (tune / check / all) | best published | source "
        "| date | commit |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    seen_no_figure: set[str] = set()
    for result in board.results:
        for metric in result.metrics:
            if not metric.key or (metric.value is None and metric.n == 0):
                continue
            key = (result.dataset, result.task, metric.name)
            on_tune, on_check = tune.get(key), check.get(key)
            pub = published_for(result.dataset, metric.name)
            source = pub.source if pub else ""
            if not pub and result.dataset in NO_FIGURE and result.dataset not in seen_no_figure:
                source = NO_FIGURE[result.dataset]
                seen_no_figure.add(result.dataset)
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        result.dataset,
                        result.task,
                        metric.name,
                        on_tune.formatted() if on_tune else "-",
                        on_check.formatted() if on_check else "-",
                        metric.formatted(),
                        " / ".join(str(m.n) if m else "-" for m in (on_tune, on_check, metric)),
                        pub.figure if pub else "-",
                        source,
                        board.date[:10],
                        board.commit,
                    )
                )
                + " |"
            )
    lines.append("")
    if board.seconds:
        lines.append(
            "Wall time per dataset (coding + scoring, seconds): "
            + ", ".join(f"{k} {v:.0f} ({board.docs[k]} docs)" for k, v in board.seconds.items())
            + "."
        )
    if board.missing:
        lines.append("")
        lines.append("Not found (skipped): " + ", ".join(board.missing) + ".")
    lines.append("")
    return "\n".join(lines)


def write_scoreboard(board: Scoreboard, path: str | Path, split: str = "dev", limit: int | None = None) -> Path:
    """Write the Markdown scoreboard (atomically: a temporary file renamed over the old one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(to_markdown(board, split, limit), encoding="utf-8")
    tmp.replace(path)
    return path
