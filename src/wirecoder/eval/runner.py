"""Run the wirecoder pipeline over gold records, exactly as ``wirecoder extract`` does.

The articles are built by the same reader (:func:`wirecoder.ingest.readers.article_from_record`)
and coded by the same function (:func:`wirecoder.service.code`, without a store) and the
same :meth:`Pipeline.from_config` pipeline with its default settings as ``extract``: there
are no evaluation-only switches, and the gold fields never reach the pipeline (only ``id``,
``text``, ``title``, ``publication_date``, ``url`` and ``source`` do). Nothing is cached, so a
run reflects the code as it is; the output is deterministic for a given code and data.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import lookups
from .datasets import DATASETS

#: The record fields handed to the reader (``data/eval/datasets.toml``); everything else (``gold``,
#: ``text_gtt``, ...) stays out.
INPUT_FIELDS: tuple[str, ...] = lookups.word_list(DATASETS, "input_fields")


def input_record(record: dict) -> dict:
    """The part of a gold record that the pipeline may see."""
    return {k: record[k] for k in INPUT_FIELDS if k in record}


def articles_from_records(records: Iterable[dict], name: str = "eval", max_chars: int = 200_000) -> Iterator[Any]:
    """Articles for the records, built by the ingest reader ``extract`` uses for JSONL input."""
    from ..ingest.readers import article_from_record

    for i, record in enumerate(records, 1):
        yield article_from_record(input_record(record), f"{name}:{i}", max_chars=max_chars)


def run_pipeline(
    records: list[dict],
    pipeline: Any = None,
    name: str = "eval",
    progress: bool = True,
    console: Console | None = None,
) -> list[dict]:
    """Code every record and return the ``wirecoder/1`` records, in input order.

    records (list[dict]): gold records (only their input fields are used).
    pipeline (Pipeline | None): a built pipeline; None builds ``Pipeline.from_config()``.
    name (str): label for the progress bar and reader names.
    progress (bool): show a Rich progress bar on stderr.
    console (Console | None): where the progress bar goes (stderr by default).
    RETURNS (list[dict]): one output record per input record (negated/hypothetical events included,
        flagged by ``modality``, as ``extract`` writes them).
    """
    if pipeline is None:
        from ..service import make_pipeline

        pipeline = make_pipeline()
    from ..service import code as code_articles

    console = console or Console(stderr=True)
    out: list[dict] = []
    max_chars = int(pipeline.config["nlp"].get("max_chars", 200_000))
    articles = articles_from_records(records, name, max_chars)
    if not progress:
        return [art.to_record() for art in code_articles(articles, pipeline)]
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"coding {name}", total=len(records))
        for art in code_articles(articles, pipeline):
            out.append(art.to_record())
            bar.advance(task)
    return out
