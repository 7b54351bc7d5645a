"""Tests for the optional village sources of the gazetteer (requirements/gazetteer.lock)."""

from __future__ import annotations

import os
import sqlite3
import time
from importlib import metadata

import pytest

from wirecoder.gazetteer import get_gazetteer, haversine_km
from wirecoder.gazetteer.build import EXTRA_ENV, build_index, extra_sources, index_path


def _installed(pkg: str) -> bool:
    return pkg in dict(extra_sources())


# package -> a village it ships: name, country, admin1 (GeoNames), point, feature
VILLAGES = [
    ("safesignal-geo", "Shawa", "NG", "Borno", (10.716, 12.022), "P.PPL"),
    ("mm-geo-coder", "Pazigyi", "MM", "Sagaing", (23.005, 95.921), "P.PPL"),
    ("psgc", "Calinan", "PH", "Davao", (7.190, 125.456), "A.ADM4"),
]


@pytest.mark.parametrize(("pkg", "name", "cc", "admin1", "point", "feature"), VILLAGES)
def test_gazetteer_village_from_package(pkg, name, cc, admin1, point, feature):
    if not _installed(pkg):
        pytest.skip(f"{pkg} is not installed (see requirements/gazetteer.lock)")
    hits = [c for c in get_gazetteer().candidates(name) if c.cc == cc and c.source.startswith(pkg)]
    assert hits, f"{name} ({cc}) missing from the index"
    village = hits[0]
    assert village.admin1 == admin1
    assert haversine_km(village.lat, village.lon, *point) < 1
    assert village.feature == feature  # barangays are polygon centroids: a division, precision 2
    assert village.geonames_id is None and village.population == 0


def test_gazetteer_villages_add_no_word_or_known_name():
    if not _installed("psgc"):
        pytest.skip("psgc is not installed (see requirements/gazetteer.lock)")
    gaz = get_gazetteer()
    # barangays named like English words or famous places stay out
    for word in ("Highway", "Agriculture", "Muslim", "Mindanao"):
        assert not any(c.source.startswith("psgc") for c in gaz.candidates(word)), word
    # a name a GeoNames town of the country already bears (as an alternate spelling) is not given to a barangay
    assert [c.name for c in gaz.candidates("Pongpong") if c.cc == "PH"] == ["Pung-Pang"]
    # nor a province's name
    assert not any(c.source.startswith("psgc") for c in gaz.candidates("Abra"))


@pytest.mark.slow
def test_gazetteer_builds_without_extra_sources(tmp_path, monkeypatch):
    with_extras = index_path()
    monkeypatch.setenv(EXTRA_ENV, "0")
    assert extra_sources() == []
    path = build_index(tmp_path / "index.sqlite")
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT v FROM meta WHERE k='extra_sources'").fetchone() == ("",)
        assert con.execute("SELECT COUNT(*) FROM places WHERE id < -100000000").fetchone() == (0,)
        assert con.execute("SELECT COUNT(*) FROM places WHERE feature='P.PPL' AND cc='NG'").fetchone()[0] > 500
    finally:
        con.close()
    packages = [p for p in ("safesignal-geo", "mm-geo-coder", "psgc") if _has_dist(p)]
    if packages:  # the index of the build with them has another name
        assert index_path() != with_extras


def _has_dist(pkg: str) -> bool:
    try:
        metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return False
    return True


def test_gazetteer_cache_keeps_other_indexes_in_use(tmp_path, monkeypatch):
    """Checkouts with other inputs (village packages on or off) share the cache: a new build removes only the
    indexes nobody has opened for ``STALE_INDEX_S``."""
    from wirecoder.gazetteer import build

    monkeypatch.setenv("WIRECODER_CACHE", str(tmp_path))
    monkeypatch.setattr(build, "build_index", lambda path: path.write_bytes(b"index"))
    stale, recent = tmp_path / "gazetteer-000000000001.sqlite", tmp_path / "gazetteer-000000000002.sqlite"
    for old in (stale, recent):
        old.write_bytes(b"other inputs")
    t = time.time() - build.STALE_INDEX_S - 60
    os.utime(stale, (t, t))
    path = build.ensure_index()
    assert path.exists() and path.parent == tmp_path
    assert recent.exists() and not stale.exists()
    os.utime(path, (t, t))
    assert build.ensure_index() == path and time.time() - path.stat().st_mtime < 60  # opening it marks it used


@pytest.mark.parametrize(
    "text",
    ['{"1": {"name": "Hmaymah"}, "2": {"name": "Albukamal", "alt": ["Abu Kamal", "{x}"]}}',
     ' \n[ {"name": "Hmaymah"} ,\n {"name": "Albukamal", "alt": ["Abu Kamal", "[x]"]} ]\n', "{}", "[]"],
)
def test_large_json_is_read_record_by_record(tmp_path, text):
    # cities500.json is one object of records, psgc's barangays.json one array: both read the same way
    import json

    from wirecoder.gazetteer.build import _iter_json

    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    whole = json.loads(text)
    assert list(_iter_json(path)) == (list(whole.values()) if isinstance(whole, dict) else whole)
