"""``wirecoder watch``: poll RSS/Atom feeds or a drop folder and code only the new items into the store.

Each pass prints one line on stderr (sources, unchanged feeds, new items coded and failed by error code,
sources that failed by error code), and the coded error of each failed item or source. ``--once`` makes
one pass and exits: 0 when everything went well, 1 when an item or a source failed. Without it the
watcher runs until stopped (Ctrl-C), a pass every ``--every``.

DOCS: docs/ingest.md
"""

from __future__ import annotations

import time
from typing import Annotated

import typer

from .. import service
from ..errors import WirecoderError
from ._util import ActorsOpt, CodeOpt, ConfigOpt, ModelOpt, SetOpt, app, fail, say, settings


@app.command("watch")
def watch_cli(
    target: Annotated[
        str, typer.Argument(help="A drop folder, a feed's http(s) URL, or a text file listing feed URLs (one a line).")
    ],
    every: Annotated[str, typer.Option("--every", help="Time between passes: '30s', '15m', '1h'.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Make one pass and exit.")] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store to code into and remember seen items in (default: the configured store url, wirecoder.db).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Languages to code: 'any', or codes such as 'en,fr' (default: en)."),
    ] = None,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    code: CodeOpt = None,
) -> None:
    """Watch feeds or a drop folder and code what is new.

    Example: wirecoder watch feeds.txt --every 15m --db events.db
    """
    from ..ingest.watch import Watcher, parse_duration

    try:
        interval = parse_duration(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    sets = [*(set_ or []), *([f"stages.analyse.languages={lang!r}"] if lang else [])]
    cfg = settings(config, sets, model, actors, code)
    try:
        pipeline = service.make_pipeline(cfg)
        store = service.open_store(db, cfg)
    except WirecoderError as exc:
        fail(exc)
    max_chars = int(pipeline.config["nlp"].get("max_chars", 200_000))
    try:
        watcher = Watcher(target, lambda arts: service.code(arts, pipeline, store=store), store, max_chars=max_chars)
    except WirecoderError as exc:
        store.close()
        fail(exc)

    def report_item(art) -> None:
        for e in art.errors:
            say(f"{art.id}: {e.message}")

    watcher.on_item = report_item
    passes = 0
    try:
        while True:
            passes += 1
            report = watcher.run_pass()
            for message in report.source_errors.values():
                say(message)
            say(f"pass {passes}: {report.line()}")
            if once:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        say(f"stopped after {passes} pass(es)")
        return
    finally:
        store.close()
    if report.failed or report.source_errors:
        raise typer.Exit(1)
