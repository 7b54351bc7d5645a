"""The Typer app shared by every command module, and the options they have in common."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..about import __version__
from ..errors import WirecoderError

app = typer.Typer(
    name="wirecoder",
    help="Code news articles about armed conflict and political violence into event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Messages and progress go to stderr; data goes to stdout. Emoji codes (``:fire:``) in ids or text
#: stay as written, and messages are never hard-wrapped (a log file gets whole lines; a terminal wraps
#: them itself). Print anything that comes from the input with :func:`say` (or ``markup=False``).
err = Console(stderr=True, emoji=False, soft_wrap=True)


def say(message: str, style: str | None = None) -> None:
    """Print a message on stderr exactly as written: nothing in it is read as markup (``[bold]``, ``x[/red]y``)."""
    err.print(message, style=style, markup=False, highlight=False, emoji=False)


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


# --------------------------------------------------------------------------- options shared by commands

ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help="Installed spaCy pipeline to use instead of the configured one ([nlp] model)."),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML file overriding default_config.toml keys.")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override one config key: section.key=value, e.g. stages.events.min_score=2 "
                 "(repeatable)."),
]
CodeOpt = Annotated[
    list[Path] | None,
    typer.Option("--code", help="Python file to import first, e.g. one registering a custom stage (repeatable)."),
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor knowledge-base file(s) adding or overriding entries."),
]


def settings(
    config: Path | None = None,
    sets: list[str] | None = None,
    model: str | None = None,
    actors: list[Path] | None = None,
    code: list[Path] | None = None,
) -> dict:
    """The configuration for a command's shared options; a coded error ends the command (exit 2)."""
    from ..service import load_settings

    try:
        return load_settings(config, parse_sets(sets), model=model, actors=actors or (), code=code or ())
    except WirecoderError as exc:
        fail(exc)
    raise AssertionError("unreachable")  # pragma: no cover


def fail(exc: Exception, code: int = 2) -> None:
    """Print a coded error on stderr (markup-safe) and end the command."""
    say(str(exc), style="red")
    raise typer.Exit(code)
