"""The Typer app shared by every command module, and the options they have in common."""

from __future__ import annotations

import time
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


# --------------------------------------------------------------------------- progress in log files

ProgressEveryOpt = Annotated[
    str,
    typer.Option(
        "--progress-every",
        help="When stderr is not a terminal (a log file), print one progress line every N seconds ('30s') "
        "or every N documents ('500'); '0' for none.",
    ),
]


def parse_every(value: str) -> tuple[float | None, int | None]:
    """``--progress-every``: ``"30s"`` -> (30.0, None) seconds; ``"500"`` -> (None, 500) documents;
    ``"0"`` -> (None, None), no progress lines.

    RAISES typer.BadParameter: anything else.
    """
    text = value.strip().lower()
    try:
        if text.endswith("s"):
            seconds = float(text[:-1])
            if seconds < 0:
                raise ValueError(value)
            return (seconds or None), None
        docs = int(text)
        if docs < 0:
            raise ValueError(value)
        return None, (docs or None)
    except ValueError:
        raise typer.BadParameter(
            f"expected seconds ('30s') or a number of documents ('500'), got {value!r}", param_hint="--progress-every"
        ) from None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


class ProgressLog:
    """Periodic one-line progress on stderr for long runs whose stderr is a log file (no live bar there).

    Each line: documents done (of the total when known), documents per second, failures so far, and
    the ETA when the total is known, e.g.
    ``progress: 120/3000 document(s), 4.2/s, 2 failed, 10 skipped, ETA 11m26s``.

    every_s (float | None): print at most every this many seconds; every_docs (int | None): every this
    many documents; when both are None nothing is printed. ``clock`` is for tests.
    """

    def __init__(
        self,
        total: int | None,
        every_s: float | None = 30.0,
        every_docs: int | None = None,
        clock=time.monotonic,
        out=None,
    ) -> None:
        self.total = total
        self.every_s = every_s
        self.every_docs = every_docs
        self.clock = clock
        self.out = out or say
        self.start = self.last = clock()
        self.done = self.last_done = 0
        self.lines = 0

    def line(self, failed: int = 0, skipped: int = 0) -> str:
        """The progress line for now."""
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        parts = [f"progress: {self.done}" + (f"/{self.total}" if self.total is not None else "") + " document(s)"]
        parts.append(f"{rate:.1f}/s")
        parts.append(f"{failed} failed")
        if skipped:
            parts.append(f"{skipped} skipped")
        if self.total is not None and rate > 0 and self.done < self.total:
            parts.append(f"ETA {_duration((self.total - self.done) / rate)}")
        return ", ".join(parts)

    def advance(self, failed: int = 0, skipped: int = 0) -> None:
        """One more document done; print a line when the interval (seconds or documents) has passed."""
        self.done += 1
        now = self.clock()
        due = (self.every_docs is not None and self.done - self.last_done >= self.every_docs) or (
            self.every_s is not None and now - self.last >= self.every_s
        )
        if due and (self.total is None or self.done < self.total):  # the closing summary covers the end
            self.out(self.line(failed, skipped))
            self.last, self.last_done = now, self.done
            self.lines += 1
