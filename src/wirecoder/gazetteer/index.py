"""Read-only access to the compiled gazetteer index.

One :class:`Gazetteer` per process (:func:`get_gazetteer`) holds a SQLite
connection to the cached index and small LRU caches; no table is loaded
wholesale, so memory stays at a few MB however many documents are coded.
The one summary of the whole name table is a 4 MB Bloom filter of its keys,
written at build time (:mod:`.keyfilter`, read by :meth:`Gazetteer.has_key`):
the matchers ask about every capitalised word run, and nearly all of those are
no place name.

DOCS: docs/places.md
"""

from __future__ import annotations

import functools
import math
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from . import keyfilter
from .build import ensure_index
from .normalise import name_key, spelling_variants


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: int
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None
    admin1_id: int | None
    feature: str
    population: int
    source: str
    primary: bool = False  # the looked-up name is this place's main name

    @property
    def geonames_id(self) -> int | None:
        """The GeoNames id, or None for curated places without one."""
        return self.id if self.id > 0 else None

    @property
    def is_country(self) -> bool:
        return self.feature.startswith("A.PCL")

    @property
    def is_admin(self) -> bool:
        return self.feature in ("A.ADM1", "A.ADM2")

    @property
    def is_town(self) -> bool:
        return self.feature.startswith("P.")

    def lies_in(self, other: Place) -> bool:
        """Whether this place lies in ``other``, a country or a first-order division (by country code or
        first-order division id)."""
        return self.cc == other.cc if other.is_country else self.admin1_id == other.id

    @property
    def level(self) -> int:
        """Coarseness: 0 continent, 1 country, 2 admin1, 3 admin2/region, 4 town."""
        if self.feature == "L.CONT":
            return 0
        if self.is_country:
            return 1
        if self.feature == "A.ADM1":
            return 2
        if self.is_town:
            return 4
        if self.feature[:2] in ("L.", "T.") and not self.admin1:
            return 2  # a region or feature spanning first-order divisions (Darfur, Donbas, Mindanao)
        return 3


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_COLS = "p.id, p.name, p.lat, p.lon, p.cc, p.admin1, p.admin1_id, p.feature, p.population, p.source"


class Gazetteer:
    """Lookups by name, demonym and id against the SQLite index.

    path (Path | None): an index file; default builds/uses the cached one.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else ensure_index()
        self._local = threading.local()
        self.lookup = functools.lru_cache(maxsize=50000)(self._lookup)
        self.demonym = functools.lru_cache(maxsize=5000)(self._demonym)
        self.get = functools.lru_cache(maxsize=20000)(self._get)
        self.has_key = functools.lru_cache(maxsize=200000)(self._has_key)
        # one query each, and a scan of the whole place table: a few countries recur in every article
        self.country = functools.lru_cache(maxsize=1000)(self._country)
        self.capital = functools.lru_cache(maxsize=1000)(self._capital)
        #: every demonym key of the index (a few hundred), loaded by the first :meth:`demonym_places`
        self._demonym_keys: frozenset[str] | None = None
        #: the countries by the keys of their own names (a few hundred), loaded by the first :meth:`countries_named`
        self._country_keys: dict[str, frozenset[str]] | None = None
        #: the Bloom filter of every name key (:mod:`.keyfilter`), read by the first :meth:`has_key`
        self._key_bits: bytes | None = None
        #: populated places by one-degree cell (lat, lon floor), loaded by the first :meth:`country_at`
        self._grid: dict[tuple[int, int], list[tuple[float, float, str]]] | None = None

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def _has_key(self, key: str) -> bool:
        if not self._may_have(key):
            return False
        return self.con.execute("SELECT 1 FROM names WHERE key=? LIMIT 1", (key,)).fetchone() is not None

    def _may_have(self, key: str) -> bool:
        """False when no place has this key; True when one may (a Bloom filter: no query for most keys).

        The place matchers ask about every run of capitalised words of a story, of which 98% name no place:
        a query each was a tenth of the time of finding places.
        """
        bits = self._key_bits
        if bits is None:
            (bits,) = self.con.execute("SELECT bits FROM filters WHERE name='name_keys'").fetchone()
            self._key_bits = bits
        return keyfilter.may_have(bits, key)

    def contains(self, name: str) -> bool:
        """True when some place is called ``name`` (any spelling that normalises alike)."""
        key = name_key(name)
        return bool(key) and self.has_key(key)

    def _lookup(self, key: str) -> tuple[Place, ...]:
        if not self._may_have(key):
            return ()
        rows = self.con.execute(
            f"SELECT {_COLS}, n.is_primary FROM names n JOIN places p ON p.id = n.place WHERE n.key=? "
            "ORDER BY p.population DESC LIMIT 200",
            (key,),
        ).fetchall()
        return tuple(Place(*r[:10], primary=bool(r[10])) for r in rows)

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Every place called ``name``, most populous first.

        name (str): a place name as written; spelling variants that share its key match too, and when its key
            finds nothing, the first romanisation variant that does (:func:`spelling_variants`: "Hawija" finds
            "Al Hawijah").
        RETURNS (tuple[Place, ...]): at most 200 places, ``primary`` set where the name is the place's own.
        """
        key = name_key(name)
        found = self.lookup(key) if key else ()
        if not found and key:
            found = next(filter(None, map(self.lookup, spelling_variants(key))), ())
        return found

    def _demonym(self, key: str) -> tuple[Place, ...]:
        rows = self.con.execute(
            f"SELECT {_COLS} FROM demonyms d JOIN places p ON p.id = d.place WHERE d.key=? ORDER BY p.population DESC",
            (key,),
        ).fetchall()
        return tuple(Place(*r) for r in rows)

    def demonym_places(self, word: str) -> tuple[Place, ...]:
        """Places an adjective or demonym refers to ("Syrian" -> Syria).

        The mention stages ask this of nearly every capitalised word: a key that is no demonym is answered from
        the set of demonym keys, without a query.
        """
        key = name_key(word)
        if not key:
            return ()
        if self._demonym_keys is None:
            self._demonym_keys = frozenset(k for (k,) in self.con.execute("SELECT DISTINCT key FROM demonyms"))
        return self.demonym(key) if key in self._demonym_keys else ()

    def countries_named(self, key: str) -> frozenset[str]:
        """ISO alpha-2 codes of the countries whose own name has this key ("el salvador" -> {"SV"}).

        Asked of every word pair of an upper-case story: answered from the index's small table of country names
        (written at build time), read once, instead of a query per pair.
        """
        if self._country_keys is None:
            table: dict[str, set[str]] = {}
            for k, cc in self.con.execute("SELECT key, cc FROM country_names"):
                table.setdefault(k, set()).add(cc)
            self._country_keys = {k: frozenset(v) for k, v in table.items()}
        return self._country_keys.get(key, frozenset())

    def _get(self, pid: int) -> Place | None:
        r = self.con.execute(f"SELECT {_COLS} FROM places p WHERE p.id=?", (pid,)).fetchone()
        return Place(*r) if r else None

    def _country(self, cc: str) -> Place | None:
        """The country entry for an ISO alpha-2 code (:meth:`country`, cached)."""
        r = self.con.execute(
            f"SELECT {_COLS} FROM places p WHERE p.cc=? AND p.feature LIKE 'A.PCL%' LIMIT 1", (cc,)
        ).fetchone()
        return Place(*r) if r else None

    def _capital(self, cc: str) -> Place | None:
        """The capital city of a country (ISO alpha-2), when the extracts mark one (:meth:`capital`, cached)."""
        r = self.con.execute(
            f"SELECT {_COLS} FROM places p WHERE p.cc=? AND p.feature='P.PPLC' ORDER BY p.population DESC LIMIT 1",
            (cc,),
        ).fetchone()
        return Place(*r) if r else None

    def country_at(self, lat: float, lon: float, radius_km: float = 150.0) -> str | None:
        """The country (ISO alpha-2) of the populated place nearest to a point, within ``radius_km``:
        a reverse geocode good enough to name the country of a point away from borders (evaluation).
        The first call loads a one-degree grid of populated places (about a second)."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
            for la, lo, cc in self.con.execute(
                "SELECT lat, lon, cc FROM places WHERE feature LIKE 'P.%' AND cc IS NOT NULL AND lat IS NOT NULL"
            ):
                grid.setdefault((math.floor(la), math.floor(lo)), []).append((la, lo, cc))
            self._grid = grid
        reach = max(1, math.ceil(radius_km / 111.0))
        steps = range(-reach, reach + 1)
        cells = ((math.floor(lat) + i, math.floor(lon) + j) for i in steps for j in steps)
        near = [p for cell in cells for p in self._grid.get(cell, ())]
        best = min(near, key=lambda p: haversine_km(lat, lon, p[0], p[1]), default=None)
        if best is None or haversine_km(lat, lon, best[0], best[1]) > radius_km:
            return None
        return best[2]

    def meta(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT k, v FROM meta").fetchall())


_LOCK = threading.Lock()
_INSTANCE: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built into the cache on first use)."""
    global _INSTANCE
    with _LOCK:
        if _INSTANCE is None:
            _INSTANCE = Gazetteer()
        return _INSTANCE
