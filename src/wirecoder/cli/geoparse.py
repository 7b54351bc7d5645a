"""``wirecoder geoparse``: toponyms and their coordinates only (no events).

Runs the analysis, place-mention and geo-resolution stages (nothing else), so
it is several times faster than ``extract`` for users who only want
geoparsing. One JSON object per document on stdout::

    {"id": "...", "places": [{"text", "start", "end", "name", "geonames_id", "lat", "lon",
                              "country_code", "admin1", "feature", "role", "approximate"}]}

``role`` is ``location``, ``metonymy`` ("the Damascus regime"), ``origin`` (a
dateline, "a briefing from Baghdad") or ``demonym`` ("Syrian"); ``approximate``
is true when the name is not in the gazetteer and its point is a fallback (the
country of "the Syrian town of X", or the document's focus place).

Exit codes: 0 every document parsed; 1 some documents failed; 2 none could be read.

DOCS: docs/places.md
"""

from __future__ import annotations

import json
import time

import typer

from ..doc import Article
from ._util import CodeOpt, ConfigOpt, ModelOpt, SetOpt, app, err, settings


def place_record(article: Article) -> dict:
    """The geoparse output object for one article."""
    places = []
    for m in article.mentions.places:
        places.append({
            "text": m.text, "start": m.start, "end": m.end, "name": m.name, "geonames_id": m.geonames_id,
            "lat": m.lat, "lon": m.lon, "country_code": m.country_code, "admin1": m.admin1, "feature": m.feature,
            "role": m.role, "approximate": m.approximate,
        })
    out = {"id": article.id, "places": places}
    if article.errors:
        out["errors"] = [{"stage": e.stage, "message": e.message} for e in article.errors]
    return out


@app.command("geoparse")
def geoparse_cli(
    paths: list[str] = typer.Argument(
        None, help="Text, .jsonl or .html files, directories (recursive), or - for stdin."
    ),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl | table"),
    roles: str = typer.Option(
        "all", "--roles", help="Comma-separated roles to output (location,metonymy,origin,demonym) or 'all'."
    ),
    model: ModelOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    code: CodeOpt = None,
    index_info: bool = typer.Option(False, "--index-info", help="Print the gazetteer index path and size, then exit."),
) -> None:
    """Find place names and resolve them to GeoNames coordinates (no event coding).

    Example: wirecoder geoparse article.txt --format table
    """
    if index_info:
        from ..gazetteer import get_gazetteer

        t0 = time.perf_counter()
        gaz = get_gazetteer()
        meta = gaz.meta()
        size = gaz.path.stat().st_size / 1e6
        typer.echo(json.dumps({"path": str(gaz.path), "size_mb": round(size, 1), "open_s": round(
            time.perf_counter() - t0, 2), **meta}))
        raise typer.Exit(0)
    if not paths:
        raise typer.BadParameter("give at least one PATH (or - for stdin)", param_hint="PATHS")
    if format not in ("jsonl", "table"):
        raise typer.BadParameter(f"unknown format {format!r}; use jsonl or table", param_hint="--format")
    from .. import service
    from ..ingest.readers import read_paths

    cfg = settings(config, set_, model, None, code)
    keep = None if roles == "all" else {r.strip() for r in roles.split(",") if r.strip()}
    n = failed = 0
    rows = []
    for art in service.geoparse(read_paths(paths), cfg):
        n += 1
        failed += bool(art.failed)
        rec = place_record(art)
        if keep is not None:
            rec["places"] = [p for p in rec["places"] if p["role"] in keep]
        if format == "jsonl":
            typer.echo(json.dumps(rec, ensure_ascii=False))
        else:
            rows.extend((rec["id"], p) for p in rec["places"])
        for e in art.errors:
            err.print(f"{art.id}: {e.message}", markup=False, highlight=False)
    if format == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table("doc", "text", "role", "name", "country", "admin1", "lat", "lon", "geonames_id")
        for doc_id, p in rows:
            table.add_row(doc_id, p["text"], p["role"], p["name"] or "", p["country_code"] or "", p["admin1"] or "",
                          f"{p['lat']:.4f}" if p["lat"] is not None else "",
                          f"{p['lon']:.4f}" if p["lon"] is not None else "", str(p["geonames_id"] or ""))
        Console().print(table)
    if n == 0 or failed == n:
        raise typer.Exit(2)
    raise typer.Exit(1 if failed else 0)
