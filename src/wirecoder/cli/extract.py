"""``wirecoder extract``: code articles into events, store them, print them.

Exit codes: 0 every document coded; 1 some documents failed (each failure is
printed on stderr, recorded in ``errors`` of its record and in the store's
``errors`` table); 2 no document could be coded, or bad usage.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import service
from ..errors import WirecoderError
from ..registry import exporters
from ._util import ActorsOpt, CodeOpt, ConfigOpt, ModelOpt, SetOpt, app, err, fail, settings


@app.command("extract")
def extract_cli(
    paths: Annotated[
        list[str], typer.Argument(help="Text, .jsonl or .html files, directories (recursive), or - for stdin.")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl | json | csv | geojson | table")] = "jsonl",
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store to write: a SQLite file (created if missing) or a store URL "
                     "(default: [store] url of the config, wirecoder.db)."),
    ] = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="Do not store anything.")] = False,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date YYYY-MM-DD for every input (overrides metadata and text)."),
    ] = None,
    all_events: Annotated[
        bool, typer.Option("--all-events", help="Also output negated, hypothetical and future events.")
    ] = False,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    code: CodeOpt = None,
) -> None:
    """Code articles into ACLED-style events.

    Example: wirecoder extract examples/article.txt --format table
    """
    if format not in exporters:
        err.print(f"Unknown format {format!r}; choose one of {', '.join(exporters.names())}", style="red", markup=False)
        raise typer.Exit(2)
    pub = None
    if published:
        try:
            pub = date.fromisoformat(published)
        except ValueError:
            err.print(f"[E108] Invalid --published {published!r}: expected YYYY-MM-DD", style="red", markup=False)
            raise typer.Exit(2) from None
    cfg = settings(config, set_, model, actors, code)
    try:
        pipeline = service.make_pipeline(cfg)
        store = None if no_db else service.open_store(db, cfg)
    except WirecoderError as exc:
        fail(exc)
    where = db or cfg["store"]["url"]

    expected = service.count_documents(paths)
    exporter = exporters.get(format)(sys.stdout, include_all=all_events)
    total = failed = 0
    with Progress(
        TextColumn("[bold]coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=expected is not None and expected <= 1,
    ) as progress:
        task = progress.add_task("coding", total=expected)
        # Documents are read lazily and coded in batches, so memory stays flat on large corpora.
        for art in service.code_paths(paths, pipeline, store=store, published=pub):
            total += 1
            for e in art.errors:
                err.print(f"{art.id}: {e.message}", markup=False, highlight=False)
            if art.failed:
                failed += 1
            else:
                exporter.write(art.to_record())
            progress.advance(task)
    exporter.close()
    if store is not None:
        store.close()
        err.print(
            f"stored {total - failed} article(s) in {where}" + (f"; {failed} failed" if failed else ""),
            markup=False, highlight=False,
        )
    if total and failed == total:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)
