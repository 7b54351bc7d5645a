"""The ``wirecoder`` command line (Typer + Rich): one module per command.

Data goes to stdout; progress and messages go to stderr.
"""

from . import calibrate, eval, export, extract, geoparse, serve, stages, watch  # noqa: F401 - each registers its commands on ``app``
from ._util import app

__all__ = ["app"]
