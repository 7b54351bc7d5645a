"""The ``wirecoder`` command line (Typer + Rich): one module per command.

Data goes to stdout; progress and messages go to stderr.
"""

import importlib

from ._util import app

#: Command modules; each registers its commands on ``app`` when imported.
COMMANDS = ("extract", "eval", "geoparse", "serve", "export")

for _name in COMMANDS:
    if importlib.util.find_spec(f"{__name__}.{_name}") is not None:
        importlib.import_module(f"{__name__}.{_name}")

__all__ = ["app"]
