"""The FastAPI application: :func:`create_app` and the state its routes share.

The app holds the configuration, the store location and the pipeline. The pipeline is built once,
on the first ``POST /v1/code`` (so ``/v1/health`` and the read routes answer at once), and coding
is serialised by a lock (one spaCy pipeline, not shared between threads at once). The store is
opened per request inside the route (a SQLite connection belongs to the thread that opened it, and
FastAPI runs routes in a thread pool); it is opened once at start-up so a bad ``--db`` fails fast.

Who may do what (:class:`Access`): with no token every client may read and write (``wirecoder serve``
binds to loopback then); with a token every write (any method but GET, HEAD, OPTIONS) needs
``Authorization: Bearer <token>``, and so does every read unless ``public_read``. Browsers may call the
API from other origins only when ``cors_origins`` lists them.

DOCS: docs/api.md
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import about, service
from ..errors import Errors
from ..pipeline import Pipeline
from . import errors

#: Largest request body accepted (bytes); ``[nlp] max_chars`` limits the text itself.
MAX_BODY_BYTES = 2_000_000


class ApiState:
    """What the routes share: configuration, store location, the lazily built pipeline."""

    def __init__(
        self, cfg: dict, store_url: str | None, pipeline: Pipeline | None = None, token: str | None = None
    ) -> None:
        self.cfg = cfg
        self.store_url = store_url
        self.token = token
        self._pipeline = pipeline
        self._build_lock = threading.Lock()
        self.code_lock = threading.Lock()

    @property
    def pipeline_built(self) -> bool:
        return self._pipeline is not None

    def pipeline(self) -> Pipeline:
        """The pipeline, built on first use."""
        if self._pipeline is None:
            with self._build_lock:
                if self._pipeline is None:
                    self._pipeline = service.make_pipeline(self.cfg)
        return self._pipeline

    @contextmanager
    def store(self, required: bool = True) -> Iterator[Any]:
        """The store for one request (None when the server has none and ``required`` is False).

        RAISES ApiError: E703 (503) when a store is required and the server has none.
        """
        if self.store_url is None:
            if required:
                raise errors.ApiError(503, Errors.E703, "E703")
            yield None
            return
        store = service.open_store(self.store_url, self.cfg)
        try:
            yield store
        finally:
            store.close()


def state(request: Request) -> ApiState:
    """The app's :class:`ApiState` (for routes)."""
    return request.app.state.wirecoder


class BodyLimit:
    """ASGI middleware: answer 413 (E705) when a request's body is over ``limit`` bytes, whether it declares
    its length or streams it in chunks (read up to the limit, then handed on)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(int(length), scope, receive, send)
            return
        if length is not None or scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        chunks, size = [], 0  # a chunked body: read it, counting
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(size, scope, receive, send)
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, size: int, scope: Scope, receive: Receive, send: Send) -> None:
        message = Errors.E705.format(size=size, limit=self.limit)
        await errors.error_response(413, "E705", message)(scope, receive, send)


#: Methods that only read (everything else is a write).
READ_METHODS = ("GET", "HEAD", "OPTIONS")


class Access:
    """ASGI middleware: with a token, writes (and reads, unless ``public_read``) need
    ``Authorization: Bearer <token>``; else 401 (E707). Without a token it lets everything through."""

    def __init__(self, app: ASGIApp, token: str | None, public_read: bool) -> None:
        self.app = app
        self.token = token
        self.public_read = public_read

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.token and (scope["method"] not in READ_METHODS or not self.public_read):
            given = dict(scope.get("headers") or ()).get(b"authorization", b"")
            if not hmac.compare_digest(given, b"Bearer " + self.token.encode("utf-8")):
                message = Errors.E707.format(method=scope["method"], path=scope["path"])
                response = errors.error_response(401, "E707", message)
                response.headers["www-authenticate"] = "Bearer"
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    store_url: str | Path | None = None,
    cfg: dict | None = None,
    *,
    pipeline: Pipeline | None = None,
    max_body_bytes: int | None = None,
    token: str | None = None,
    public_read: bool = False,
    cors_origins: list[str] | None = None,
) -> FastAPI:
    """The API application.

    store_url (str | Path | None): the store to read and write (a SQLite path or store URL); None for
        a server that only codes texts (the read routes answer E703).
    cfg (dict | None): from :func:`wirecoder.service.load_settings` (defaults when None).
    pipeline (Pipeline | None): an already built pipeline (tests); else built on the first POST /v1/code.
    max_body_bytes (int | None): request bodies over this are refused with 413 (E705); default
        ``[serve] max_body_bytes``.
    token (str | None): the bearer token every write needs (and every read unless ``public_read``); None
        for none (a loopback server).
    public_read (bool): with a token, leave reads open.
    cors_origins (list | None): browser origins allowed to call the API (default ``[serve] cors_origins``;
        none: no CORS headers at all).
    RAISES WirecoderError: the store's E6xx when it cannot be opened.
    """
    from . import articles, clusters, code, events, health, runs

    cfg = cfg if cfg is not None else service.load_settings()
    url = None if store_url is None else str(store_url)
    if url is not None:
        service.open_store(url, cfg).close()  # create and migrate it now; a bad location fails here
    app = FastAPI(
        title="wirecoder",
        version=about.__version__,
        description="Code news articles about armed conflict and political violence into event data, "
        "and query the stored events. Every error is {ok: false, error: {code, message}, status}.",
    )
    serve = cfg.get("serve") or {}
    app.state.wirecoder = ApiState(cfg, url, pipeline, token=token)
    errors.install(app)
    limit = max_body_bytes if max_body_bytes is not None else int(serve.get("max_body_bytes", MAX_BODY_BYTES))
    app.add_middleware(BodyLimit, limit=limit)
    app.add_middleware(Access, token=token, public_read=public_read)
    origins = list(cors_origins if cors_origins is not None else serve.get("cors_origins") or [])
    if origins:  # outermost, so that refusals carry the CORS headers too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type"],
        )
    for module in (code, events, articles, runs, health, clusters):
        app.include_router(module.router, prefix="/v1")
    from ..web import routes as web  # the page at / and its reads (issue #17)
    from . import review

    app.include_router(review.router, prefix="/v1")
    web.install(app)
    return app
