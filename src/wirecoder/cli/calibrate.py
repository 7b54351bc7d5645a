"""``wirecoder calibrate``: fit the event confidence on the realnews dev set's tune part.

Codes the tune documents of a realnews-shaped gold file with the default pipeline, labels every
asserted, reported prediction real or not by the realnews strict rule, fits the confidence's logistic
weights (:mod:`wirecoder.eval.calibrate`) and prints them with the reliability tables; ``--write``
stores them in ``data/weights/finalize_events.toml``. Then quote the check part's table:
``wirecoder eval ../shared/data/realnews/dev.jsonl --part check``.
Exit codes: 0 fitted; 2 bad usage or unreadable gold file.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import WirecoderError
from ..eval.datasets import DatasetError
from ..eval.split import PARTS, TUNE
from ._util import app, err


def _tables(result: dict) -> list[Table]:
    weights = Table(title=f"fitted weights (L2 {result['l2']:g})")
    weights.add_column("feature")
    weights.add_column("now", justify="right")
    weights.add_column("fitted", justify="right")
    weights.add_row("bias", f"{result['bias_now']:g}", f"{result['bias']:g}")
    for name, value in result["weights"].items():
        weights.add_row(name, f"{result['weights_now'].get(name, 0.0):g}", f"{value:g}")
    rel = Table(title="reliability: real / predictions per confidence bin (strict realnews rule)")
    rel.add_column("confidence")
    columns = (("current", "current weights"), ("fitted", "fitted (in sample)"), ("oof", "fitted (held-out folds)"))
    for _, title in columns:
        rel.add_column(title, justify="right")
    for k, (label, _, _) in enumerate(result["current"]["reliability"]):
        cells = []
        for key, _ in columns:
            _, n, real = result[key]["reliability"][k]
            cells.append(f"{real}/{n}" + (f" ({100 * real / n:.0f} %)" if n else ""))
        rel.add_row(label, *cells)
    cells = []
    for key, _ in columns:
        real, n = result[key]["precision_at_0.9"]
        cells.append(f"{real}/{n}" + (f" ({100 * real / n:.0f} %)" if n else ""))
    rel.add_row("precision at >= 0.9", *cells)
    loss = " ".join(f"{k}: {v:.4f}" for k, v in result["cv_log_loss"].items())
    rel.caption = (f"held-out log loss by L2 penalty: {loss}; log loss of the current confidences: "
                   f"{result['log_loss_current']:.4f}")
    return [weights, rel]


@app.command("calibrate")
def calibrate_cli(
    path: Path = typer.Argument(
        None, help="realnews-shaped gold JSONL (default: ../shared/data/realnews/dev.jsonl).", show_default=False
    ),
    part: str = typer.Option(TUNE, "--part", help="Fit on this part of the file (tune: the default; never check)."),
    l2: float = typer.Option(None, "--l2", min=0.001, help="L2 penalty (default: chosen by cross-validation)."),
    write: bool = typer.Option(False, "--write", help="Write the fitted weights into finalize_events.toml."),
    as_json: bool = typer.Option(False, "--json", help="Print the fit as JSON instead of tables."),
) -> None:
    """Fit the event confidence on realnews tune so that confidence p means about p real rows in 1.

    Example: wirecoder calibrate --write && wirecoder eval ../shared/data/realnews/dev.jsonl --part check
    """
    from ..eval import calibrate as cal
    from ..eval.scoreboard import default_data_dir
    from ..events import finalize

    path = path or default_data_dir() / "realnews" / "dev.jsonl"
    if part not in PARTS:
        err.print(f"[red]Unknown part {part!r}; choose one of {', '.join(PARTS)}.[/red]")
        raise typer.Exit(2)
    if part != TUNE:
        err.print(f"[yellow]Fitting on the {part} part: its figures no longer measure new text.[/yellow]")
    try:
        err.print(f"coding the {part} part of {path} ...")
        fit = cal.calibrate_file(path, part, l2=l2)
    except (DatasetError, WirecoderError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    result = cal.summary(fit)
    result["bias_now"] = finalize.W["bias"]
    result["weights_now"] = dict(finalize.W["features"])
    if write:
        name = f"{path.parent.name}/{path.name}"
        written = cal.write_weights(fit, name, part)
        err.print(f"wrote {written}")
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    out = Console() if Console().is_terminal else Console(width=140)
    for table in _tables(result):
        out.print(table)
