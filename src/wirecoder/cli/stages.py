"""``wirecoder stages``: the configured pipeline and every registered stage factory with its settings.

Shows what a config may name: each stage instance in order with its factory, what it requires
and assigns, and whether its failure fails the document; then every registered factory (built-in,
from an installed package's ``wirecoder.stages`` entry point, or a ``--code`` file) with the
settings its signature accepts and their defaults.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..config import factory_settings
from ..errors import WirecoderError
from ..registry import stages as stage_registry
from ._util import CodeOpt, ConfigOpt, SetOpt, app, fail, settings


@app.command("stages")
def stages_cli(
    config: ConfigOpt = None,
    set_: SetOpt = None,
    code: CodeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """List the configured pipeline and the registered stage factories with their settings.

    Example: wirecoder stages --set pipeline.stages='["analyse","place_mentions","resolve_geo"]'
    """
    from .. import service

    cfg = settings(config, set_, None, None, code)
    try:
        pipeline = service.make_pipeline(cfg)
    except WirecoderError as exc:
        fail(exc)
    factories = {}
    for name in stage_registry.names():
        factories[name] = {
            key: {
                "type": "" if p.annotation is inspect.Parameter.empty
                else (getattr(p.annotation, "__name__", None) or str(p.annotation)).replace("typing.", ""),
                "default": None if p.default is inspect.Parameter.empty else p.default,
            }
            for key, p in factory_settings(stage_registry.get(name)).items()
        }
    stages = [
        {"name": s.name, "factory": s.factory, "requires": list(s.requires), "optional": list(s.optional),
         "assigns": list(s.assigns), "fatal": s.fatal}
        for s in pipeline.stages
    ]
    if as_json:
        typer.echo(json.dumps({"pipeline": stages, "factories": factories}, indent=2, default=repr))
        return
    out = Console()
    table = Table("stage", "factory", "requires", "assigns", "fatal", title="pipeline", title_justify="left")
    for st in stages:
        needs = st["requires"] + [f"{p} (optional)" for p in st["optional"]]
        fatal = "yes" if st["fatal"] else ""
        table.add_row(st["name"], st["factory"], "\n".join(needs), "\n".join(st["assigns"]), fatal)
    out.print(table)
    table = Table("factory", "setting", "type", "default", title="registered factories", title_justify="left")
    for name, params in factories.items():
        if not params:
            table.add_row(name, "", "", "")
        for i, (key, p) in enumerate(params.items()):
            table.add_row(name if i == 0 else "", key, p["type"], "" if p["default"] is None else repr(p["default"]))
    out.print(table)
