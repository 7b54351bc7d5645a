"""Show evaluation results in the terminal with Rich: the metrics table and the ``--errors N`` view
(documents scored event by event, as realnews, show their gold and predicted events side by side).

The error view shows tune documents only unless asked otherwise (:mod:`wirecoder.eval.split`).

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .base import TaskResult
from .published import published_for
from .split import ALL, TUNE


def metrics_table(result: TaskResult) -> Table:
    """A Rich table of one task's metrics, with the published comparison where there is one."""
    table = Table(title=f"{result.dataset} · {result.task} · {result.n_docs} documents", title_justify="left")
    table.add_column("metric")
    table.add_column("wirecoder", justify="right")
    table.add_column("n", justify="right")
    table.add_column("best published", justify="right")
    for metric in result.metrics:
        pub = published_for(result.dataset, metric.name)
        table.add_row(metric.name, metric.formatted(), str(metric.n), pub.figure if pub else "-")
    return table


def errors_table(result: TaskResult, n: int, part: str = TUNE) -> Table:
    """The ``n`` worst documents of a task, gold and predicted side by side.

    part (str): the part of the dev set they are taken from: "tune" (default; errors may only be
        read on tune documents, see :mod:`wirecoder.eval.split`), "check" or "all".
    """
    where = f"{part} documents" if part != ALL else "documents, check included"
    docs = result.worst(n, part)
    if any(getattr(doc, "rows", None) for doc in docs):
        return event_rows_table(result, docs, f"{n} worst {where}")
    table = Table(title=f"{result.dataset} · {result.task} · {n} worst {where}", title_justify="left", show_lines=True)
    table.add_column("id", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("text", overflow="fold", max_width=50)
    table.add_column("gold", overflow="fold")
    table.add_column("predicted", overflow="fold")
    for doc in docs:
        table.add_row(doc.id, f"{doc.score:.2f}", doc.text, doc.gold, doc.pred)
    return table


def event_rows_table(result: TaskResult, docs: list, what: str) -> Table:
    """Documents scored event by event (realnews): gold events and predicted events side by side, one row
    per matched pair, missed gold event, duplicate or other false prediction (``doc.rows``)."""
    table = Table(title=f"{result.dataset} · {result.task} · {what}", title_justify="left")
    table.add_column("article", overflow="fold", max_width=24)
    table.add_column("status", overflow="fold", max_width=16)
    table.add_column("gold event", overflow="fold", ratio=1)
    table.add_column("predicted event", overflow="fold", ratio=1)
    for doc in docs:
        rows = list(getattr(doc, "rows", None) or [("-", doc.gold, doc.pred)])
        head = f"{doc.id}\nscore {doc.score:.2f}\n{doc.text}"
        for k, (status, gold, pred) in enumerate(rows):
            table.add_row(head if k == 0 else "", status, gold, pred, end_section=k == len(rows) - 1)
    return table


def print_results(
    results: list[TaskResult], errors: int = 0, console: Console | None = None, errors_part: str = TUNE
) -> None:
    """Print each task's metrics table, then its worst documents of ``errors_part`` when ``errors`` > 0."""
    console = console or Console()
    for result in results:
        console.print(metrics_table(result))
        for note in result.notes:
            console.print(f"[dim]{note}[/dim]")
        if errors > 0:
            console.print(errors_table(result, errors, errors_part))
