"""MUC-4 fatalities and incident dates.

Gold deaths of a document: for every template, every human target whose ``hum_tgt_effect``
includes DEATH contributes its ``hum_tgt_number`` (matched through ``refers_to``); numbers are
read as written (``6``, ``~30`` = 30, ``57-`` = at least 57, ``-80`` = at most 80; the first
alternative that is a number is taken); the document total is the sum over templates. A
document whose dead targets have no numeric count (``PLURAL``) is not scored for deaths.

Predicted deaths: the sum of ``fatalities.best`` over asserted events that map to a MUC-4
incident (:data:`wirecoder.eval.events.ACLED_TO_MUC`).

Incident date: the ``date.start`` of the most confident asserted MUC event lies within one
template's ``incident_date`` range (open bounds allowed).

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import re

from .base import DocScore, Metric, TaskResult, asserted_events, best_event, norm, ratio
from .events import muc_event

_NUMBER = re.compile(r"^[~-]?\s*(\d+)\s*-?$")


def parse_count(value: str) -> int | None:
    """A MUC-4 number filler as an int ("6", "~30", "57-", "-80"); None for PLURAL and the like."""
    m = _NUMBER.match(str(value).strip())
    return int(m.group(1)) if m else None


def _refs(filler: dict) -> set[str]:
    return {norm(r) for r in filler.get("refers_to") or [] if r}


def gold_deaths(gold: dict) -> int | None:
    """The number of people killed according to the MUC-4 templates (None when not numeric).

    RETURNS (int | None): 0 when no target died; None when some dead target's count is unknown.
    """
    total = 0
    for template in gold.get("templates") or []:
        effects = template.get("hum_tgt_effect")
        numbers = template.get("hum_tgt_number")
        if not isinstance(effects, list):
            continue
        numbers = numbers if isinstance(numbers, list) else []
        counted: set[frozenset[str]] = set()
        for effect in effects:
            if "DEATH" not in (effect.get("values") or []):
                continue
            refs = _refs(effect)
            number = next((x for x in numbers if refs & _refs(x)), None)
            if number is None:
                return None
            key = frozenset(_refs(number))
            if key in counted:
                continue
            count = next((c for c in map(parse_count, number.get("values") or []) if c is not None), None)
            if count is None:
                return None
            counted.add(key)
            total += count
    return total


def predicted_deaths(record: dict) -> int:
    """Sum of ``fatalities.best`` over asserted events that map to a MUC-4 incident."""
    total = 0
    for event in asserted_events(record):
        if muc_event(event):
            total += int((event.get("fatalities") or {}).get("best") or 0)
    return total


def _date_ok(pred: str | None, gold: dict) -> bool:
    if not pred:
        return False
    for template in gold.get("templates") or []:
        date = template.get("incident_date") or {}
        for alt in date.get("alternatives") or []:
            lo, hi = alt.get("on_or_after"), alt.get("on_or_before")
            if (lo or hi) and (lo is None or pred >= lo) and (hi is None or pred <= hi):
                return True
    return False


def _has_gold_date(gold: dict) -> bool:
    return any(
        alt.get("on_or_after") or alt.get("on_or_before")
        for t in gold.get("templates") or []
        for alt in (t.get("incident_date") or {}).get("alternatives") or []
    )


def score_fatalities(golds: list[dict], preds: list[dict], dataset: str = "muc4") -> TaskResult:
    """Deaths exact / within +-20% on documents with at least one (numerically counted) death,
    the false-fatality rate on relevant documents without deaths, and incident-date accuracy."""
    result = TaskResult(dataset, "fatalities")
    n = exact = near = 0
    zero_n = zero_fp = 0
    d_n = d_hit = d_rec_n = d_rec_hit = 0
    abs_err: list[int] = []
    for g, p in zip(golds, preds, strict=True):
        gold = g["gold"]
        if not gold.get("relevant"):
            continue
        deaths = gold_deaths(gold)
        pred = predicted_deaths(p)
        event = best_event(p, muc_event)
        pred_date = ((event or {}).get("date") or {}).get("start")
        date_ok = _date_ok(pred_date, gold)
        if _has_gold_date(gold):
            d_n += 1
            d_hit += date_ok
            if pred_date:
                d_rec_n += 1
                d_rec_hit += date_ok
        score = 1.0
        if deaths is not None and deaths > 0:
            n += 1
            exact += pred == deaths
            ok = abs(pred - deaths) <= 0.2 * deaths
            near += ok
            abs_err.append(abs(pred - deaths))
            score = 1.0 if pred == deaths else 0.5 if ok else 0.0
        elif deaths == 0:
            zero_n += 1
            zero_fp += pred > 0
            score = float(pred == 0)
        dates = "; ".join((t.get("incident_date") or {}).get("raw") or "-" for t in gold.get("templates") or [])
        result.docs.append(
            DocScore(
                g["id"],
                score * (1.0 if date_ok or not _has_gold_date(gold) else 0.75),
                f"deaths {deaths if deaths is not None else '?'}; date {dates}",
                f"deaths {pred}; date {pred_date or '-'}",
            )
        )
    result.n_docs = len(result.docs)
    result.metrics = [
        Metric("deaths exact (docs with deaths)", ratio(exact, n), n),
        Metric("deaths within ±20% (docs with deaths)", ratio(near, n), n),
        Metric("mean absolute death error", ratio(sum(abs_err), len(abs_err)), n, "", False, key=False),
        Metric("deaths reported where gold has none (relevant docs)", ratio(zero_fp, zero_n), zero_n, "%", False),
        Metric("incident date within gold range (missing = wrong)", ratio(d_hit, d_n), d_n),
        Metric("incident date within gold range (dated predictions)", ratio(d_rec_hit, d_rec_n), d_rec_n, key=False),
    ]
    return result
