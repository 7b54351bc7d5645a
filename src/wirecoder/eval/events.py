"""Event scorers: CASE 2021 task 2, MUC-4 relevance, incident type and event level (events and templates
per relevant message, template recall), IndiaPoliceEvents, WikiEvents and PLOVER GSR event-type agreement.
(realnews, event by event, is :mod:`wirecoder.eval.realnews`.)

The mappings between taxonomies used here are data files under ``data/eval/`` (``muc4.toml``,
``indiapoliceevents.toml``, ``kairos_acled.toml``, ``plover_acled.toml``), documented in
``docs/evaluation.md``; they are part of the metric's definition, not of the coder. ACLED names come
from :mod:`wirecoder.events.taxonomy`.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .. import lookups
from ..events import taxonomy
from .base import (
    DocScore,
    Metric,
    TaskResult,
    asserted_events,
    best_event,
    prf,
    prf_metrics,
    ratio,
    short,
    word_pattern,
)
from .realnews import fold, greedy_match, news_events, to_day

NO_EVENT = "none"


# --------------------------------------------------------------------------- CASE 2021 task 2


def case2021_label(record: dict) -> str:
    """The predicted CASE label: the sub-event type of the most confident asserted event, else "none".

    Any status: a CASE snippet is labelled with the event it describes, whenever that happened.
    """
    event = best_event(record, any_status=True)
    return (event.get("sub_event_type") or NO_EVENT) if event else NO_EVENT


def weighted_f1(gold: list[str], pred: list[str], labels: list[str]) -> tuple[float | None, float | None, float]:
    """Weighted-average F1 over ``labels`` (weights = gold support), macro F1 and accuracy.

    A prediction outside ``labels`` (e.g. "none") counts as a false negative for the gold class
    and as no false positive for any class, as in scikit-learn's ``f1_score(labels=...)``.
    RETURNS (tuple): (weighted F1, macro F1, accuracy).
    """
    support = Counter(gold)
    f1s: dict[str, float] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        f1s[label] = prf(tp, fp, fn)[2] or 0.0
    total = sum(support[label] for label in labels)
    weighted = ratio(sum(f1s[label] * support[label] for label in labels), total)
    present = [label for label in labels if support[label]]
    macro = ratio(sum(f1s[label] for label in present), len(present))
    accuracy = ratio(sum(1 for g, p in zip(gold, pred, strict=True) if g == p), len(gold)) or 0.0
    return weighted, macro, accuracy


def score_case2021(golds: list[dict], preds: list[dict], dataset: str = "case2021-task2") -> TaskResult:
    """CASE 2021 task 2, subtask 1: weighted F1 over the 25 ACLED sub-event types.

    Only subtask-1 records (gold label one of the 25 ACLED types) are scored.
    """
    result = TaskResult(dataset, "events")
    gold_labels: list[str] = []
    pred_labels: list[str] = []
    event_type_hits = 0
    for g, p in zip(golds, preds, strict=True):
        gold = g["gold"]
        if 1 not in (gold.get("in_subtasks") or []) or not gold.get("acled_sub_event_type"):
            continue
        label = case2021_label(p)
        gold_labels.append(gold["acled_sub_event_type"])
        pred_labels.append(label)
        pred_type = taxonomy.event_type(label) if label in taxonomy.subtypes() else None
        event_type_hits += pred_type == gold["acled_event_type"]
        result.docs.append(
            DocScore(g["id"], float(label == gold["acled_sub_event_type"]), gold["acled_sub_event_type"], label)
        )
    weighted, macro, accuracy = weighted_f1(gold_labels, pred_labels, list(taxonomy.subtypes()))
    n = len(gold_labels)
    result.n_docs = n
    result.metrics = [
        Metric("weighted F1 (subtask 1, 25 sub-types)", weighted, n),
        Metric("macro F1 (subtask 1)", macro, n, key=False),
        Metric("sub-event type accuracy", accuracy if n else None, n),
        Metric("event type accuracy (6 types)", ratio(event_type_hits, n), n),
        Metric("no event predicted", ratio(pred_labels.count(NO_EVENT), n), n, higher_is_better=False, key=False),
    ]
    # per-class F1 (n = gold support), for error analysis in ``wirecoder eval``
    for label in taxonomy.subtypes():
        support = gold_labels.count(label)
        if not support and label not in pred_labels:
            continue
        tp = sum(1 for g, p in zip(gold_labels, pred_labels, strict=True) if g == label and p == label)
        fp = pred_labels.count(label) - tp
        result.metrics.append(Metric(f"F1 {label}", prf(tp, fp, support - tp)[2], support, key=False))
    return result


# --------------------------------------------------------------------------- MUC-4

#: ACLED sub-event type -> the MUC-4 incident types it corresponds to (``data/eval/muc4.toml``; a
#: documented, approximate mapping; a sub-type missing there is not a MUC-4 incident).
ACLED_TO_MUC: dict[str, frozenset[str]] = {
    sub: frozenset(types) for sub, types in lookups.word_map("eval/muc4.toml", "acled_to_muc").items()
}


def muc_event(event: dict) -> bool:
    """Whether a predicted event is a MUC-4 incident under :data:`ACLED_TO_MUC`."""
    return event.get("sub_event_type") in ACLED_TO_MUC


def muc_gold_types(gold: dict) -> set[str]:
    """All incident types (alternatives included) of a MUC-4 record's templates."""
    types: set[str] = set()
    for template in gold.get("templates") or []:
        fillers = template.get("incident_type")
        if isinstance(fillers, list):
            for filler in fillers:
                types.update(filler.get("values") or [])
    return types


#: A predicted date this many days outside a template's incident date range still agrees (as realnews's ±1).
MUC_DATE_SLACK_DAYS = 1


def template_types(template: dict) -> set[str]:
    """The incident types (alternatives included) of one MUC-4 template."""
    fillers = template.get("incident_type")
    return {v for f in fillers for v in f.get("values") or []} if isinstance(fillers, list) else set()


def template_date_agrees(event: dict, template: dict) -> bool:
    """The event's ``date.start`` lies within one of the template's ``incident_date`` ranges, widened by
    :data:`MUC_DATE_SLACK_DAYS` (open bounds allowed). A template without a date agrees with any event."""
    ranges = [
        (to_day(a.get("on_or_after")), to_day(a.get("on_or_before")))
        for a in (template.get("incident_date") or {}).get("alternatives") or []
    ]
    ranges = [(lo, hi) for lo, hi in ranges if lo or hi]
    if not ranges:
        return True
    start = to_day((event.get("date") or {}).get("start"))
    if start is None:
        return False
    return any(
        (lo is None or (start - lo).days >= -MUC_DATE_SLACK_DAYS)
        and (hi is None or (start - hi).days <= MUC_DATE_SLACK_DAYS)
        for lo, hi in ranges
    )


@lru_cache(maxsize=256)
def country_alpha2(name: str) -> str | None:
    """ISO 3166 alpha-2 of a country name ("EL SALVADOR" -> "SV"), None when unknown."""
    try:
        import pycountry

        return pycountry.countries.lookup(name).alpha_2
    except (ImportError, LookupError):
        return None


def template_place_agrees(event: dict, template: dict) -> bool:
    """The event's place agrees with one of the template's ``incident_location`` paths (country -> place).

    A path with places below the country: the predicted ``location.name`` or its ``admin1`` equals
    (after :func:`~wirecoder.eval.realnews.fold`) one of them. A country-only path: the predicted name
    is the country, or the predicted ``country_code`` is its code. A template without a location agrees
    with any event.
    """
    paths = [path for path in (template.get("incident_location") or {}).get("alternatives") or [] if path]
    if not paths:
        return True
    loc = event.get("location") or {}
    names = {fold(loc.get("name")), fold(loc.get("admin1"))} - {""}
    for path in paths:
        below = {fold(step.get("name")) for step in path if step.get("type") != "COUNTRY"} - {""}
        if below:
            if names & below:
                return True
            continue
        countries = [step.get("name") or "" for step in path]
        if names & {fold(c) for c in countries}:
            return True
        if loc.get("country_code") and loc["country_code"] in {country_alpha2(c) for c in countries}:
            return True
    return False


def template_country_agrees(event: dict, template: dict) -> bool:
    """The event's ``country_code`` is the country of one of the template's location paths (a template
    without a location, or without a known country, agrees with any event)."""
    paths = [path for path in (template.get("incident_location") or {}).get("alternatives") or [] if path]
    codes = {country_alpha2(step.get("name") or "") for path in paths for step in path if step.get("type") == "COUNTRY"}
    codes.discard(None)
    return not codes or (event.get("location") or {}).get("country_code") in codes


def templates_recalled(events: list[dict], templates: list[dict], date: bool = True, place: str = "place") -> int:
    """How many required (not optional) templates a one-to-one greedy matching of the events recalls:
    an event and a template pair when the event's mapped incident types meet the template's, and (when
    asked) the date agrees and the place ("place": :func:`template_place_agrees`; "country":
    :func:`template_country_agrees`; "": not checked). Required templates are taken first; each event
    recalls one template."""
    place_agrees = {"place": template_place_agrees, "country": template_country_agrees}.get(place)
    candidates = []
    for i, event in enumerate(events):
        mapped = ACLED_TO_MUC.get(event.get("sub_event_type") or "", frozenset())
        for j, template in enumerate(templates):
            if not mapped & template_types(template):
                continue
            if date and not template_date_agrees(event, template):
                continue
            if place_agrees is not None and not place_agrees(event, template):
                continue
            candidates.append(((bool(template.get("optional_template")),), i, j))
    matches, _ = greedy_match(candidates)
    return sum(1 for j in matches.values() if not templates[j].get("optional_template"))


def score_muc4_events(golds: list[dict], preds: list[dict], dataset: str = "muc4") -> TaskResult:
    """MUC-4 document relevance P/R/F1 and incident-type accuracy.

    A document is predicted relevant when it has an asserted event whose sub-type maps to a MUC-4 incident
    type, of any status: the MUC-4 keys fill templates for the incidents a message tells of, earlier ones
    included (relevance recall on check 92.9 with reported events only, 99.1 with all). Incident-type
    accuracy is over gold-relevant documents: the most confident such event's mapped types must include one
    of the gold templates' types (no event = wrong)."""
    result = TaskResult(dataset, "events")
    tp = fp = fn = tn = 0
    type_hits = type_n = type_hits_rec = type_n_rec = 0
    n_relevant = n_events = n_muc_events = n_templates = n_required = 0
    recalled = {"type": 0, "type, date": 0, "type, date, country": 0, "type, date, place": 0}
    for g, p in zip(golds, preds, strict=True):
        gold = g["gold"]
        relevant = bool(gold.get("relevant"))
        events_here = news_events(p)
        templates = list(gold.get("templates") or []) if relevant else []
        if relevant:
            muc_events = [e for e in events_here if muc_event(e)]
            n_relevant += 1
            n_events += len(events_here)
            n_muc_events += len(muc_events)
            n_templates += len(templates)
            n_required += sum(1 for t in templates if not t.get("optional_template"))
            recalled["type"] += templates_recalled(muc_events, templates, date=False, place="")
            recalled["type, date"] += templates_recalled(muc_events, templates, place="")
            recalled["type, date, country"] += templates_recalled(muc_events, templates, place="country")
            recalled["type, date, place"] += templates_recalled(muc_events, templates)
        event = best_event(p, muc_event, any_status=True)
        predicted = event is not None
        tp += relevant and predicted
        fp += (not relevant) and predicted
        fn += relevant and not predicted
        tn += (not relevant) and not predicted
        gold_types = muc_gold_types(gold) if relevant else set()
        pred_types = set(ACLED_TO_MUC[event["sub_event_type"]]) if event else set()
        type_ok = bool(gold_types & pred_types)
        if relevant and gold_types:
            type_n += 1
            type_hits += type_ok
            if predicted:
                type_n_rec += 1
                type_hits_rec += type_ok
        score = float(relevant == predicted) * (1.0 if not relevant or type_ok else 0.5)
        result.docs.append(
            DocScore(
                g["id"],
                score,
                ("relevant: " + "/".join(sorted(gold_types)) if relevant else "not relevant")
                + (f"; {len(templates)} templates" if relevant else ""),
                (f"{event['sub_event_type']} -> {'/'.join(sorted(pred_types))}" if event else "no MUC incident")
                + f"; {len(events_here)} asserted events",
            )
        )
    n = len(golds)
    result.n_docs = n
    result.metrics = prf_metrics("relevance", tp, fp, fn, n) + [
        Metric("relevance accuracy", ratio(tp + tn, n), n, key=False),
        Metric("incident type accuracy (relevant docs, missing = wrong)", ratio(type_hits, type_n), type_n),
        Metric(
            "incident type accuracy (docs predicted relevant)", ratio(type_hits_rec, type_n_rec), type_n_rec, key=False
        ),
        Metric("asserted events per relevant message", ratio(n_events, n_relevant), n_relevant, "", False),
        Metric(
            "asserted MUC-incident events per relevant message",
            ratio(n_muc_events, n_relevant),
            n_relevant,
            "",
            False,
            key=False,
        ),
        Metric("incident templates per relevant message", ratio(n_templates, n_relevant), n_relevant, ""),
    ]
    for agree, hits in recalled.items():
        result.metrics.append(
            Metric(f"template recall ({agree} agree)", ratio(hits, n_required), n_required, key=agree.endswith("place"))
        )
    result.notes.append(
        f"event level: {n_relevant} relevant messages, {n_events} asserted events ({n_muc_events} MUC incidents), "
        f"{n_templates} templates ({n_required} required, {n_templates - n_required} optional)."
    )
    return result


# --------------------------------------------------------------------------- IndiaPoliceEvents

IPE_LABELS = ("KILL", "ARREST", "FORCE")
IPE = "eval/indiapoliceevents.toml"

#: A police / state-forces actor, by name, when the category does not say so.
POLICE_NAME = word_pattern(lookups.word_list(IPE, "police_names"))
#: A killing word in an event's evidence.
KILL_WORDS = word_pattern(lookups.word_list(IPE, "kill_words"))
#: Event types of political violence: a police event of one of them is FORCE.
VIOLENT_EVENT_TYPES = lookups.words(IPE, "violent_event_types")
#: Event types whose police events are KILL when their evidence has a killing word.
KILL_WORD_EVENT_TYPES = lookups.words(IPE, "kill_word_event_types")
#: Sub-types that mean the police used force when they are the perpetrator.
FORCE_SUB_TYPES = lookups.words(IPE, "force_sub_types")
#: Event types of demonstrations: their state side is actor2 under ACLED's conventions (resolve/roles.py).
DEMONSTRATION_EVENT_TYPES = lookups.words(IPE, "demonstration_event_types")


def is_police(actor: dict | None) -> bool:
    """Whether a predicted event actor is police or other state forces."""
    if not actor:
        return False
    if actor.get("category") == "State Forces" or actor.get("inter") == 1:
        return True
    return any(POLICE_NAME.search(s or "") for s in (actor.get("name"), actor.get("canonical")))


def _police_events(record: dict) -> list[dict]:
    """Events police took part in as the acting side: their actor1, or the state side of a demonstration,
    which ACLED's conventions put in actor2 (Protesters vs police, Rioters vs police)."""
    return [
        e
        for e in asserted_events(record, any_status=True)
        if is_police(e.get("actor1"))
        or (e.get("event_type") in DEMONSTRATION_EVENT_TYPES and is_police(e.get("actor2")))
    ]


def ipe_labels(record: dict) -> dict[str, bool]:
    """Document-level IndiaPoliceEvents answers derived from predicted events.

    A police event has a police/state-forces actor1, or is a demonstration with police as actor2 (its
    state side under ACLED's conventions). KILL: an asserted police event with fatalities (best > 0) or a
    killing word in its evidence. ARREST: an asserted ``Arrests`` event (actor1 police, or no
    actor1: arrests are made by the state). FORCE: KILL, or an asserted event with police actor1
    whose sub-type is one of :data:`FORCE_SUB_TYPES` or whose event type is violent. The questions ask
    what police did at any time the passage tells of, so background events count too.
    """
    police = _police_events(record)
    kill = False
    for event in police:
        fat = event.get("fatalities") or {}
        evidence = " ".join(s.get("text") or "" for s in event.get("evidence") or [])
        if (fat.get("best") or 0) > 0 or (
            event.get("event_type") in KILL_WORD_EVENT_TYPES and KILL_WORDS.search(evidence)
        ):
            kill = True
    arrest = any(
        e.get("sub_event_type") == "Arrests" and (not e.get("actor1") or is_police(e.get("actor1")))
        for e in asserted_events(record, any_status=True)
    )
    force = kill or any(
        e.get("sub_event_type") in FORCE_SUB_TYPES or e.get("event_type") in VIOLENT_EVENT_TYPES for e in police
    )
    return {"KILL": kill, "ARREST": arrest, "FORCE": force}


def score_indiapoliceevents(golds: list[dict], preds: list[dict], dataset: str = "indiapoliceevents") -> TaskResult:
    """Document-level KILL / ARREST / FORCE P/R/F1 against ``gold.doc_answers``."""
    result = TaskResult(dataset, "events")
    counts = {label: [0, 0, 0] for label in IPE_LABELS}
    for g, p in zip(golds, preds, strict=True):
        answers = g["gold"].get("doc_answers") or {}
        predicted = ipe_labels(p)
        agree = 0
        for label in IPE_LABELS:
            gold_v, pred_v = bool(answers.get(label)), predicted[label]
            counts[label][0] += gold_v and pred_v
            counts[label][1] += pred_v and not gold_v
            counts[label][2] += gold_v and not pred_v
            agree += gold_v == pred_v
        result.docs.append(
            DocScore(
                g["id"],
                agree / len(IPE_LABELS),
                ",".join(lb for lb in IPE_LABELS if answers.get(lb)) or "-",
                ",".join(lb for lb in IPE_LABELS if predicted[lb]) or "-",
            )
        )
    n = len(golds)
    result.n_docs = n
    for label in IPE_LABELS:
        result.metrics += prf_metrics(label, *counts[label], n, key_pr=False)
    f1s = [result.metric(f"{label} F1").value for label in IPE_LABELS]
    known = [f for f in f1s if f is not None]
    result.metrics.append(Metric("macro F1 (KILL, ARREST, FORCE)", ratio(sum(known), len(known)), n))
    return result


# --------------------------------------------------------------------------- WikiEvents (KAIROS) and PLOVER

#: KAIROS event type prefix -> ACLED event types it is compatible with (``data/eval/kairos_acled.toml``;
#: a sanity mapping; the longest matching prefix wins; types not listed are ignored).
KAIROS_TO_ACLED: dict[str, frozenset[str]] = {
    prefix: frozenset(types) for prefix, types in lookups.word_map("eval/kairos_acled.toml", "kairos_to_acled").items()
}

#: PLOVER event category -> ACLED event types it is compatible with (``data/eval/plover_acled.toml``).
PLOVER_TO_ACLED: dict[str, frozenset[str]] = {
    category: frozenset(types)
    for category, types in lookups.word_map("eval/plover_acled.toml", "event_to_acled").items()
}


def kairos_acled(event_type: str) -> frozenset[str]:
    """ACLED event types for a KAIROS type (empty when the type has no counterpart)."""
    best = ""
    for prefix in KAIROS_TO_ACLED:
        if (event_type == prefix or event_type.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return KAIROS_TO_ACLED.get(best, frozenset())


def score_wikievents(golds: list[dict], preds: list[dict], dataset: str = "wikievents") -> TaskResult:
    """Document-level ACLED event-type agreement with the KAIROS events of WikiEvents.

    Gold: for each gold event with a mapped KAIROS type, its set of compatible ACLED types; a
    gold event is recalled when some asserted predicted event has one of those types. A predicted
    asserted event is correct (precision) when its type is compatible with some gold event.
    """
    result = TaskResult(dataset, "events")
    tp_r = n_gold = tp_p = n_pred = 0
    for g, p in zip(golds, preds, strict=True):
        gold_sets = [kairos_acled(e.get("event_type") or "") for e in g["gold"].get("events") or []]
        gold_sets = [s for s in gold_sets if s]
        pred_types = [e.get("event_type") for e in asserted_events(p)]
        compatible = set().union(*gold_sets) if gold_sets else set()
        recalled = sum(1 for s in gold_sets if s & set(pred_types))
        correct = sum(1 for t in pred_types if t in compatible)
        tp_r += recalled
        n_gold += len(gold_sets)
        tp_p += correct
        n_pred += len(pred_types)
        doc_r = ratio(recalled, len(gold_sets))
        doc_p = ratio(correct, len(pred_types))
        score = min(x for x in (doc_r, doc_p, 1.0) if x is not None)
        result.docs.append(
            DocScore(
                g["id"],
                score,
                short(", ".join(sorted({e.get("event_type", "") for e in g["gold"].get("events") or []})), 120),
                short(", ".join(f"{e.get('sub_event_type')}" for e in asserted_events(p)) or "-", 120),
            )
        )
    n = len(golds)
    result.n_docs = n
    p_, r_ = ratio(tp_p, n_pred), ratio(tp_r, n_gold)
    f = 2 * p_ * r_ / (p_ + r_) if p_ is not None and r_ is not None and p_ + r_ else (0.0 if p_ == 0 else None)
    result.metrics = [
        Metric("event type P (KAIROS->ACLED)", p_, n_pred),
        Metric("event type R (KAIROS->ACLED)", r_, n_gold),
        Metric("event type F1 (KAIROS->ACLED)", f, n),
    ]
    return result


def score_plover_events(golds: list[dict], preds: list[dict], dataset: str = "plover-gsr") -> TaskResult:
    """PLOVER GSR: PLOVER category accuracy of the most confident event, and the ACLED sanity
    agreement (its ACLED event type compatible with the gold category, for mapped categories).

    PLOVER codes offers, promises and threats as events (AGREE, THREATEN ...), so events of any
    modality are considered here, unlike the ACLED-based scorers.
    """
    result = TaskResult(dataset, "events")
    hits = acled_hits = acled_n = 0
    for g, p in zip(golds, preds, strict=True):
        gold = g["gold"].get("event") or ""
        event = best_event(p, any_modality=True)
        plover = ((event or {}).get("plover") or {}).get("event") or "-"
        hit = plover == gold
        hits += hit
        if gold in PLOVER_TO_ACLED:
            acled_n += 1
            acled_hits += bool(event) and event.get("event_type") in PLOVER_TO_ACLED[gold]
        result.docs.append(
            DocScore(
                g["id"],
                float(hit),
                gold,
                f"{plover} ({event.get('sub_event_type')})" if event else "no event",
            )
        )
    n = len(golds)
    result.n_docs = n
    result.metrics = [
        Metric("PLOVER category accuracy", ratio(hits, n), n),
        Metric("ACLED type compatible (mapped categories)", ratio(acled_hits, acled_n), acled_n),
    ]
    return result
