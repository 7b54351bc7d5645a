"""Output formats: JSONL (the wirecoder/1 contract), JSON, ACLED-style CSV, GeoJSON and a terminal table.

Each format is a registered exporter class with ``write(record)`` and
``close()``; records are written as they arrive, so a long run streams.
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
from typing import IO

from ..doc import is_news
from ..registry import exporters
from .rows import COLUMNS, event_rows

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = "=+-@\t\r"


def csv_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text starting with ``= + - @``, tab or CR gets
    a leading single quote (OWASP's advice); numbers (a negative latitude) and None stay as they are."""
    if isinstance(value, str) and value[:1] and value[0] in FORMULA_START:
        return "'" + value
    return value


class Exporter:
    """Base exporter: ``write`` each record, then ``close``."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        self.stream = stream
        self.include_all = include_all

    def _filtered(self, record: dict) -> dict:
        if self.include_all:
            return record
        return {**record, "events": [e for e in record["events"] if is_news(e)]}

    def write(self, record: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


@exporters.register("jsonl")
class JsonlExporter(Exporter):
    """One wirecoder/1 record per line (the output contract)."""

    def write(self, record: dict) -> None:
        self.stream.write(json.dumps(self._filtered(record), ensure_ascii=False) + "\n")


@exporters.register("json")
class JsonExporter(Exporter):
    """A JSON array of wirecoder/1 records."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.records: list[dict] = []

    def write(self, record: dict) -> None:
        self.records.append(self._filtered(record))

    def close(self) -> None:
        json.dump(self.records, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
        super().close()


@exporters.register("csv")
class CsvExporter(Exporter):
    """ACLED-style event table, one row per event (:mod:`.rows`), with wirecoder's extra columns at the end."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, record: dict) -> None:
        for row in event_rows(record, self.include_all):
            self.writer.writerow({k: csv_safe(v) for k, v in row.items()})


@exporters.register("geojson")
class GeoJsonExporter(Exporter):
    """A GeoJSON FeatureCollection of located events (properties = the CSV columns, :mod:`.rows`)."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.features: list[dict] = []

    def write(self, record: dict) -> None:
        for row in event_rows(record, self.include_all):
            if row["latitude"] is None or row["longitude"] is None:
                continue
            self.features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                    "properties": row,
                }
            )

    def close(self) -> None:
        json.dump({"type": "FeatureCollection", "features": self.features}, self.stream, ensure_ascii=False)
        self.stream.write("\n")
        super().close()


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
