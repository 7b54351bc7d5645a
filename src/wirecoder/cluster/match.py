"""When reports from different articles are one event, and what a cluster of them says.

A report is one stored event (its flat row, :mod:`wirecoder.export.rows`). A new report joins the
existing cluster whose best member it agrees with most (:func:`best_cluster`), when every hard condition
holds for every member (complete link: a cluster never grows by a chain of near-misses):

* its event type is in the member's type family (``[families]``: battles, explosions and violence against
  civilians are one family, protests and riots another);
* its dates overlap the member's, give or take ``date.slack_days``;
* its place is the member's: the same GeoNames place, points at most ``place.max_km`` apart, or, for a
  report placed only at a first-order division or a country, a member inside it;
* its actors do not contradict the member's (a missing actor contradicts nothing; two first actors
  contradict when one is neither actor of the other: names are compared by their word overlap);
* no member comes from the same article (the article-level stage already merged those), and no member
  was split from it (:data:`splits`).

The score (``[score]``) then ranks the clusters that pass: same sub-type or type, same place or admin1,
a shared actor, the same first day, and a member in the article this one copies (near duplicates).

Fatalities of a cluster (:func:`summarise`): a report's figure is credible when it is at most
``fatalities.outlier_factor`` times the median of the members' best figures; ``best`` is the lowest best
figure among the credible reports published last (tolls rise as counts come in: the newest news, read
conservatively), ``high`` the highest credible high figure.

DOCS: docs/api.md
"""

from __future__ import annotations

import hashlib
import math
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from .. import lookups

#: The weights file (``data/weights/cluster.toml``).
WEIGHTS = "cluster"
#: Geo precision of a report placed at a region or a country only (ACLED's 3).
COARSE_PRECISION = 3

_WORD = re.compile(r"[a-z0-9]+")


@cache
def default_settings() -> dict[str, Any]:
    """The shipped weights and thresholds."""
    return lookups.weights(WEIGHTS)


def settings(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The weights with ``[cluster]`` configuration keys applied: ``max_km`` and ``slack_days`` (the two a
    user tunes most), or any ``section.key`` of the weights file."""
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in default_settings().items()}
    for key, value in (overrides or {}).items():
        if key == "max_km":
            out["place"]["max_km"] = float(value)
        elif key == "slack_days":
            out["date"]["slack_days"] = int(value)
        elif "." in key:
            section, name = key.split(".", 1)
            out[section][name] = value
    return out


@cache
def _families() -> dict[str, str]:
    return {t: fam for fam, types in default_settings()["families"].items() for t in types}


def family(event_type: str | None) -> str | None:
    """The type family of an ACLED event type (``[families]``); None for an unknown type."""
    return _families().get(event_type or "")


def clusterable(row: Mapping[str, Any]) -> bool:
    """Whether a stored event takes part in clustering: an asserted event that is not an aggregate statement
    (negated, hypothetical and future events, and cumulative figures, describe no one event)."""
    return row.get("modality") == "asserted" and row.get("status", "reported") != "aggregate"


def cluster_id(founder: str) -> str:
    """The stable id of the cluster a report founded: ``c-`` and 16 hex digits of the sha256 of its
    ``event_id_cnty`` (so the same corpus coded again gives the same ids)."""
    return "c-" + hashlib.sha256(founder.encode("utf-8")).hexdigest()[:16]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Report:
    """One stored event as clustering sees it."""

    key: str  # event_id_cnty
    article_id: str
    event_type: str | None
    sub_event_type: str | None
    start: date | None
    end: date | None
    iso: str | None
    admin1: str | None
    location: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None
    precision: int | None
    actor1: str | None
    actor2: str | None
    actors: tuple[str, ...]
    published: str | None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    copy_of: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], copy_of: str | None = None) -> Report:
        """A report from a flat event row (``Store.events`` or the ``events`` table)."""
        actors = [row.get("actor1"), row.get("actor2"), *(row.get("assoc_actor_1") or "").split("; ")]
        start = _day(row.get("event_date"))
        return cls(
            key=row["event_id_cnty"],
            article_id=row["article_id"],
            event_type=row.get("event_type"),
            sub_event_type=row.get("sub_event_type"),
            start=start,
            end=_day(row.get("date_end")) or start,
            iso=row.get("iso"),
            admin1=row.get("admin1"),
            location=row.get("location"),
            geonames_id=row.get("geonames_id"),
            lat=row.get("latitude"),
            lon=row.get("longitude"),
            precision=row.get("geo_precision"),
            actor1=row.get("actor1"),
            actor2=row.get("actor2"),
            actors=tuple(a for a in actors if a),
            published=row.get("published"),
            fatalities_best=row.get("fatalities"),
            fatalities_high=row.get("fatalities_high"),
            copy_of=copy_of,
        )


def km(a: Report, b: Report) -> float | None:
    """Great-circle distance between two located reports; None when one has no point."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _words(name: str) -> frozenset[str]:
    return frozenset(_WORD.findall(name.lower()))


def same_actor(a: str, b: str, min_overlap: float) -> bool:
    """Two actor names are one actor: equal when lower-cased, or their word sets overlap enough."""
    if a.lower() == b.lower():
        return True
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= min_overlap


def known(actor: str | None) -> str | None:
    """An actor name, or None for a placeholder (``Unidentified Armed Group (Colombia)``: ``actors.unknown``)."""
    if not actor:
        return None
    low = actor.lower()
    return None if any(low.startswith(p) for p in default_settings()["actors"]["unknown"]) else actor


def _shared_actors(a: Report, b: Report, min_overlap: float) -> int | None:
    """How many of ``a``'s named actors ``b`` also names; None when they contradict: both name a first actor
    and ``a``'s is neither of ``b``'s two (one outlet may name the sides of a clash the other way round).
    Placeholders (:func:`known`) are missing actors."""
    a1, b1 = known(a.actor1), known(b.actor1)
    if a1 and b1 and not any(same_actor(a1, y, min_overlap) for y in (b1, known(b.actor2)) if y):
        return None
    theirs = [y for y in b.actors if known(y)]
    return sum(any(same_actor(x, y, min_overlap) for y in theirs) for x in a.actors if known(x))


def _place(a: Report, b: Report, cfg: dict) -> str | None:
    """How the places agree: ``place`` (same place or near), ``admin1`` (one is the other's division),
    ``country`` (one is only the country); None when they do not."""
    if not a.iso or not b.iso or a.iso != b.iso:
        return None
    if a.geonames_id and a.geonames_id == b.geonames_id:
        return "place"
    coarse_a, coarse_b = a.precision == COARSE_PRECISION, b.precision == COARSE_PRECISION
    if not coarse_a and not coarse_b:
        d = km(a, b)
        if d is not None and d <= cfg["place"]["max_km"]:
            return "place"
        if d is None and a.location and a.location == b.location:
            return "place"
        return None
    # one (or both) is placed at a division or the country: the finer one must lie inside it
    if a.admin1 and b.admin1:
        return "admin1" if a.admin1 == b.admin1 else None
    return "country" if cfg["place"]["country_only"] else None


def _dates(a: Report, b: Report, cfg: dict) -> bool:
    if a.start is None or b.start is None:
        return False
    pad = timedelta(days=int(cfg["date"]["slack_days"]))
    return a.start <= (b.end or b.start) + pad and b.start <= (a.end or a.start) + pad


def pair_score(a: Report, b: Report, cfg: dict) -> float | None:
    """How much report ``a`` agrees with member ``b``; None when a hard condition fails (see the module)."""
    if a.article_id == b.article_id:
        return None
    fam = family(a.event_type)
    if fam is None or fam != family(b.event_type):
        return None
    if not _dates(a, b, cfg):
        return None
    place = _place(a, b, cfg)
    if place is None:
        return None
    shared = _shared_actors(a, b, float(cfg["actors"]["min_overlap"]))
    if shared is None:
        return None
    w = cfg["score"]
    if a.sub_event_type == b.sub_event_type:
        score = w["same_sub_type"]
    else:
        score = w["same_type"] if a.event_type == b.event_type else w["same_family"]
    score += {"place": w["same_place"], "admin1": w["same_admin1"], "country": w["same_country"]}[place]
    score += w["actor_shared"] * min(shared, 1)
    score += w["same_day"] if a.start == b.start else 0.0
    if a.copy_of and a.copy_of in (b.article_id, b.copy_of):
        score += w["copy_of_member"]
    return score


def best_cluster(
    report: Report, candidates: Mapping[str, Iterable[Report]], splits: set[tuple[str, str]], cfg: dict
) -> tuple[str, float] | None:
    """The cluster a new report joins: the highest-scoring candidate at or above ``score.min_score`` (ties:
    the smaller id); None when none qualifies (the report founds its own cluster).

    candidates: cluster id -> its members. splits: pairs of ``event_id_cnty`` that may not share a cluster
    (either order).
    """
    best: tuple[str, float] | None = None
    for cid in sorted(candidates):
        members = list(candidates[cid])
        if any((report.key, m.key) in splits or (m.key, report.key) in splits for m in members):
            continue
        if any(m.article_id == report.article_id for m in members):
            continue
        scores = [pair_score(report, m, cfg) for m in members]
        if not scores or None in scores:  # every member must agree: no chains of near-misses
            continue
        top = max(s for s in scores if s is not None)
        if top >= cfg["score"]["min_score"] and (best is None or top > best[1]):
            best = (cid, top)
    return best


def _fatalities(members: list[Report], factor: float) -> tuple[int | None, int | None]:
    figures = [m.fatalities_best for m in members if m.fatalities_best is not None]
    if not figures:
        return None, None
    median = statistics.median(figures)
    limit = max(median, 1) * factor
    credible = [m for m in members if m.fatalities_best is not None and m.fatalities_best <= limit]
    latest = max((m.published or "") for m in credible)
    best = min(m.fatalities_best for m in credible if (m.published or "") == latest)
    highs = [m.fatalities_high if m.fatalities_high is not None else m.fatalities_best for m in credible]
    return best, max([*highs, best])


def sources(members: Iterable[Report]) -> int:
    """Independent source articles of a cluster: distinct articles, a copy counted with what it copies."""
    return len({m.copy_of or m.article_id for m in members})


def summarise(members: list[Report], cfg: dict) -> dict[str, Any]:
    """The ``clusters`` row of a cluster's members (the founder first): type, dates, place of its most
    precisely placed member, counts, report times and fatalities (see the module)."""
    placed = sorted(members, key=lambda m: (m.precision or 9, m.key))[0]
    kinds = [(m.event_type, m.sub_event_type) for m in members]
    kind = max(sorted(set(kinds), key=str), key=kinds.count)
    starts = [m.start for m in members if m.start]
    ends = [m.end or m.start for m in members if m.start]
    published = sorted(m.published for m in members if m.published)
    best, high = _fatalities(members, float(cfg["fatalities"]["outlier_factor"]))
    return {
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "date_start": min(starts).isoformat() if starts else None,
        "date_end": max(ends).isoformat() if ends else None,
        "iso": placed.iso,
        "admin1": placed.admin1,
        "location": placed.location,
        "latitude": placed.lat,
        "longitude": placed.lon,
        "n_events": len(members),
        "n_sources": sources(members),
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
        "fatalities_best": best,
        "fatalities_high": high,
    }
