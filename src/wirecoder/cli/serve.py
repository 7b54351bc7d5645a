"""``wirecoder serve``: the REST API (FastAPI under uvicorn) over a store.

Loopback by default; the routes, their examples and the error shape are in docs/api.md, and the
OpenAPI description is served at ``/docs`` and ``/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import Errors, WirecoderError
from ._util import ActorsOpt, CodeOpt, ConfigOpt, ModelOpt, SetOpt, app, fail, say, settings


@app.command("serve")
def serve_cli(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store to read and write: a SQLite file (created if missing) or a store URL "
                     "(default: [store] url of the config, wirecoder.db)."),
    ] = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="No store: only POST /v1/code works.")] = False,
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    code: CodeOpt = None,
) -> None:
    """Serve the REST API: POST /v1/code, GET /v1/events(.csv|.geojson), /v1/articles/ID, /v1/runs, /v1/health.

    Example: wirecoder serve --db wirecoder.db --port 8000
    """
    try:
        import uvicorn

        from ..api.app import create_app
    except ImportError as exc:  # pragma: no cover - fastapi and uvicorn are dependencies
        say(Errors.E706.format(reason=exc), style="red")
        raise typer.Exit(2) from None
    cfg = settings(config, set_, model, actors, code)
    url = None if no_db else (db or cfg["store"]["url"])
    try:
        api = create_app(url, cfg)
    except WirecoderError as exc:
        fail(exc)
    say(f"wirecoder API on http://{host}:{port}/v1 (store: {url or 'none'}; OpenAPI at /docs)")
    uvicorn.run(api, host=host, port=port, log_level="info")
