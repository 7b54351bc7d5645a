"""The REST API (FastAPI): ``wirecoder serve`` runs :func:`wirecoder.api.app.create_app` under uvicorn.

One router module per resource (``code``, ``events``, ``articles``, ``runs``, ``health``), every
error in one JSON shape (:mod:`.errors`), and the event filters shared with ``wirecoder export``
(:mod:`.query`, which imports no web framework). The routes call only the service layer.

DOCS: docs/api.md
"""
