"""Run every dev set and write the scoreboard (``docs/scoreboard.md``), one Markdown table.

Columns: dataset, task, metric, wirecoder's figure, n (items scored), best published figure
with its source (from the dataset READMEs, :mod:`wirecoder.eval.published`), date and git
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
from .base import TaskResult
from .core import save_predictions, score
from .datasets import KINDS, SUBSETS, load_records, subset_name, tasks_for
from .published import NO_FIGURE, published_for
from .runner import run_pipeline


@dataclass
class Scoreboard:
    """All task results of one ``eval-all`` run plus when and on what code it ran."""

    results: list[TaskResult] = field(default_factory=list)
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


def run_all(
    data_dir: str | Path | None = None,
    split: str = "dev",
    limit: int | None = None,
    datasets: list[str] | None = None,
    pipeline: Any = None,
    progress: bool = True,
    save_dir: str | Path | None = None,
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
    RETURNS (Scoreboard): the results.
    """
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline.from_config()
    board = Scoreboard(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=git_commit(Path(__file__).resolve().parent),
    )
    for kind in datasets or KINDS:
        path = data_dir / kind / f"{split}.jsonl"
        if not path.exists():
            board.missing.append(kind)
            continue
        start = time.perf_counter()
        golds = load_records(path, limit)
        preds = run_pipeline(golds, pipeline=pipeline, name=kind, progress=progress)
        if save_dir is not None:
            save_predictions(preds, Path(save_dir) / f"{kind}.jsonl")
        for task in tasks_for(kind):
            board.results.append(score(kind, task, golds, preds))
        if kind in SUBSETS:
            keep = [i for i, g in enumerate(golds) if SUBSETS[kind][1](g)]
            if keep:
                sub_golds, sub_preds = [golds[i] for i in keep], [preds[i] for i in keep]
                for task in tasks_for(kind):
                    result = score(kind, task, sub_golds, sub_preds)
                    result.dataset = subset_name(kind) or kind
                    result.metrics = [m for m in result.metrics if published_for(result.dataset, m.name)]
                    if result.metrics:
                        board.results.append(result)
        board.seconds[kind] = time.perf_counter() - start
        board.docs[kind] = len(golds)
    return board


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(board: Scoreboard, split: str = "dev", limit: int | None = None) -> str:
    """The scoreboard as a Markdown page with one table."""
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
        "| dataset | task | metric | wirecoder | n | best published | source | date | commit |",
        "|---|---|---|---:|---:|---:|---|---|---|",
    ]
    seen_no_figure: set[str] = set()
    for result in board.results:
        for metric in result.metrics:
            if not metric.key or (metric.value is None and metric.n == 0):
                continue
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
                        metric.formatted(),
                        str(metric.n),
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
