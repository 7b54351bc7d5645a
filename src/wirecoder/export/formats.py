"""Output formats: JSONL (the wirecoder/1 contract), JSON, ACLED-style CSV, GeoJSON and a terminal table.

Each format is a registered exporter class with ``write(record)`` and
``close()``; records are written as they arrive, so a long run streams.
By default only asserted events are exported: negated, hypothetical and
future events are research material, not things that happened
(``include_all=True`` keeps them, flagged by ``modality``).

DOCS: docs/schema.md
"""

from __future__ import annotations

import csv
import json
from typing import IO

from ..registry import exporters

#: ACLED's column names first (https://acleddata.com, codebook 2023), then wirecoder's own.
CSV_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    # wirecoder extras
    "article_id",
    "url",
    "published",
    "modality",
    "plover_event",
    "plover_mode",
    "date_end",
    "fatalities_low",
    "fatalities_high",
    "geonames_id",
    "claimed_by",
    "confidence",
    "evidence",
]


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else None)


def _actor_name(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("canonical") or actor.get("name")


def event_rows(record: dict, include_all: bool = False) -> list[dict]:
    """Flatten a wirecoder/1 record into ACLED-style rows, one per event."""
    art = record["article"]
    rows = []
    for ev in record["events"]:
        if not include_all and ev["modality"] != "asserted":
            continue
        date = ev.get("date") or {}
        loc = ev.get("location") or {}
        fat = ev.get("fatalities") or {}
        a1, a2 = ev.get("actor1"), ev.get("actor2")
        i1, i2 = (a1 or {}).get("inter"), (a2 or {}).get("inter")
        assoc = [_actor_name(a) for a in ev.get("associated_actors") or []]
        rows.append(
            {
                "event_id_cnty": f"{art['id']}:{ev['id']}",
                "event_date": date.get("start"),
                "year": (date.get("start") or "")[:4] or None,
                "time_precision": date.get("precision"),
                "event_type": ev["event_type"],
                "sub_event_type": ev["sub_event_type"],
                "actor1": _actor_name(a1),
                "assoc_actor_1": "; ".join(a for a in assoc if a) or None,
                "inter1": i1,
                "actor2": _actor_name(a2),
                "assoc_actor_2": None,
                "inter2": i2,
                "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else None),
                "iso": loc.get("country_code"),
                "country": _country_name(loc.get("country_code")),
                "admin1": loc.get("admin1"),
                "location": loc.get("name"),
                "latitude": loc.get("lat"),
                "longitude": loc.get("lon"),
                "geo_precision": loc.get("precision"),
                "source": art.get("source"),
                "notes": ev.get("summary"),
                "fatalities": fat.get("best") if fat else None,
                "article_id": art["id"],
                "url": art.get("url"),
                "published": art.get("published"),
                "modality": ev["modality"],
                "plover_event": (ev.get("plover") or {}).get("event"),
                "plover_mode": (ev.get("plover") or {}).get("mode"),
                "date_end": date.get("end"),
                "fatalities_low": fat.get("low") if fat else None,
                "fatalities_high": fat.get("high") if fat else None,
                "geonames_id": loc.get("geonames_id"),
                "claimed_by": (ev.get("attribution") or {}).get("source"),
                "confidence": ev.get("confidence"),
                "evidence": " | ".join(s["text"] for s in ev.get("evidence") or []),
            }
        )
    return rows


class Exporter:
    """Base exporter: ``write`` each record, then ``close``."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        self.stream = stream
        self.include_all = include_all

    def _filtered(self, record: dict) -> dict:
        if self.include_all:
            return record
        return {**record, "events": [e for e in record["events"] if e["modality"] == "asserted"]}

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
    """ACLED-style event table, one row per event, with wirecoder's extra columns at the end."""

    def __init__(self, stream: IO[str], include_all: bool = False) -> None:
        super().__init__(stream, include_all)
        self.writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, record: dict) -> None:
        for row in event_rows(record, self.include_all):
            self.writer.writerow(row)


@exporters.register("geojson")
class GeoJsonExporter(Exporter):
    """A GeoJSON FeatureCollection of located events (properties = the CSV columns)."""

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
            table.add_row(
                r["article_id"],
                r["event_date"] or "",
                f"{r['event_type']} / {r['sub_event_type']}",
                r["actor1"] or "",
                r["actor2"] or "",
                loc or "",
                "" if r["fatalities"] is None else str(r["fatalities"]),
                r["claimed_by"] or "",
                r["modality"],
            )
        Console(file=self.stream, width=160).print(table)
        super().close()
