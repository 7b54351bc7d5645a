"""Output formats: JSONL (the wirecoder/1 contract), JSON, ACLED-style CSV, GeoJSON, Parquet and a terminal table.

Each format is a registered exporter class with ``write(record)`` and
``close()``; records are written as they arrive, so a long run streams (JSON
and GeoJSON write their opening bracket first and each item as it comes;
Parquet writes a row group every :data:`PARQUET_ROWS` rows). Only the terminal
table holds its rows until the end.
By default only asserted events reported in the article's window are exported:
negated, hypothetical and future events, background events and aggregates are
research material, not news of things that happened (``include_all=True``
keeps them, flagged by ``modality`` and ``status``).

A failed document's record (no events, its ``errors``) is written by the JSONL and
JSON exporters; the row formats have no row for it. Nothing from the input is
trusted: CSV text cells that a spreadsheet would run as a formula are defused
(:func:`csv_safe`), and the terminal table prints every cell literally (no Rich
markup or emoji codes).

DOCS: docs/schema.md
"""

from __future__ import annotations

import csv
import json
from datetime import date
from typing import IO

from ..doc import is_news
from ..registry import exporters
from .rows import COLUMN_TYPES, COLUMNS, event_rows

#: Rows per Parquet row group: what the Parquet exporter holds in memory at most.
PARQUET_ROWS = 10_000

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = "=+-@\t\r"


def csv_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text starting with ``= + - @``, tab or CR gets
    a leading single quote (OWASP's advice); numbers (a negative latitude) and None stay as they are."""
    if isinstance(value, str) and value[:1] and value[0] in FORMULA_START:
        return "'" + value
    return value


class Exporter:
    """Base exporter: ``write`` each record, then ``close``. ``media_type`` is what the API answers with."""

    media_type = "application/octet-stream"
    #: Whether it writes bytes (to ``stream.buffer`` or a binary stream) rather than text.
    binary = False

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        self.stream = stream
        self.include_all = include_all

    def _filtered(self, record: dict) -> dict:
        if self.include_all:
            return record
        return {**record, "events": [e for e in record["events"] if is_news(e)]}

    def write(self, record: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def write_stored(self, record: dict, rows: list[dict]) -> None:
        """Write a record read back from a store, with its events' stored flat rows (``Store.events``): the row
        formats write those rows, which carry what only the store knows (``cluster_id``, ``n_sources``, a
        review); the record formats write the record."""
        self.write(record)

    def close(self) -> None:
        self.stream.flush()


@exporters.register("jsonl")
class JsonlExporter(Exporter):
    """One wirecoder/1 record per line (the output contract)."""

    media_type = "application/x-ndjson"

    def write(self, record: dict) -> None:
        self.stream.write(json.dumps(self._filtered(record), ensure_ascii=False) + "\n")


@exporters.register("json")
class JsonExporter(Exporter):
    """A JSON array of wirecoder/1 records, written as they come."""

    media_type = "application/json"

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.n = 0

    def write(self, record: dict) -> None:
        self.stream.write(("[\n" if not self.n else ",\n") + json.dumps(self._filtered(record), ensure_ascii=False))
        self.n += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.n else "[]\n")
        super().close()


@exporters.register("csv")
class CsvExporter(Exporter):
    """ACLED-style event table, one row per event (:mod:`.rows`), with wirecoder's extra columns at the end."""

    media_type = "text/csv; charset=utf-8"

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, record: dict) -> None:
        self._emit(event_rows(record, self.include_all))

    def write_stored(self, record: dict, rows: list[dict]) -> None:
        self._emit(rows)

    def _emit(self, rows: list[dict]) -> None:
        for row in rows:
            self.writer.writerow({k: csv_safe(row.get(k)) for k in COLUMNS})


@exporters.register("geojson")
class GeoJsonExporter(Exporter):
    """A GeoJSON FeatureCollection of located events (properties = the CSV columns, :mod:`.rows`), written as
    the events come."""

    media_type = "application/geo+json"

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.n = 0
        self.stream.write('{"type": "FeatureCollection", "features": [')

    def write(self, record: dict) -> None:
        self._emit(event_rows(record, self.include_all))

    def write_stored(self, record: dict, rows: list[dict]) -> None:
        self._emit(rows)

    def _emit(self, rows: list[dict]) -> None:
        for row in rows:
            if row["latitude"] is None or row["longitude"] is None:
                continue
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": {k: row.get(k) for k in COLUMNS},
            }
            self.stream.write(("\n" if not self.n else ",\n") + json.dumps(feature, ensure_ascii=False))
            self.n += 1

    def close(self) -> None:
        self.stream.write("]}\n")
        super().close()


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parquet_schema():
    """The Arrow schema of the flat rows: :data:`.rows.COLUMN_TYPES` as string, int64, float64 or date32."""
    import pyarrow as pa

    kinds = {"text": pa.string(), "integer": pa.int64(), "real": pa.float64(), "date": pa.date32()}
    return pa.schema([(c, kinds[COLUMN_TYPES[c]]) for c in COLUMNS])


@exporters.register("parquet")
class ParquetExporter(Exporter):
    """The CSV's rows as a typed Parquet file (integers, reals, dates, text; opens in pandas, DuckDB, R arrow).

    Binary: it writes to ``stream.buffer`` when given a text stream (stdout), else to the stream itself.
    """

    media_type = "application/vnd.apache.parquet"
    binary = True

    def __init__(self, stream: IO, include_all: bool = False) -> None:
        import pyarrow.parquet as pq

        super().__init__(stream, include_all)
        self.schema = parquet_schema()
        self.writer = pq.ParquetWriter(getattr(stream, "buffer", stream), self.schema, compression="zstd")
        self.rows: list[dict] = []

    def write(self, record: dict) -> None:
        self.write_stored(record, event_rows(record, self.include_all))

    def write_stored(self, record: dict, rows: list[dict]) -> None:
        self.rows.extend({k: row.get(k) for k in COLUMNS} for row in rows)
        if len(self.rows) >= PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        dates = [c for c in COLUMNS if COLUMN_TYPES[c] == "date"]
        for row in self.rows:
            for col in dates:
                if isinstance(row[col], str):
                    row[col] = _date_or_none(row[col])
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        getattr(self.stream, "buffer", self.stream).flush()


@exporters.register("table")
class TableExporter(Exporter):
    """A Rich table of events for reading in a terminal."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.rows: list[dict] = []

    def write(self, record: dict) -> None:
        self.rows.extend(event_rows(record, self.include_all))

    def close(self) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{len(self.rows)} event(s)", show_lines=True)
        for col in ("article", "date", "type / sub-type", "actor1", "actor2", "location", "deaths", "source", "mod."):
            table.add_column(col, overflow="fold")
        for r in self.rows:
            loc = r["location"]
            if loc and r["iso"]:
                loc = (
                    f"{loc} ({r['iso']}, {r['latitude']:.2f},{r['longitude']:.2f})"
                    if r["latitude"] is not None
                    else f"{loc} ({r['iso']})"
                )
            cells = (
                r["article_id"],
                r["event_date"] or "",
                f"{r['event_type']} / {r['sub_event_type']}",
                r["actor1"] or "",
                r["actor2"] or "",
                loc or "",
                "" if r["fatalities"] is None else str(r["fatalities"]),
                r["attribution"] or "",
                r["modality"],
            )
            table.add_row(*(Text(str(c)) for c in cells))  # Text: printed as is, never parsed as markup
        Console(file=self.stream, width=160, markup=False, emoji=False, highlight=False).print(table)
        super().close()
