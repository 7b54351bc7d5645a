"""Geoparsing scorer (LGL, TR-News, GeoWebNews, GeoVirus): toponym recognition and resolution.

Gold toponyms carry ``[start, end)`` offsets into the text and coordinates. A gold toponym is
*recognised* when a predicted place mention (``mentions.places``) overlaps its span; the
overlapping prediction with coordinates nearest in offset is the one scored for resolution.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import statistics

from ..gazetteer import haversine_km
from .base import DocScore, Metric, TaskResult, overlaps, ratio, short

#: 100 miles, the usual tolerance of geocoding accuracy (Gritta et al. 2018).
ACC_KM = 161.0


def _has_coords(t: dict) -> bool:
    return t.get("lat") is not None and t.get("lon") is not None


def _gold_id(t: dict) -> int | None:
    raw = t.get("geonameid")
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _match(gold: dict, places: list[dict]) -> dict | None:
    """The predicted place mention scored for a gold toponym: overlapping, preferring exact spans
    and mentions with coordinates."""
    cands = [p for p in places if overlaps(gold["start"], gold["end"], p.get("start", -1), p.get("end", -1))]
    if not cands:
        return None
    cands.sort(
        key=lambda p: (
            not (p.get("start") == gold["start"] and p.get("end") == gold["end"]),
            p.get("lat") is None,
            abs(p.get("start", 0) - gold["start"]),
        )
    )
    return cands[0]


def score_places(golds: list[dict], preds: list[dict], dataset: str) -> TaskResult:
    """Toponym recall / precision, Acc@161km, exact GeoNames id and error distances.

    Gold toponyms without coordinates (e.g. GeoWebNews demonyms and non-toponyms) count for
    precision only (a prediction overlapping any gold toponym is not a false positive).
    """
    result = TaskResult(dataset, "places")
    n_gold = recognised = exact_spans = 0
    n_pred = pred_ok = 0
    acc_all = n_resolved_gold = acc_rec = 0
    ids_n = ids_hit = ids_rec_n = ids_rec_hit = 0
    errors: list[float] = []
    by_type: dict[str, list[int]] = {}  # GeoWebNews type -> [recognised, total]
    for g, p in zip(golds, preds, strict=True):
        tops = g["gold"].get("toponyms") or []
        places = (p.get("mentions") or {}).get("places") or []
        n_pred += len(places)
        pred_ok += sum(1 for pl in places if any(overlaps(t["start"], t["end"], pl["start"], pl["end"]) for t in tops))
        doc_n = doc_ok = 0
        misses: list[str] = []
        for t in tops:
            if not _has_coords(t):
                continue
            n_gold += 1
            doc_n += 1
            m = _match(t, places)
            gid = _gold_id(t)
            if gid is not None:
                ids_n += 1
            if t.get("type"):  # GeoWebNews toponym taxonomy
                by_type.setdefault(t["type"], [0, 0])[1] += 1
                by_type[t["type"]][0] += m is not None
            if m is None:
                misses.append(f"{t['text']}: missed")
                continue
            recognised += 1
            exact_spans += m.get("start") == t["start"] and m.get("end") == t["end"]
            if gid is not None:
                ids_rec_n += 1
                same = m.get("geonames_id") is not None and int(m["geonames_id"]) == gid
                ids_hit += same
                ids_rec_hit += same
            if m.get("lat") is None or m.get("lon") is None:
                misses.append(f"{t['text']}: no coordinates")
                continue
            n_resolved_gold += 1
            km = haversine_km(float(t["lat"]), float(t["lon"]), float(m["lat"]), float(m["lon"]))
            errors.append(km)
            if km <= ACC_KM:
                acc_all += 1
                acc_rec += 1
                doc_ok += 1
            else:
                misses.append(f"{t['text']}: {m.get('name') or m.get('text')} ({m.get('country_code')}) {km:.0f} km")
        result.docs.append(
            DocScore(
                g["id"],
                doc_ok / doc_n if doc_n else 1.0,
                f"{doc_n} toponyms with coordinates",
                short(f"{doc_ok} within 161 km; " + "; ".join(misses), 200),
            )
        )
    result.n_docs = len(golds)
    recall = ratio(recognised, n_gold)
    precision = ratio(pred_ok, n_pred)
    f1 = ratio(2 * precision * recall, precision + recall) if precision is not None and recall is not None else None
    result.metrics = [
        Metric("toponym recall (overlap)", recall, n_gold),
        Metric("toponym precision (overlap)", precision, n_pred),
        Metric("toponym F1 (overlap)", f1, n_gold, key=False),
        Metric("toponym recall (exact span)", ratio(exact_spans, n_gold), n_gold, key=False),
        Metric("Acc@161km (all gold, missing = wrong)", ratio(acc_all, n_gold), n_gold),
        Metric("Acc@161km (recognised and resolved)", ratio(acc_rec, n_resolved_gold), n_resolved_gold),
        Metric("exact GeoNames id (all gold with id)", ratio(ids_hit, ids_n) if ids_n else None, ids_n, key=False),
        Metric("exact GeoNames id (recognised)", ratio(ids_rec_hit, ids_rec_n) if ids_rec_n else None, ids_rec_n),
        Metric("mean error (recognised)", statistics.fmean(errors) if errors else None, len(errors), "km", False),
        Metric(
            "median error (recognised)",
            statistics.median(errors) if errors else None,
            len(errors),
            "km",
            False,
            key=False,
        ),
    ]
    for kind, (hit, total) in sorted(by_type.items(), key=lambda kv: -kv[1][1]):
        result.metrics.append(Metric(f"toponym recall, type {kind}", ratio(hit, total), total, key=False))
    return result
