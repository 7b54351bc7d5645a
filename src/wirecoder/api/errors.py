"""The one JSON error shape of the API, and how errors map to it.

Every error a client sees is ``{"ok": false, "error": {"code": "E701", "message": "..."}, "status": 400}``
with ``status`` the HTTP status code. A coded wirecoder error keeps its code and message; a request
FastAPI cannot validate is E701 (400); an unknown route or method E704; a body over the size limit
E705 (413); anything unexpected E700 (500) with no stack trace (it is logged on the server).

DOCS: docs/api.md
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import Errors, WirecoderError

log = logging.getLogger("wirecoder.api")

#: The API's own coded messages (E7xx: CLI/API).


class ApiError(WirecoderError):
    """A coded error with the HTTP status it is answered with."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message, code)
        self.status = status


def status_for(code: str | None) -> int:
    """The HTTP status of a coded wirecoder error: 404 for something not there, 503 for a server that
    cannot serve the request as configured (E0xx settings, e.g. a spaCy model not installed; E6xx store),
    400 for everything else (what the client sent: E1xx input, E7xx request, an impossible split E606)."""
    if code in ("E106", "E702", "E709"):
        return 404
    if code == "E606":  # a split the client asked for that cannot be made
        return 400
    if code and code[:2] in ("E0", "E6"):
        return 503
    return 400


def error_body(status: int, code: str | None, message: str) -> dict:
    """The one error shape."""
    return {"ok": False, "error": {"code": code, "message": message}, "status": status}


def error_response(status: int, code: str | None, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
    return "[E701] Invalid request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers that answer every error in the one shape."""

    async def _coded(request: Request, exc: WirecoderError) -> JSONResponse:
        status = exc.status if isinstance(exc, ApiError) else status_for(exc.code)
        return error_response(status, exc.code, str(exc))

    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, "E701", _validation_message(exc))

    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = Errors.E704.format(method=request.method, path=request.url.path, reason=exc.detail)
        return error_response(exc.status_code, "E704", message)

    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "E700", Errors.E700)

    app.add_exception_handler(WirecoderError, _coded)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
