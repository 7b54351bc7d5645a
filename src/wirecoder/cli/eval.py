"""``wirecoder eval`` and ``wirecoder eval-all``: score the pipeline on public gold datasets.

Both code the documents with the same pipeline and settings as ``extract`` (no evaluation-only
switches) and print metrics to stdout (a Rich table, or JSON with ``--json``); progress goes to
stderr. ``--part tune|check|all`` scores one part of each dev file (:mod:`wirecoder.eval.split`);
the error view (``--errors N``) shows tune documents only unless ``--errors-from-check`` is given.
Exit codes: 0 scored; 2 bad usage or unreadable gold file.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import typer
from rich.console import Console

from ..errors import WirecoderError
from ..eval.datasets import ALL_TASKS, KINDS, DatasetError
from ..eval.split import ALL, CHECK, PARTS, TUNE
from ._util import app, err


def _pipeline(config: Path | None, model: str | None, sets: list[str] | None):
    """The pipeline exactly as ``extract`` builds it from the same options (through the service layer)."""
    from .. import service
    from ._util import parse_sets

    return service.make_pipeline(service.load_settings(config, parse_sets(sets), model=model))


def _stdout_console() -> Console:
    """Rich console for stdout; 160 columns when piped (Rich would use 80), so side-by-side views stay readable."""
    out = Console()
    return out if out.is_terminal else Console(width=160)


def _errors_part(errors: int, from_check: bool, part: str) -> str:
    """The part whose documents ``--errors`` may show: tune, or every scored one when overridden (with a warning)."""
    if not errors:
        return TUNE
    if from_check and part != TUNE:
        err.print(
            "[yellow]Warning: --errors-from-check shows check documents. Check figures measure rules on text "
            "they were not written from; once a check document's errors are read, that is no longer true. "
            "Do not tune on what you see, and say so if you quote check figures afterwards.[/yellow]"
        )
        return part
    if part == CHECK:
        err.print(
            "[yellow]--errors shows tune documents only, and --part check has none "
            "(--errors-from-check overrides).[/yellow]"
        )
    return TUNE


@app.command("eval")
def eval_cli(
    path: Path = typer.Argument(..., help="Gold JSONL file, e.g. ../shared/data/muc4/dev.jsonl."),
    task: str = typer.Option(
        None, "--task", "-t", help=f"One of {', '.join(ALL_TASKS)} (default: all the dataset has)."
    ),
    dataset: str = typer.Option(None, "--dataset", "-d", help=f"Dataset kind (default: detected): {', '.join(KINDS)}."),
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="Only the first N documents (of the --part)."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON instead of a table."),
    errors: int = typer.Option(
        0, "--errors", "-e", min=0, help="Also show the N worst tune documents, gold vs predicted."
    ),
    errors_from_check: bool = typer.Option(
        False,
        "--errors-from-check",
        help="Let --errors show check documents too (warns: reading them spoils the check figures).",
    ),
    part: str = typer.Option(
        ALL, "--part", help="Score only the tune or check documents of the file, or all (default)."
    ),
    predictions: Path = typer.Option(
        None, "--predictions", "-p", help="Score this saved extract output (JSONL) instead of coding the texts."
    ),
    save: Path = typer.Option(None, "--save", help="Also write the predicted records (JSONL) here."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline to use (as for extract)."),
    config: Path = typer.Option(None, "--config", help="TOML file overriding default_config.toml keys."),
    set_: list[str] = typer.Option(None, "--set", help="Override one config key: section.key=value (repeatable)."),
) -> None:
    """Code a gold dataset and score one task (or all the dataset supports).

    Example: wirecoder eval ../shared/data/case2021-task2/dev.jsonl --task events --part tune --errors 5
    """
    from ..eval.core import evaluate, save_predictions
    from ..eval.report import errors_table, print_results

    if task is not None and task not in ALL_TASKS:
        err.print(f"[red]Unknown task {task!r}; choose one of {', '.join(ALL_TASKS)}.[/red]")
        raise typer.Exit(2)
    if dataset is not None and dataset not in KINDS:
        err.print(f"[red]Unknown dataset {dataset!r}; choose one of {', '.join(KINDS)}.[/red]")
        raise typer.Exit(2)
    if part not in PARTS:
        err.print(f"[red]Unknown part {part!r}; choose one of {', '.join(PARTS)}.[/red]")
        raise typer.Exit(2)
    errors_part = _errors_part(errors, errors_from_check, part)
    try:
        pipeline = None if predictions else _pipeline(config, model, set_)
        start = time.perf_counter()
        results, _, preds = evaluate(
            path, task=task, dataset=dataset, limit=limit, pipeline=pipeline, predictions=predictions, part=part
        )
        if save:
            save_predictions(preds, save)
    except (DatasetError, WirecoderError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    seconds = time.perf_counter() - start
    if as_json:
        payload = {
            "file": str(path),
            "part": part,
            "seconds": round(seconds, 2),
            "results": [r.to_dict() for r in results],
        }
        if errors:
            for r, d in zip(results, payload["results"], strict=True):
                d["worst"] = [doc.__dict__ for doc in r.worst(errors, errors_part)]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    out = _stdout_console()
    print_results(results, 0, out)
    for r in results:
        if errors:
            out.print(errors_table(r, errors, errors_part))
    on = "" if part == ALL else f", {part} documents only"
    err.print(f"scored {results[0].dataset if results else path}{on} in {seconds:.1f} s")


@app.command("eval-all")
def eval_all_cli(
    scoreboard: Path = typer.Option(None, "--scoreboard", help="Write the Markdown scoreboard here."),
    data: Path = typer.Option(None, "--data", help="Folder with <dataset>/<split>.jsonl (default: ../shared/data)."),
    split: str = typer.Option("dev", "--split", help="Which file of each dataset: dev (default) or test."),
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="Only the first N documents of each dataset."),
    only: list[str] = typer.Option(None, "--dataset", "-d", help="Only this dataset (repeatable)."),
    part: str = typer.Option(
        ALL,
        "--part",
        help="Code only the tune or check documents of each file, or all (default; needed for "
        "--scoreboard, which reports tune, check and all).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON instead of tables."),
    save: Path = typer.Option(None, "--save", help="Also write each dataset's predictions to DIR/<dataset>.jsonl."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline to use (as for extract)."),
    config: Path = typer.Option(None, "--config", help="TOML file overriding default_config.toml keys."),
    set_: list[str] = typer.Option(None, "--set", help="Override one config key: section.key=value (repeatable)."),
) -> None:
    """Score every dataset in ../shared/data and (optionally) write the scoreboard.

    Example: wirecoder eval-all --scoreboard docs/scoreboard.md
    """
    from ..eval.report import print_results
    from ..eval.scoreboard import run_all, write_scoreboard

    for name in only or []:
        if name not in KINDS:
            err.print(f"[red]Unknown dataset {name!r}; choose from {', '.join(KINDS)}.[/red]")
            raise typer.Exit(2)
    if part not in PARTS:
        err.print(f"[red]Unknown part {part!r}; choose one of {', '.join(PARTS)}.[/red]")
        raise typer.Exit(2)
    if scoreboard and part != ALL:
        err.print("[red]--scoreboard reports tune, check and all: use it with --part all.[/red]")
        raise typer.Exit(2)
    try:
        pipeline = _pipeline(config, model, set_)
        board = run_all(
            data, split=split, limit=limit, datasets=only or None, pipeline=pipeline, save_dir=save, part=part
        )
    except (DatasetError, WirecoderError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if not board.results:
        err.print(f"[red]No dataset found under {data or '../shared/data'}.[/red]")
        raise typer.Exit(2)
    if as_json:
        payload = {
            "date": board.date,
            "commit": board.commit,
            "part": board.part,
            "seconds": {k: round(v, 1) for k, v in board.seconds.items()},
            "results": [r.to_dict() for r in board.results],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        print_results(board.results, 0, _stdout_console())
    if scoreboard:
        write_scoreboard(board, scoreboard, split, limit)
        err.print(f"wrote {scoreboard}")
    err.print(f"eval-all: {sum(board.docs.values())} documents in {board.total_seconds:.0f} s")
