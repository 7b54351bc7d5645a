"""MUC-4 cross-article deduplication: do reports of one incident in different messages share a cluster?

Items are the gold templates (one per incident a message reports). Gold clusters join templates of
different messages that are one incident: the same incident type (an alternative in common), overlapping
incident dates (an open-ended key date, "- 07 FEB 89", spans :data:`OPEN_DATE_DAYS` days; a template
without a date joins nothing), the same location (a place below the country in common, or the same
country when both name only it) and overlapping targets (human names or descriptions, physical targets)
or overlapping perpetrators (individuals, organisations): one filler string contained in the other's,
case- and space-insensitive. Clusters are the connected components of
those links.

Predicted clusters: the messages are coded, stored in an in-memory store (which links near-duplicate
messages and clusters their events exactly as ``wirecoder extract`` into a store does, :mod:`wirecoder.cluster`),
and each template is read as the event of its message that maps to one of its incident types
(:data:`wirecoder.eval.events.ACLED_TO_MUC`) and is placed where the template is (a word of the template's
most specific place names in the event's place or admin1 name; an event placed elsewhere reports another
incident), whose evidence and actors hold most words of the template's targets and perpetrators, then
the best placed, then the most confident; its cluster is that event's. A template with no such event is a
cluster of its own.

Scores: pairwise precision, recall and F1 over pairs of items in different messages (two templates of one
message are different incidents by definition), and B-cubed precision, recall and F1 over all items.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations

from ..errors import WirecoderError
from .base import DocScore, Metric, TaskResult, prf_metrics
from .events import ACLED_TO_MUC

#: Template slots whose strings name the targets, and the perpetrators.
TARGET_SLOTS = ("hum_tgt_name", "hum_tgt_description", "phys_tgt_id")
PERPETRATOR_SLOTS = ("perp_individual_id", "perp_organization_id")
#: Days an open-ended key date ("- 07 FEB 89": on or before) is taken to span.
OPEN_DATE_DAYS = 7

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).strip()


def _fillers(template: dict, slot: str) -> set[str]:
    out: set[str] = set()
    for filler in template.get(slot) or []:
        if isinstance(filler, dict):
            out.update(_norm(s) for s in filler.get("strings") or [] if s and len(s) > 3)
    return out


def _types(template: dict) -> set[str]:
    return {v for f in template.get("incident_type") or [] if isinstance(f, dict) for v in f.get("values") or []}


def _dates(template: dict) -> list[tuple[date, date]]:
    out = []
    for alt in (template.get("incident_date") or {}).get("alternatives") or []:
        lo, hi = alt.get("on_or_after"), alt.get("on_or_before")
        try:
            if lo or hi:
                first = date.fromisoformat(lo) if lo else date.fromisoformat(hi) - timedelta(days=OPEN_DATE_DAYS)
                last = date.fromisoformat(hi) if hi else first + timedelta(days=OPEN_DATE_DAYS)
                out.append((first, last))
        except ValueError:  # a key date that does not exist (31 JUN): no date from this alternative
            continue
    return out


def _places(template: dict) -> tuple[set[str], set[str]]:
    """(countries, places below the country) of a template's location alternatives."""
    countries, places = set(), set()
    for path in (template.get("incident_location") or {}).get("alternatives") or []:
        for node in path:
            (countries if node.get("type") == "COUNTRY" else places).add(_norm(node.get("name") or ""))
    return countries - {""}, places - {""}


def _overlap(a: set[str], b: set[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def same_incident(a: dict, b: dict) -> bool:
    """Whether two templates (of different messages) are one incident (the module's gold rule)."""
    if not _types(a) & _types(b):
        return False
    if not any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in _dates(a) for lo2, hi2 in _dates(b)):
        return False
    (ca, pa), (cb, pb) = _places(a), _places(b)
    if pa and pb:
        if not pa & pb:
            return False
    elif pa or pb or not ca & cb:
        return False
    targets_a, targets_b = (set().union(*(_fillers(t, s) for s in TARGET_SLOTS)) for t in (a, b))
    perps_a, perps_b = (set().union(*(_fillers(t, s) for s in PERPETRATOR_SLOTS)) for t in (a, b))
    return _overlap(targets_a, targets_b) or _overlap(perps_a, perps_b)


def components(n: int, links: list[tuple[int, int]]) -> list[int]:
    """Connected components of ``n`` items: the component number of each item."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        parent[find(i)] = find(j)
    return [find(i) for i in range(n)]


def pairwise(gold: list, pred: list, doc: list[str]) -> tuple[int, int, int]:
    """(true, false, missed) positive pairs over item pairs from different documents."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        if doc[i] == doc[j]:
            continue
        g, p = gold[i] == gold[j], pred[i] == pred[j]
        tp += g and p
        fp += p and not g
        fn += g and not p
    return tp, fp, fn


def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin, 1998) of a predicted clustering."""
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    n = len(gold) or 1
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in range(len(gold))) / n
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in range(len(gold))) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _location_words(template: dict) -> set[str]:
    """Words of the template's places below the country (the country's when it names only that)."""
    countries, places = _places(template)
    return {w for name in places or countries for w in name.split() if len(w) > 3}


def _actor_names(ev: dict) -> list[str]:
    actors = [ev.get("actor1"), ev.get("actor2"), *(ev.get("associated_actors") or [])]
    return [str(a.get(k) or "") for a in actors if a for k in ("name", "canonical")]


def _aligned_event(template: dict, record: dict) -> dict | None:
    """The message's event that reports the template's incident (see the module), or None."""
    types = _types(template)
    words = _location_words(template)
    people = {
        w
        for slot in TARGET_SLOTS + PERPETRATOR_SLOTS
        for name in _fillers(template, slot)
        for w in name.split()
        if len(w) > 3
    }
    best, best_key = None, None
    for ev in record.get("events") or []:
        if ev.get("modality") != "asserted" or ev.get("status") == "aggregate":
            continue
        if not set(ACLED_TO_MUC.get(ev.get("sub_event_type"), ())) & types:
            continue
        loc = ev.get("location") or {}
        names = _norm(" ".join(str(loc.get(k) or "") for k in ("name", "admin1")))
        told = _norm(" ".join([*(s.get("text") or "" for s in ev.get("evidence") or []), *_actor_names(ev)]))
        placed = sum(w in names for w in words)
        if words and not placed:  # an event placed elsewhere reports another incident
            continue
        key = (sum(w in told for w in people), placed, ev.get("confidence") or 0.0)
        if best_key is None or key > best_key:
            best, best_key = ev, key
    return best


def _store_predictions(golds: list[dict], preds: list[dict]) -> dict[tuple[str, str], str]:
    """Store the coded records in an in-memory store (near-duplicate links and clusters made on saving, as
    for any store); RETURNS (article id, event id) -> cluster id."""
    from ..store.sqlite import SQLiteStore

    out: dict[tuple[str, str], str] = {}
    with SQLiteStore(":memory:") as store:
        for g, record in zip(golds, preds, strict=True):
            if record.get("events") is None or not (g.get("text") or "").strip():
                continue
            try:
                store.save_record(record, g["text"])
            except WirecoderError:
                continue
        for row in store.events():
            if row["cluster_id"]:
                out[(row["article_id"], row["event"]["id"])] = row["cluster_id"]
    return out


def score_muc4_dedup(golds: list[dict], preds: list[dict], dataset: str = "muc4") -> TaskResult:
    """Pairwise and B-cubed scores of cross-message clusters against the MUC-4 templates (see the module)."""
    result = TaskResult(dataset, "dedup")
    clusters = _store_predictions(golds, preds)
    items: list[tuple[str, dict, str]] = []  # (doc id, template, predicted cluster)
    for g, record in zip(golds, preds, strict=True):
        doc = str(g.get("id"))
        article_id = str((record.get("article") or {}).get("id", doc))
        for k, template in enumerate((g.get("gold") or {}).get("templates") or []):
            ev = _aligned_event(template, record)
            cid = clusters.get((article_id, ev["id"])) if ev else None
            items.append((doc, template, cid or f"single:{doc}:{k}"))
    docs = [d for d, _, _ in items]
    links = [
        (i, j)
        for i, j in combinations(range(len(items)), 2)
        if docs[i] != docs[j] and same_incident(items[i][1], items[j][1])
    ]
    gold = components(len(items), links)
    pred = [c for _, _, c in items]
    tp, fp, fn = pairwise(gold, pred, docs)
    result.metrics += prf_metrics("pairs", tp, fp, fn, len(items))
    bp, br, bf = bcubed(gold, pred)
    result.metrics += [
        Metric("B3 P", bp, len(items), key=False),
        Metric("B3 R", br, len(items), key=False),
        Metric("B3 F1", bf, len(items)),
    ]
    sizes = defaultdict(set)
    for i, g in enumerate(gold):
        sizes[g].add(docs[i])
    result.notes.append(
        f"{len(items)} templates; {sum(len(s) > 1 for s in sizes.values())} gold incidents reported by more than "
        f"one message ({tp + fn} cross-message gold pairs); {tp + fp} predicted cross-message pairs"
    )
    per_doc: dict[str, list[tuple[float, set[str], set[str]]]] = defaultdict(list)
    for i in range(len(items)):
        mates_g = {j for j in range(len(items)) if gold[j] == gold[i] and docs[j] != docs[i]}
        mates_p = {j for j in range(len(items)) if pred[j] == pred[i] and docs[j] != docs[i]}
        union = mates_g | mates_p
        share = len(mates_g & mates_p) / len(union) if union else 1.0
        per_doc[docs[i]].append((share, {docs[j] for j in mates_g}, {docs[j] for j in mates_p}))
    for doc, scores in per_doc.items():
        shown_g = ", ".join(sorted(set().union(*(g for _, g, _ in scores)))) or "no other message"
        shown_p = ", ".join(sorted(set().union(*(p for _, _, p in scores)))) or "no other message"
        result.docs.append(DocScore(doc, sum(s for s, _, _ in scores) / len(scores), shown_g, shown_p))
    result.n_docs = len(golds)
    return result
