"""The web page served by ``wirecoder serve`` at ``/``: map, timeline, filters, table, evidence and review.

:func:`.routes.install` adds the page, its static files and its reads to the API application.

DOCS: docs/web.md
"""
