"""Shared pieces of the scorers: result objects, counting helpers, string and distance matching.

Every scorer takes the gold records of one dataset (``../shared/data/<name>/dev.jsonl``
lines) and the ``wirecoder/1`` records the pipeline produced for them, in the same
order, and returns a :class:`TaskResult`: named metrics plus one
:class:`DocScore` per document for the error view.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import lookups
from .split import TUNE, in_part


@dataclass
class Metric:
    """One reported number.

    name (str): e.g. "weighted F1 (subtask 1)".
    value (float | None): the score; None when nothing could be scored.
    n (int): how many items (documents, toponyms, ...) it is computed over.
    unit (str): "%" (value in 0-1, printed as a percentage), "km", or "" (a plain number).
    higher_is_better (bool): direction, for the scoreboard.
    key (bool): shown on the scoreboard (all metrics are shown by ``wirecoder eval``).
    """

    name: str
    value: float | None
    n: int = 0
    unit: str = "%"
    higher_is_better: bool = True
    key: bool = True

    def formatted(self) -> str:
        """The value as printed on the scoreboard ("83.9", "294.7 km", "n/a")."""
        if self.value is None:
            return "n/a"
        if self.unit == "%":
            return f"{100 * self.value:.1f}"
        if self.unit == "km":
            return f"{self.value:.1f} km"
        return f"{self.value:.3g}"

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "n": self.n, "unit": self.unit, "key": self.key}


@dataclass
class DocScore:
    """How one document fared: a score in 0-1 (lower = worse) and short gold / predicted summaries."""

    id: str
    score: float
    gold: str
    pred: str
    text: str = ""  # the start of the document, for the error view


@dataclass
class TaskResult:
    """The outcome of scoring one task on one dataset."""

    dataset: str
    task: str
    metrics: list[Metric] = field(default_factory=list)
    docs: list[DocScore] = field(default_factory=list)
    n_docs: int = 0
    notes: list[str] = field(default_factory=list)

    def metric(self, name: str) -> Metric:
        """The metric called ``name`` (KeyError when absent)."""
        for m in self.metrics:
            if m.name == name:
                return m
        raise KeyError(name)

    def worst(self, n: int, part: str = TUNE) -> list[DocScore]:
        """The ``n`` lowest-scoring documents of a part of the dev set, ties in input order.

        part (str): "tune" (default: errors may only be read on tune documents, see
            :mod:`wirecoder.eval.split`), "check" or "all".
        """
        docs = [doc for doc in self.docs if in_part(doc.id, part)]
        order = sorted(range(len(docs)), key=lambda i: (docs[i].score, i))
        return [docs[i] for i in order[:n]]

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "task": self.task,
            "n_docs": self.n_docs,
            "metrics": [m.to_dict() for m in self.metrics],
            "notes": self.notes,
        }


def ratio(num: float, den: float) -> float | None:
    """num / den, None when den is 0."""
    return num / den if den else None


def prf(tp: float, fp: float, fn: float) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 from counts (None where undefined)."""
    p = ratio(tp, tp + fp)
    r = ratio(tp, tp + fn)
    f = ratio(2 * tp, 2 * tp + fp + fn)
    return p, r, f


def prf_metrics(prefix: str, tp: int, fp: int, fn: int, n: int, key_pr: bool = True) -> list[Metric]:
    """Three metrics "<prefix> P/R/F1" computed over ``n`` items (P and R on the scoreboard if ``key_pr``)."""
    p, r, f = prf(tp, fp, fn)
    return [
        Metric(f"{prefix} P", p, tp + fp, key=key_pr),
        Metric(f"{prefix} R", r, tp + fn, key=key_pr),
        Metric(f"{prefix} F1", f, n),
    ]


# --------------------------------------------------------------------------- predicted records


def asserted_events(record: dict, any_status: bool = False) -> list[dict]:
    """The predicted events a default export keeps: asserted, and reported in the article's window
    (not background, not an aggregate).

    any_status (bool): keep background and aggregate events too, for datasets that ask what a text says
        happened at any time (IndiaPoliceEvents: "Did police arrest someone?").
    """
    return [
        e for e in record.get("events") or []
        if (e.get("modality") or "asserted") == "asserted"
        and (any_status or e.get("status", "reported") == "reported")
    ]


def best_event(
    record: dict, predicate: Any = None, any_modality: bool = False, any_status: bool = False
) -> dict | None:
    """The most confident asserted event (optionally only those where ``predicate(event)`` is true).

    any_modality (bool): also consider hypothetical and future events (never negated ones).
    any_status (bool): also consider background and aggregate events (see :func:`asserted_events`).
    Ties keep the earlier event, so the choice is deterministic.
    """
    best = None
    candidates = (
        [e for e in record.get("events") or [] if e.get("modality") != "negated"]
        if any_modality
        else asserted_events(record, any_status=any_status)
    )
    for event in candidates:
        if predicate is not None and not predicate(event):
            continue
        if best is None or float(event.get("confidence") or 0) > float(best.get("confidence") or 0):
            best = event
    return best


def event_actor_names(actor: dict | None) -> list[str]:
    """The surface name and canonical name of a predicted event actor."""
    if not actor:
        return []
    return [s for s in (actor.get("name"), actor.get("canonical")) if s]


# --------------------------------------------------------------------------- strings

_ARTICLES = re.compile(r"\b(the|a|an)\b")
#: Words that give no letter to an acronym ("Ejercito de Liberacion Nacional" -> ELN).
ACRONYM_SKIP_WORDS = lookups.words("eval/muc4.toml", "names.acronym_skip_words")
_PUNCT = re.compile(r"[^\w\s]")


def norm(text: str | None) -> str:
    """Lower-case, drop punctuation and English articles, collapse spaces (the MUC/GTT normalisation)."""
    if not text:
        return ""
    text = _PUNCT.sub(" ", text.lower())
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def word_pattern(alternatives: tuple[str, ...], at_start: bool = False) -> re.Pattern:
    """A case-insensitive regex matching any of ``alternatives`` (regex fragments, tried in order) as a
    whole word: anywhere, or only at the start of the string when ``at_start``."""
    return re.compile(("^(" if at_start else r"\b(") + "|".join(alternatives) + r")\b", re.IGNORECASE)


def names_match(pred: str, gold: str) -> bool:
    """A predicted name matches a gold string when, normalised, they are equal or one contains
    the other as whole words (``FMLN`` ~ ``the FMLN guerrillas``), or the predicted string
    is the acronym of the gold one (initials of its words but :data:`ACRONYM_SKIP_WORDS`)."""
    p, g = norm(pred), norm(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    if f" {g} " in f" {p} " or f" {p} " in f" {g} ":
        return len(min(p, g, key=len)) >= 3
    words = [w for w in g.split() if w not in ACRONYM_SKIP_WORDS]
    acronym = "".join(w[0] for w in words)
    return len(acronym) >= 3 and p.replace(" ", "") == acronym


# --------------------------------------------------------------------------- spans and distances


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether [a_start, a_end) and [b_start, b_end) share at least one character."""
    return a_start < b_end and b_start < a_end


def short(text: str | None, limit: int = 60) -> str:
    """A one-line excerpt for tables."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
