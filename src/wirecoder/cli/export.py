"""``wirecoder export``: stored events out through the registered exporters.

The same filters as ``GET /v1/events`` (:mod:`wirecoder.api.query`); by default only asserted events
reported in the article's window, as in every export (``--all-events`` keeps all; ``--modality`` or
``--status`` replaces that default for its own field). JSONL and JSON write each article's stored
wirecoder/1 record with only its matching events; CSV and GeoJSON one row or feature per event.

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
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl | json | csv | geojson")] = "csv",
    article_id: Annotated[str | None, typer.Option("--article-id", help="Only this article's events.")] = None,
    event_type: Annotated[str | None, typer.Option("--event-type", help="ACLED event type, e.g. Battles.")] = None,
    sub_event_type: Annotated[
        str | None, typer.Option("--sub-event-type", help="ACLED sub-event type, e.g. 'Armed clash'.")
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO 3166-1 alpha-2 code, e.g. SY.")] = None,
    date_from: Annotated[str | None, typer.Option("--date-from", help="YYYY-MM-DD: events reaching it.")] = None,
    date_to: Annotated[str | None, typer.Option("--date-to", help="YYYY-MM-DD: events starting by it.")] = None,
    modality: Annotated[
        str | None, typer.Option("--modality", help="asserted | negated | hypothetical | future")
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help="reported | background | aggregate")] = None,
    all_events: Annotated[
        bool, typer.Option("--all-events", help="Also negated, hypothetical, future, background and aggregate events.")
    ] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Export stored events (to stdout).

    Example: wirecoder export --db wirecoder.db --format csv --country SY --date-from 2020-01-01 > syria.csv
    """
    from ..api.query import check_filters, news_filters, stored_records

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
                article_id=article_id, event_type=event_type, sub_event_type=sub_event_type, country=country,
                date_from=date_from, date_to=date_to, modality=modality, status=status,
            ),
            all_events,
        )
        store = service.open_store(where, cfg)
    except WirecoderError as exc:
        fail(exc)
    exporter = exporters.get(format)(sys.stdout, include_all=True)  # the filters already chose the events
    n_events = n_articles = 0
    with store:
        for record in stored_records(store, service.query_events(store, **filters)):
            n_articles += 1
            n_events += len(record["events"])
            exporter.write(record)
    exporter.close()
    say(f"exported {n_events} event(s) from {n_articles} article(s) in {where}")
