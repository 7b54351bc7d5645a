"""The ``wirecoder`` command line (Typer + Rich): one module per command.

Data goes to stdout; progress and messages go to stderr.
"""

from ._util import app
from . import extract  # noqa: F401,E402  (registers the command)

__all__ = ["app"]
