"""Actor scorers: MUC-4 perpetrator organisations and victims, PLOVER GSR actor country / sector.

The word lists and mappings are data files (``data/eval/muc4.toml``, ``data/eval/plover_acled.toml``).

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from functools import lru_cache

from .. import lookups
from .base import (
    DocScore,
    Metric,
    TaskResult,
    asserted_events,
    best_event,
    event_actor_names,
    names_match,
    norm,
    ratio,
    short,
    word_pattern,
)
from .events import muc_event

# --------------------------------------------------------------------------- MUC-4

MUC4 = "eval/muc4.toml"

#: Words that make an unresolved actor name an organisation (MUC-4's perpetrator organisation slot
#: holds named groups and state forces, not "unidentified men" or single people).
ORG_WORDS = word_pattern(lookups.word_list(MUC4, "perpetrator.org_words"))

#: Canonical names that are placeholders for unnamed actors ("Unidentified Armed Group (Peru)",
#: "Rebel Group (El Salvador)", "Civilians (Peru)").
GENERIC_CANONICAL = word_pattern(lookups.word_list(MUC4, "perpetrator.generic_canonical"), at_start=True)


#: Sub-event types whose actor1 stops or answers an attack (the defuser, the force retaking ground): their
#: perpetrator is actor2, the side whose attack or ground it was.
RESPONDER_TYPES = lookups.words(MUC4, "perpetrator.responder_types")


def perpetrator(event: dict) -> dict | None:
    """The actor of a predicted event read as MUC-4's perpetrator: actor1, or actor2 for a sub-type whose actor1
    is the side that stopped or answered the attack (:data:`RESPONDER_TYPES`)."""
    return event.get("actor2") if event.get("sub_event_type") in RESPONDER_TYPES else event.get("actor1")


def is_organisation(actor: dict | None) -> bool:
    """Whether a predicted event actor can fill MUC-4's perpetrator organisation slot: resolved to a
    knowledge-base entry that is not a placeholder (:data:`GENERIC_CANONICAL`), or named with an
    organisation word (:data:`ORG_WORDS`)."""
    if not actor:
        return False
    canonical = actor.get("canonical") or ""
    if canonical and not GENERIC_CANONICAL.match(canonical):
        return True
    return bool(ORG_WORDS.search(actor.get("name") or ""))


def _fillers(gold: dict, slots: tuple[str, ...]) -> list[dict]:
    """The string fillers of the given slots over all templates, one per distinct first string."""
    seen: set[str] = set()
    out: list[dict] = []
    for template in gold.get("templates") or []:
        for slot in slots:
            fillers = template.get(slot)
            if not isinstance(fillers, list):  # "*" = not applicable
                continue
            for filler in fillers:
                strings = [s for s in filler.get("strings") or [] if s]
                if not strings:
                    continue
                key = norm(strings[0])
                if key in seen:
                    continue
                seen.add(key)
                out.append(filler)
    return out


def _distinct(names_lists: list[list[str]]) -> list[list[str]]:
    seen: set[str] = set()
    out = []
    for names in names_lists:
        if not names:
            continue
        key = norm(names[-1])
        if key in seen:
            continue
        seen.add(key)
        out.append(names)
    return out


def _matches(names: list[str], filler: dict) -> bool:
    return any(names_match(n, s) for n in names for s in filler.get("strings") or [])


def score_muc4_actors(golds: list[dict], preds: list[dict], dataset: str = "muc4") -> TaskResult:
    """MUC-4 perpetrator organisation P/R/F1 and victim recall, per document, micro-averaged.

    Perpetrators: the actor1 of every asserted event that maps to a MUC-4 incident (actor2 for a sub-type whose
    actor1 stopped or answered the attack, :func:`perpetrator`) and that is an
    organisation (:func:`is_organisation`), against the
    ``perp_organization_id`` fillers of all templates (a filler's alternative strings all count;
    optional fillers may be matched but are not required). Victims: the actor2 of those events and the
    actors associated with it (ACLED's assoc_actor_2: "a judge and his two bodyguards" names three) against
    ``hum_tgt_name`` and ``hum_tgt_description`` fillers (recall only). Role assignment: of the
    required perpetrators that some actor mention of the article names, the share that is the actor1 of
    one of those events (any actor1, organisation or not): what role assignment loses of what the
    mention stages found.
    """
    result = TaskResult(dataset, "actors")
    p_tp = p_n = r_tp = r_n = 0
    v_tp = v_n = 0
    found_n = assigned_n = 0
    for g, p in zip(golds, preds, strict=True):
        gold = g["gold"]
        events = [e for e in asserted_events(p) if muc_event(e)]
        perps = _distinct([event_actor_names(a) for a in map(perpetrator, events) if is_organisation(a)])
        victims = [
            names
            for e in events
            for a in [e.get("actor2"), *(e.get("associated_actors_2") or [])]
            if (names := event_actor_names(a))
        ]  # (not deduplicated by canonical name: "Civilians (X)" stands for many different victims)
        orgs = _fillers(gold, ("perp_organization_id",))
        required = [f for f in orgs if not f.get("optional")]
        matched_preds = sum(1 for names in perps if any(_matches(names, f) for f in orgs))
        matched_gold = sum(1 for f in required if any(_matches(names, f) for names in perps))
        p_tp += matched_preds
        p_n += len(perps)
        r_tp += matched_gold
        r_n += len(required)
        mentioned = [
            [s for s in (m.get("text"), m.get("canonical")) if s] for m in (p.get("mentions") or {}).get("actors") or []
        ]
        agents = [event_actor_names(perpetrator(e)) for e in events]
        for f in required:
            if any(_matches(names, f) for names in mentioned):
                found_n += 1
                assigned_n += any(_matches(names, f) for names in agents)
        gold_victims = [f for f in _fillers(gold, ("hum_tgt_name", "hum_tgt_description")) if not f.get("optional")]
        v_hit = sum(1 for f in gold_victims if any(_matches(names, f) for names in victims))
        v_tp += v_hit
        v_n += len(gold_victims)
        doc_p = ratio(matched_preds, len(perps))
        doc_r = ratio(matched_gold, len(required))
        parts = [x for x in (doc_p, doc_r) if x is not None]
        result.docs.append(
            DocScore(
                g["id"],
                min(parts) if parts else 1.0,
                short("perp: " + " | ".join(f["strings"][0] for f in orgs), 120) if orgs else "perp: -",
                short("perp: " + " | ".join(n[-1] for n in perps), 120) if perps else "perp: -",
            )
        )
    result.n_docs = len(golds)
    precision, recall = ratio(p_tp, p_n), ratio(r_tp, r_n)
    f1 = (
        (2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        if precision is not None and recall is not None
        else None
    )
    result.metrics = [
        Metric("perpetrator organisation P", precision, p_n),
        Metric("perpetrator organisation R", recall, r_n),
        Metric("perpetrator organisation F1", f1, result.n_docs),
        Metric("victim recall (hum_tgt_name/description)", ratio(v_tp, v_n), v_n),
        Metric("perpetrators found as mentions (of required)", ratio(found_n, r_n), r_n),
        Metric("role assignment (found perpetrators that are an event's actor1)", ratio(assigned_n, found_n), found_n),
    ]
    return result


# --------------------------------------------------------------------------- PLOVER GSR

#: PLOVER / CAMEO actor sector -> the ACLED actor categories it is compatible with
#: (``data/eval/plover_acled.toml``, documented in docs/evaluation.md; sectors not listed are not scored).
SECTOR_TO_ACLED: dict[str, frozenset[str]] = {
    sector: frozenset(categories)
    for sector, categories in lookups.word_map("eval/plover_acled.toml", "sector_to_acled").items()
}


@lru_cache(maxsize=512)
def alpha2(code: str | None) -> str | None:
    """ISO 3166 alpha-2 for an alpha-3 (or alpha-2) code; None for IGO codes and unknown codes."""
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 2:
        return code
    try:
        import pycountry

        country = pycountry.countries.get(alpha_3=code)
    except (ImportError, KeyError, LookupError):
        return None
    return country.alpha_2 if country else None


def _sector(actor: dict) -> frozenset[str]:
    raw = (actor.get("sector") or "")[:3].upper()
    return SECTOR_TO_ACLED.get(raw, frozenset())


def score_plover_actors(golds: list[dict], preds: list[dict], dataset: str = "plover-gsr") -> TaskResult:
    """PLOVER GSR: country and sector agreement of the most confident event's actors (any modality,
    as in :func:`wirecoder.eval.events.score_plover_events`).

    Source actors are compared with actor1, target actors with actor2. Country: the predicted
    ISO alpha-2 country equals one gold actor's country (alpha-3 converted; IGO codes are not
    scored). Sector: the predicted ACLED category is compatible (:data:`SECTOR_TO_ACLED`) with
    one gold actor's sector. Each agreement is over the records whose gold has that field;
    a missing prediction is a disagreement.
    """
    result = TaskResult(dataset, "actors")
    counts = {k: [0, 0] for k in ("source country", "target country", "source sector", "target sector")}
    for g, p in zip(golds, preds, strict=True):
        gold = g["gold"]
        event = best_event(p, any_modality=True) or {}
        hits = total = 0
        gold_bits: list[str] = []
        pred_bits: list[str] = []
        for side, key in (("source", "actor1"), ("target", "actor2")):
            actors = gold.get(f"{side}_actors") or []
            pred = event.get(key) or {}
            countries = {c for c in (alpha2(a.get("code")) for a in actors) if c}
            sectors = frozenset().union(*(_sector(a) for a in actors)) if actors else frozenset()
            gold_bits.append(
                f"{side}: " + ", ".join(f"{a.get('actorText')} {a.get('code')}/{a.get('sector')}" for a in actors)
            )
            pred_bits.append(
                f"{key}: {pred.get('name')} {pred.get('country')}/{pred.get('category')}" if pred else f"{key}: -"
            )
            if countries:
                ok = (pred.get("country") or "").upper() in countries
                counts[f"{side} country"][0] += ok
                counts[f"{side} country"][1] += 1
                hits += ok
                total += 1
            if sectors:
                ok = pred.get("category") in sectors
                counts[f"{side} sector"][0] += ok
                counts[f"{side} sector"][1] += 1
                hits += ok
                total += 1
        result.docs.append(
            DocScore(
                g["id"],
                hits / total if total else 1.0,
                short("; ".join(gold_bits), 120),
                short("; ".join(pred_bits), 120),
            )
        )
    result.n_docs = len(golds)
    for name, (hit, n) in counts.items():
        result.metrics.append(Metric(f"{name} agreement", ratio(hit, n), n))
    return result
