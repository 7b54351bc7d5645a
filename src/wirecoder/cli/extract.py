"""``wirecoder extract``: code articles into events, store them, print them.

Every document is accounted for: a failed one (unreadable, empty, a fatal stage
failed) is printed on stderr, written to the output as a wirecoder/1 record with
no events and its ``errors`` (JSONL/JSON; CSV, GeoJSON and the table have no row
for it) and recorded in the store's ``errors`` table. The closing line on stderr
counts the documents coded, those skipped as already coded, those retried after failing in an earlier run,
those failed by error code, and those stored. Before it, a note counts the documents coded with no publication
date (no metadata, no dateline with a year, no ``--published``), whose relative dates stay undated.

Runs are resumable: with a store, a document that store already holds from the
same text, coded by a run with the same configuration (the sha256 of its
canonical JSON, recorded with every run), is not coded again: its stored record
is written to the output and it counts as skipped. So an interrupted run (Ctrl-C,
kill -9) restarted with the same command codes only what is left; ``--force``
recodes everything. A document that failed before (the store holds its errors and
no coding of it) is tried again, and counted as retried.

Documents detected as another language than English (E203) fail and are not
coded, unless ``--lang any`` (or a list of codes, ``--lang en,fr``) allows them.

When stderr is not a terminal (a log file), a progress line is printed every
``--progress-every`` seconds or documents.

Nothing from the input is read as terminal markup: ids and texts such as
``x[/red]y`` are printed as they are.

``--workers N`` codes on N processes of this machine and ``--dask local|tcp://host:8786`` on a Dask
cluster (:mod:`wirecoder.parallel`): reading, resuming, storing and output stay in this process, so the
output, ids and store are those of a one-process run. A lost worker fails its batch's documents (E710).

Exit codes: 0 every document coded (or already coded); 1 some documents failed or could not be
stored; 2 no document could be coded, or bad usage.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import date
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .. import parallel, service
from ..doc import Article
from ..errors import WirecoderError
from ..registry import exporters
from ._util import (
    ActorsOpt,
    CodeOpt,
    ConfigOpt,
    ModelOpt,
    ProgressEveryOpt,
    ProgressLog,
    SetOpt,
    app,
    err,
    fail,
    parse_every,
    say,
    settings,
)

_CODE = re.compile(r"^\[(E\d{3})\]")


def undated_note(n: int) -> str:
    """The closing note on documents coded with no publication date: no metadata, no dateline with a year and no
    --published, so relative dates ("on Sunday", "last week") and year-less datelines could not be dated."""
    return (
        f"{n} document(s) had no publication date (no metadata, no dated dateline): their relative dates "
        '("on Sunday") are left undated; pass --published YYYY-MM-DD or give a date in JSONL/CSV metadata'
    )


def failure_code(art: Article) -> str:
    """The error code a failed article is counted under: that of its last coded error (the fatal one)."""
    for e in reversed(art.errors):
        code = e.code or (m.group(1) if (m := _CODE.match(e.message)) else None)
        if code:
            return code
    return "unknown"


def summary(
    coded: int,
    failed: Counter,
    stored: int | None,
    where: str,
    unstored: int = 0,
    skipped: int = 0,
    retried: int = 0,
) -> str:
    """The closing line: ``coded 3 document(s); skipped 2 already coded; retried 1 that failed before; failed 2
    (E101 1, E102 1); stored 3 article(s) in w.db`` (``skipped`` and ``retried`` only when some were)."""
    parts = [f"coded {coded} document(s)"]
    if skipped:
        parts.append(f"skipped {skipped} already coded")
    if retried:
        parts.append(f"retried {retried} that failed before")
    if failed:
        by_code = ", ".join(f"{code} {n}" for code, n in sorted(failed.items()))
        parts.append(f"failed {sum(failed.values())} ({by_code})")
    if stored is not None:
        parts.append(f"stored {stored} article(s) in {where}")
        if unstored:
            parts.append(f"{unstored} could not be stored")
    return "; ".join(parts)


@app.command("extract")
def extract_cli(
    paths: Annotated[
        list[str], typer.Argument(help="Text, .jsonl or .html files, directories (recursive), or - for stdin.")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl | json | csv | geojson | table")] = "jsonl",
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store to write: a SQLite file (created if missing) or a store URL "
            "(default: [store] url of the config, wirecoder.db).",
        ),
    ] = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="Do not store anything.")] = False,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date YYYY-MM-DD for every input (overrides metadata and text)."),
    ] = None,
    text_column: Annotated[
        str | None, typer.Option("--text-column", help="CSV/TSV input: the column holding the text (default: text).")
    ] = None,
    all_events: Annotated[
        bool, typer.Option("--all-events", help="Also output negated, hypothetical and future events.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Recode every document, even those the store already holds from the same "
            "text and configuration (by default a rerun skips them: runs are resumable).",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Languages to code: 'any', or codes such as 'en,fr' (default: en). Documents "
            "detected as another language fail with E203 (stages.analyse.languages).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-j",
            help="Code on N processes (each loads the pipeline once); output, ids and store are as with 1. "
            "With --dask local: the number of Dask workers (default: one per core).",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Code on a Dask cluster: 'local' (one on this machine) or a scheduler address "
            "(tcp://host:8786). Needs dask and distributed (the 'dask' extra).",
        ),
    ] = None,
    progress_every: ProgressEveryOpt = "30s",
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
        say(f"Unknown format {format!r}; choose one of {', '.join(exporters.names())}", style="red")
        raise typer.Exit(2)
    pub = None
    if published:
        try:
            pub = date.fromisoformat(published)
        except ValueError:
            say(f"[E108] Invalid --published {published!r}: expected YYYY-MM-DD", style="red")
            raise typer.Exit(2) from None
    every_s, every_docs = parse_every(progress_every)
    sets = [*(set_ or []), *([f"stages.analyse.languages={lang!r}"] if lang else [])]
    cfg = settings(config, sets, model, actors, code)
    try:
        coder = parallel.make_pipeline(cfg, workers=workers, dask=dask, code=code or ())
    except WirecoderError as exc:
        fail(exc)
    try:
        store = None if no_db else service.open_store(db, cfg)
    except WirecoderError as exc:
        coder.__exit__(None, None, None)
        fail(exc)
    where = db or cfg["store"]["url"]

    expected = service.count_documents(paths)
    exporter = exporters.get(format)(sys.stdout, include_all=all_events)
    total = coded = unstored = skipped = undated = 0
    failed: Counter = Counter()
    retried: set[str] = set()
    log = ProgressLog(expected, every_s, every_docs) if not err.is_terminal else None
    with (
        Progress(
            TextColumn("[bold]coding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=(expected is not None and expected <= 1) or not err.is_terminal,  # a log file gets no bar
        ) as progress,
        coder as pipeline,
    ):
        task = progress.add_task("coding", total=expected, failed=0)
        # Documents are read lazily and coded in batches, so memory stays flat on large corpora.
        for art in service.code_paths(
            paths,
            pipeline,
            store=store,
            published=pub,
            reader_options={"text_column": text_column} if text_column else None,
            force=force,
            retried=retried,
        ):
            total += 1
            for e in art.errors:
                say(f"{art.id}: {e.message}")
            if isinstance(art, service.AlreadyCoded):
                skipped += 1  # its stored record is written below: the output stays complete
            elif art.failed:
                failed[failure_code(art)] += 1
            else:
                coded += 1
                unstored += any(e.stage == "store" for e in art.errors)
                undated += art.published is None
            exporter.write(art.to_record())  # a failed one: no events, its errors
            progress.update(task, advance=1, failed=sum(failed.values()))
            if log is not None:
                log.advance(sum(failed.values()), skipped)
    exporter.close()
    if store is not None:
        store.close()
    stored = None if store is None else coded - unstored
    if undated:  # before the closing summary line, which stays last
        say(undated_note(undated), style="yellow")
    say(summary(coded, failed, stored, str(where), unstored, skipped, len(retried)))
    if total and not coded and not skipped:
        raise typer.Exit(2)
    if failed or unstored:
        raise typer.Exit(1)
