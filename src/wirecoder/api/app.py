"""The FastAPI application: :func:`create_app` and the state its routes share.

The app holds the configuration, the store location and the pipeline. The pipeline is built once,
on the first ``POST /v1/code`` (so ``/v1/health`` and the read routes answer at once), and coding
is serialised by a lock (one spaCy pipeline, not shared between threads at once). The store is
opened per request inside the route (a SQLite connection belongs to the thread that opened it, and
FastAPI runs routes in a thread pool); it is opened once at start-up so a bad ``--db`` fails fast.

DOCS: docs/api.md
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import about, service
from ..errors import Errors
from ..pipeline import Pipeline
from . import errors

#: Largest request body accepted (bytes); ``[nlp] max_chars`` limits the text itself.
MAX_BODY_BYTES = 2_000_000


class ApiState:
    """What the routes share: configuration, store location, the lazily built pipeline."""

    def __init__(self, cfg: dict, store_url: str | None, pipeline: Pipeline | None = None) -> None:
        self.cfg = cfg
        self.store_url = store_url
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
    """ASGI middleware: answer 413 (E705) when a request declares a body over ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope.get("headers") or ()).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.limit:
                message = Errors.E705.format(size=int(length), limit=self.limit)
                await errors.error_response(413, "E705", message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    store_url: str | Path | None = None,
    cfg: dict | None = None,
    *,
    pipeline: Pipeline | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The API application.

    store_url (str | Path | None): the store to read and write (a SQLite path or store URL); None for
        a server that only codes texts (the read routes answer E703).
    cfg (dict | None): from :func:`wirecoder.service.load_settings` (defaults when None).
    pipeline (Pipeline | None): an already built pipeline (tests); else built on the first POST /v1/code.
    max_body_bytes (int): request bodies over this are refused with 413 (E705).
    RAISES WirecoderError: the store's E6xx when it cannot be opened.
    """
    from . import articles, code, events, health, runs

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
    app.state.wirecoder = ApiState(cfg, url, pipeline)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    for module in (code, events, articles, runs, health):
        app.include_router(module.router, prefix="/v1")
    return app
