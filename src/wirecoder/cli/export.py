"""``wirecoder export``: stored events out through the registered exporters.

The same filters as ``GET /v1/events`` and ``GET /v1/export`` (:mod:`wirecoder.api.query`); by default only
asserted events reported in the article's window, as in every export (``--include-non-asserted`` adds
negated, hypothetical and future events, ``--all-events`` also background events and aggregates;
``--modality`` or ``--status`` replaces that default for its own field). JSONL and JSON write each
article's stored wirecoder/1 record with only its matching events; CSV, GeoJSON and Parquet one row or
feature per event. Rows stream from the store to the output: nothing is read ahead.

Exit codes: 0 written (also when nothing matched; the count is on stderr); 2 bad usage, a bad filter
value or a store that cannot be opened.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import service
from ..errors import Errors, WirecoderError
from ..registry import exporters
from ._util import ConfigOpt, SetOpt, app, fail, say, settings


@app.command("export")
def export_cli(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store to read: a SQLite file or a store URL (default: [store] url of the config)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="csv | jsonl | json | geojson | parquet")] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of stdout (needed for parquet on a terminal)."),
    ] = None,
    article_id: Annotated[str | None, typer.Option("--article-id", help="Only this article's events.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", "--event-type", help="ACLED event type, e.g. Battles.")
    ] = None,
    sub_event_type: Annotated[
        str | None, typer.Option("--sub-type", "--sub-event-type", help="ACLED sub-event type, e.g. 'Armed clash'.")
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO 3166-1 alpha-2 code, e.g. SY.")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="First-level division, e.g. Idlib.")] = None,
    date_from: Annotated[
        str | None, typer.Option("--since", "--date-from", help="YYYY-MM-DD: events reaching it.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--until", "--date-to", help="YYYY-MM-DD: events starting by it.")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Part of an actor's name, any case.")] = None,
    min_sources: Annotated[
        str | None, typer.Option("--min-sources", help="Events reported by at least N independent articles.")
    ] = None,
    bbox: Annotated[str | None, typer.Option("--bbox", help="west,south,east,north in degrees.")] = None,
    per_cluster: Annotated[
        bool,
        typer.Option(
            "--per-cluster",
            help="One row per real-world event: each cross-article cluster once, with its dates and fatalities.",
        ),
    ] = False,
    modality: Annotated[
        str | None, typer.Option("--modality", help="asserted | negated | hypothetical | future")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="reported | background | aggregate | uncertain | unlocated")
    ] = None,
    include_non_asserted: Annotated[
        bool, typer.Option("--include-non-asserted", help="Also negated, hypothetical and future events.")
    ] = False,
    all_events: Annotated[
        bool, typer.Option("--all-events", help="Also negated, hypothetical, future, background and aggregate events.")
    ] = False,
    sort: Annotated[
        str | None, typer.Option("--sort", help="A column, '-' first for descending: event_date, -n_sources, ...")
    ] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Export stored events (to stdout, or --output FILE).

    Example: wirecoder export --db wirecoder.db --format csv --country SY --since 2020-01-01 > syria.csv
    """
    from ..api.query import check_filters, check_sort, news_filters, stored_records

    if format not in exporters:
        say(f"Unknown format {format!r}; choose one of {', '.join(exporters.names())}", style="red")
        raise typer.Exit(2)
    cfg = settings(config, set_)
    where = db or cfg["store"]["url"]
    if "://" not in str(where) and not Path(where).exists():  # reading: never create an empty store
        fail(WirecoderError(Errors.E601.format(path=where, reason="no such file"), code="E601"))
    try:
        filters = news_filters(
            check_filters(
                article_id=article_id,
                event_type=event_type,
                sub_event_type=sub_event_type,
                country=country,
                admin1=admin1,
                date_from=date_from,
                date_to=date_to,
                modality=modality,
                status=status,
                actor=actor,
                min_sources=min_sources,
                bbox=bbox,
                per_cluster=per_cluster or None,
            ),
            all_events,
            include_non_asserted,
        )
        order = check_sort(sort)
        store = service.open_store(where, cfg)
    except WirecoderError as exc:
        fail(exc)
    binary = getattr(exporters.get(format), "binary", False)
    if binary and output is None and sys.stdout.isatty():
        say(f"{format} is binary: give --output FILE or redirect stdout to a file.", style="red")
        raise typer.Exit(2)
    if output is None:
        sink = sys.stdout
    elif binary:
        sink = output.open("wb")
    else:
        sink = output.open("w", encoding="utf-8", newline="")
    exporter = exporters.get(format)(sink, include_all=True)  # the filters already chose the events
    n_events = n_articles = 0
    with store:
        for record, rows in stored_records(store, service.stream_events(store, **filters, sort=order)):
            n_articles += 1
            n_events += len(rows)
            exporter.write_stored(record, rows)
    exporter.close()
    if output:
        sink.close()
    say(f"exported {n_events} event(s) from {n_articles} article(s) in {where}")
