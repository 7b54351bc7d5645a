"""The Typer app shared by every command module, and the options they have in common."""

from __future__ import annotations

import typer
from rich.console import Console

from ..about import __version__

app = typer.Typer(
    name="wirecoder",
    help="Code news articles about armed conflict and political violence into event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Messages and progress go to stderr; data goes to stdout.
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wirecoder {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """wirecoder: who did what to whom, where, when, how many were killed, according to whom."""


def parse_sets(values: list[str] | None) -> dict[str, str]:
    """``--set section.key=value`` options as a dict."""
    out = {}
    for item in values or []:
        if "=" not in item:
            raise typer.BadParameter(f"expected section.key=value, got {item!r}", param_hint="--set")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out
