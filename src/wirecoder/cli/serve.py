"""``wirecoder serve``: the REST API (FastAPI under uvicorn) over a store.

Loopback by default. Binding to any other address needs a token (``--token`` or ``WIRECODER_TOKEN``):
every write then needs ``Authorization: Bearer <token>``, and every read too unless ``--public-read``.
The routes, their examples and the error shape are in docs/api.md, and the OpenAPI description is
served at ``/docs`` and ``/openapi.json``.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from ..errors import Errors, WirecoderError
from ._util import ActorsOpt, CodeOpt, ConfigOpt, ModelOpt, SetOpt, app, fail, say, settings


@app.command("serve")
def serve_cli(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store to read and write: a SQLite file (created if missing) or a store URL "
            "(default: [store] url of the config, wirecoder.db).",
        ),
    ] = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="No store: only POST /v1/code works.")] = False,
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="WIRECODER_TOKEN",
            show_envvar=True,
            help="Bearer token every write needs (and every read unless --public-read); required "
            "to bind a non-loopback address.",
        ),
    ] = None,
    public_read: Annotated[
        bool, typer.Option("--public-read", help="With a token: leave reads open to everyone.")
    ] = False,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            help="A browser origin allowed to call the API (repeatable; default [serve] cors_origins, none).",
        ),
    ] = None,
    max_body_bytes: Annotated[
        int | None, typer.Option("--max-body-bytes", help="Largest request body (default [serve] max_body_bytes).")
    ] = None,
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
        if not token and not is_loopback(host):
            raise WirecoderError(Errors.E708.format(host=host), code="E708")
        api = create_app(
            url,
            cfg,
            token=token or None,
            public_read=public_read,
            cors_origins=cors_origin or None,
            max_body_bytes=max_body_bytes,
        )
    except WirecoderError as exc:
        fail(exc)
    access = "open to loopback clients" if not token else ("token for writes" if public_read else "token for all")
    say(f"wirecoder API on http://{host}:{port}/v1 (store: {url or 'none'}; {access}; OpenAPI at /docs)")
    uvicorn.run(api, host=host, port=port, log_level="info")


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine (``localhost``, 127.x, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
