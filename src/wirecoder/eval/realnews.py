"""realnews: real, full-length news articles hand-coded at event level, scored by the dataset's rule.

The gold (``../shared/data/realnews/dev.jsonl``, its README gives the format and the rule) lists, per
article, the events an ACLED coder would code (``gold.events``: required, or optional -- found counts
as correct, missed is not penalised) and the traps a coder must not code (``gold.must_not``, not scored
here: they are shown in the error view, to be read against the output).

The rule, as the README states it:

* A predicted event takes part when it is **asserted** (and, where the record says so, ``status``
  "reported": background events and aggregates are kept out of exports like non-asserted modalities).
* It is a *candidate* for a gold event of the same article when (1) its ``sub_event_type`` is the gold
  sub-type or one of ``compatible_sub_types`` (*strict*; the *lenient* variant also accepts the same
  ``event_type``), (2) its ``date.start`` is within ±1 day of a date in ``date_ok``, and (3) its point
  is within 50 km of the gold ``lat``/``lon``, or its ``location.name`` equals one of ``location_ok``
  after casefolding and stripping accents and punctuation (:func:`fold`).
* Candidate pairs are taken greedily, best first: exact sub-type, then required gold, then nearer date,
  then nearer place (ties: the more confident prediction, then the earlier prediction, then the earlier
  gold event); each gold event and each prediction at most once. A prediction left over that is a
  candidate for an already matched gold event is a *duplicate*; it counts as false like every other
  leftover.
* Precision = matched predictions / predictions (matches to optional gold count as correct); recall =
  matched required gold / required gold; F1 their harmonic mean.
* Over the strict matched pairs: sub-type exact; actor1 and actor2 (:func:`actor_ok`); location within
  50 km; ``date.start`` in ``date_ok``; fatalities (``best``, none = 0) in ``fatalities_ok`` or equal to
  ``fatalities``.
* The fatality ratio: the sum of ``fatalities.best`` over all predictions / the sum of ``fatalities``
  over required gold events. *Far off*: predictions with coordinates more than 500 km from every gold
  event point of their article (over located predictions of articles with gold events; predictions
  without coordinates, and those of articles without gold events, are counted apart).

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..gazetteer import haversine_km
from ..gazetteer.index import get_gazetteer
from .base import DocScore, Metric, TaskResult, asserted_events, ratio, short

#: A prediction within this distance of the gold point is in the right place.
NEAR_KM = 50.0
#: A prediction farther than this from every gold point of its article is far off (a wrong geocode).
FAR_KM = 500.0
#: A predicted date this many days from an accepted date still matches.
DATE_SLACK_DAYS = 1
STRICT, LENIENT = "strict", "lenient"
#: The reliability table has this many equal confidence bins over [0, 1] (the last one closed).
N_BINS = 10
#: The precision of predictions at least this confident is reported apart (the issue's 9 rows in 10).
HIGH_CONFIDENCE = 0.9

#: Apostrophes and the transliteration marks of ayn and hamza ("Ma'rib", "Ṣanʿāʾ"): dropped, not spaced.
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02b9\u02bb\u02bc\u02be\u02bf]")
_NON_WORD = re.compile(r"[\W_]+")


# --------------------------------------------------------------------------- normalisation


def fold(text: str | None) -> str:
    """Casefold, strip accents and punctuation: "Ma'rib" -> "marib", "Deir ez-Zor" -> "deir ez zor".

    Apostrophes and transliteration marks (ʿ ʾ) are dropped (they join a word), any other punctuation
    becomes a space, and runs of spaces collapse to one.
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).split())


def to_day(value: object) -> date | None:
    """A ``YYYY-MM-DD`` string (longer ISO strings: their first 10 characters) as a date, else None."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def news_events(record: dict) -> list[dict]:
    """The predicted events the rule scores: asserted, and reported news where the record has a
    ``status`` (not background events or aggregates, which default exports leave out too)."""
    return [e for e in asserted_events(record) if (e.get("status") or "reported") == "reported"]


def candidate_events(record: dict) -> list[dict]:
    """The scored events before the confidence floor: :func:`news_events` plus the asserted events the
    finalize stage set "uncertain" for their low confidence (what ``wirecoder calibrate`` fits on)."""
    scored = ("reported", "uncertain")
    return [e for e in asserted_events(record, any_status=True) if (e.get("status") or "reported") in scored]


def best_deaths(event: dict) -> int:
    """A predicted event's ``fatalities.best`` (none = 0)."""
    return int((event.get("fatalities") or {}).get("best") or 0)


# --------------------------------------------------------------------------- one pair


def date_gap(event: dict, gold: dict) -> int | None:
    """Days between the prediction's ``date.start`` and the nearest accepted gold date (None: no date)."""
    start = to_day((event.get("date") or {}).get("start"))
    accepted = [d for d in map(to_day, gold.get("date_ok") or [gold.get("date")]) if d]
    if start is None or not accepted:
        return None
    return min(abs((start - d).days) for d in accepted)


def distance_km(event: dict, gold: dict) -> float | None:
    """Great-circle distance from the predicted point to the gold point (None when either is missing)."""
    loc = event.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None or gold.get("lat") is None or gold.get("lon") is None:
        return None
    return haversine_km(float(loc["lat"]), float(loc["lon"]), float(gold["lat"]), float(gold["lon"]))


def place_named(event: dict, gold: dict) -> bool:
    """The predicted location name equals one of the gold ``location_ok`` names after :func:`fold`."""
    name = fold((event.get("location") or {}).get("name"))
    return bool(name) and name in {fold(x) for x in gold.get("location_ok") or []}


def type_ok(event: dict, gold: dict, lenient: bool = False) -> bool:
    """The predicted sub-type is the gold one or compatible with it (lenient: or the same event type)."""
    sub = event.get("sub_event_type")
    if sub == gold.get("sub_event_type") or sub in (gold.get("compatible_sub_types") or []):
        return True
    return lenient and bool(event.get("event_type")) and event.get("event_type") == gold.get("event_type")


def candidate_key(event: dict, gold: dict, lenient: bool = False) -> tuple | None:
    """None when the pair does not match under the rule, else its greedy sort key (smaller = better):
    (not exact sub-type, not required, date gap, distance, minus confidence). The README's order ends
    with the distance; of two predictions equal on all of it, the more confident one is matched (the
    other becomes the duplicate), so field accuracy is measured on the row the coder ranks first."""
    if not type_ok(event, gold, lenient):
        return None
    gap = date_gap(event, gold)
    if gap is None or gap > DATE_SLACK_DAYS:
        return None
    km = distance_km(event, gold)
    if not ((km is not None and km <= NEAR_KM) or place_named(event, gold)):
        return None
    return (
        event.get("sub_event_type") != gold.get("sub_event_type"),
        not gold.get("required"),
        gap,
        km if km is not None else float("inf"),
        -float(event.get("confidence") or 0.0),
    )


def greedy_match(candidates: Iterable[tuple[tuple, int, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """One-to-one greedy matching of (key, prediction index, gold index) candidates, smallest key first
    (equal keys: earlier prediction, then earlier gold).

    RETURNS (tuple): (matches {prediction: gold}, duplicates {left-over prediction: the matched gold
        it is a candidate for (the best such)}).
    """
    ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[2]))
    matches: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in ordered:
        if i not in matches and j not in taken:
            matches[i] = j
            taken.add(j)
    duplicates: dict[int, int] = {}
    for _, i, j in ordered:
        if i not in matches and i not in duplicates and j in taken:
            duplicates[i] = j
    return matches, duplicates


def match_article(
    events: list[dict], golds: list[dict], lenient: bool = False
) -> tuple[dict[int, int], dict[int, int]]:
    """The rule's matching of one article's predictions to its gold events (indices into the lists)."""
    return greedy_match(
        (key, i, j)
        for i, event in enumerate(events)
        for j, gold in enumerate(golds)
        if (key := candidate_key(event, gold, lenient)) is not None
    )


def _contains_on_words(a: str, b: str) -> bool:
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def actor_ok(actor: dict | None, gold_name: str | None, accepted: list[str] | None) -> bool:
    """A predicted actor agrees with the gold: its name or canonical name contains, or is contained in,
    the gold name or one of the accepted names (folded, on word boundaries). A missing actor agrees
    only when the gold has none or the accepted names include ""."""
    names = [fold(gold_name)] + [fold(x) for x in accepted or []]
    predicted = {fold((actor or {}).get(k)) for k in ("name", "canonical")} - {""}
    if not predicted:
        return not names[0] or "" in names
    return any(_contains_on_words(p, g) for p in predicted for g in names if g)


def field_checks(event: dict, gold: dict) -> dict[str, bool]:
    """Per-field agreement of a matched pair (the README's field accuracies)."""
    km = distance_km(event, gold)
    accepted = {d for d in map(to_day, gold.get("date_ok") or [gold.get("date")]) if d}
    deaths_ok = set(gold.get("fatalities_ok") or []) | {gold.get("fatalities")}
    return {
        "sub-type exact": event.get("sub_event_type") == gold.get("sub_event_type"),
        "actor1": actor_ok(event.get("actor1"), gold.get("actor1"), gold.get("actor1_ok")),
        "actor2": actor_ok(event.get("actor2"), gold.get("actor2"), gold.get("actor2_ok")),
        "location within 50 km": km is not None and km <= NEAR_KM,
        "date in date_ok": to_day((event.get("date") or {}).get("start")) in accepted,
        "fatalities": best_deaths(event) in deaths_ok,
    }


FIELDS = tuple(field_checks({}, {}))


# --------------------------------------------------------------------------- reliability


@dataclass
class Bin:
    """One bin of the reliability table: predictions with ``lo <= confidence < hi`` (the last bin
    includes 1) and how many of them matched a gold event."""

    lo: float
    hi: float
    n: int = 0
    matched: int = 0

    @property
    def label(self) -> str:
        """"[0.9-1]", "[0.3-0.4)"."""
        close = "]" if self.hi >= 1.0 else ")"
        return f"[{self.lo:g}-{self.hi:g}{close}"

    @property
    def share(self) -> float | None:
        """Matched share (None for an empty bin)."""
        return ratio(self.matched, self.n)


def bin_index(conf: float, n_bins: int = N_BINS) -> int:
    """The bin of a confidence: ``floor(conf * n_bins)``, clipped to the bins (1.0 is in the last one)."""
    return max(0, min(n_bins - 1, int(round(float(conf) * n_bins, 9))))


def reliability(pairs: Iterable[tuple[float, bool]], n_bins: int = N_BINS) -> list[Bin]:
    """The reliability table of (confidence, real) pairs: one :class:`Bin` per tenth (default)."""
    bins = [Bin(k / n_bins, (k + 1) / n_bins) for k in range(n_bins)]
    for conf, real in pairs:
        b = bins[bin_index(conf, n_bins)]
        b.n += 1
        b.matched += bool(real)
    return bins


def precision_above(pairs: Iterable[tuple[float, bool]], threshold: float = HIGH_CONFIDENCE) -> tuple[int, int]:
    """(real, total) over the pairs whose confidence is at least ``threshold``."""
    chosen = [real for conf, real in pairs if float(conf) >= threshold]
    return sum(map(bool, chosen)), len(chosen)


def reliability_text(bins: list[Bin]) -> str:
    """The table on one line: "[0-0.1) 3/40 · ... · [0.9-1] 9/10"."""
    return " · ".join(f"{b.label} {b.matched}/{b.n}" for b in bins)


def strict_labels(golds: list[dict], preds: list[dict], predicate: Callable[[dict], list[dict]] = news_events
                  ) -> list[list[tuple[dict, bool]]]:
    """Per article, each scored prediction and whether the strict rule matched it (a duplicate or any other
    leftover is False): the labels of the reliability table and of ``wirecoder calibrate``."""
    out = []
    for g, p in zip(golds, preds, strict=True):
        events = predicate(p)
        matches, _ = match_article(events, list((g.get("gold") or {}).get("events") or []))
        out.append([(event, i in matches) for i, event in enumerate(events)])
    return out


def reliability_metrics(pairs: list[tuple[float, bool]]) -> list[Metric]:
    """The reliability table as metrics (one per bin: the matched share, over the bin's predictions), the
    precision at confidence >= :data:`HIGH_CONFIDENCE` and the Brier score (mean squared difference of
    confidence and outcome: 0 is perfect, lower is better)."""
    real, total = precision_above(pairs)
    brier = ratio(sum((float(c) - bool(r)) ** 2 for c, r in pairs), len(pairs))
    out = [
        Metric(f"precision at confidence >= {HIGH_CONFIDENCE:g} (strict)", ratio(real, total), total),
        Metric("Brier score of the confidence (strict)", brier, len(pairs), "", False, key=False),
    ]
    out += [
        Metric(f"reliability {b.label}: matched share (strict)", b.share, b.n, key=False)
        for b in reliability(pairs)
    ]
    return out


# --------------------------------------------------------------------------- the error view


def describe_gold(gold: dict) -> str:
    """One gold event on a line: id, sub-type, date, place, actors, deaths."""
    gid = str(gold.get("gid", "")).rsplit("-", 1)[-1]
    opt = "" if gold.get("required") else " (optional)"
    return (
        f"{gid}{opt} {gold.get('sub_event_type')} | {gold.get('date')} | {short(gold.get('location'), 40)} | "
        f"{gold.get('actor1') or '-'} / {gold.get('actor2') or '-'} | {gold.get('fatalities', 0)} dead"
    )


def _actor_text(actor: dict | None) -> str:
    if not actor:
        return "-"
    name, canonical = actor.get("name") or "", actor.get("canonical") or ""
    return name if not canonical or fold(canonical) == fold(name) else f"{name} [{canonical}]"


def describe_event(event: dict) -> str:
    """One predicted event on a line: sub-type, date, place, actors, deaths, confidence."""
    loc = event.get("location") or {}
    place = f"{loc.get('name')} ({loc.get('country_code') or '?'})" if loc else "-"
    conf = event.get("confidence")
    return (
        f"{event.get('sub_event_type')} | {(event.get('date') or {}).get('start') or '-'} | {place} | "
        f"{_actor_text(event.get('actor1'))} / {_actor_text(event.get('actor2'))} | {best_deaths(event)} dead"
        + (f" | conf {conf:.2f}" if isinstance(conf, int | float) else "")
    )


@dataclass
class ArticleScore(DocScore):
    """A realnews article in the error view: the gold events and the predictions side by side.

    rows (list[tuple[str, str, str]]): (status, gold event, predicted event), one row per matched pair,
        missed gold event, duplicate and other false prediction, then the article's must-nots.
    """

    rows: list[tuple[str, str, str]] = field(default_factory=list)


def _article_rows(
    events: list[dict], golds: list[dict], matches: dict[int, int], duplicates: dict[int, int], must_not: list[dict]
) -> list[tuple[str, str, str]]:
    by_gold = {j: i for i, j in matches.items()}
    rows: list[tuple[str, str, str]] = []
    for j, gold in enumerate(golds):
        if j in by_gold:
            event = events[by_gold[j]]
            wrong = [name for name, ok in field_checks(event, gold).items() if not ok]
            rows.append(
                (
                    "match" + (f"; wrong: {', '.join(wrong)}" if wrong else ""),
                    describe_gold(gold),
                    describe_event(event),
                )
            )
        else:
            rows.append(("missed" if gold.get("required") else "missed (optional)", describe_gold(gold), "-"))
    for i, event in enumerate(events):
        if i in duplicates:
            gid = str(golds[duplicates[i]].get("gid", "")).rsplit("-", 1)[-1]
            rows.append((f"duplicate of {gid}", "-", describe_event(event)))
        elif i not in matches:
            rows.append(("false", "-", describe_event(event)))
    if must_not:
        traps = "\n".join(f"{short(m.get('what'), 90)} ({short(m.get('why'), 40)})" for m in must_not)
        rows.append(("must not", traps, "(read the false rows against these)"))
    return rows


# --------------------------------------------------------------------------- the scorer


@dataclass
class _Tally:
    """Counts of one matching mode over the articles."""

    matched: int = 0
    found: int = 0  # required gold events matched
    optional: int = 0  # optional gold events matched
    duplicates: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {name: [0, 0] for name in FIELDS})


def prf_events(matched: int, n_pred: int, found: int, n_required: int) -> tuple[float | None, ...]:
    """Precision (matched / predictions), recall (found / required) and their F1 (None where undefined;
    F1 is 0 when there are required events and no prediction)."""
    p, r = ratio(matched, n_pred), ratio(found, n_required)
    if r is None:
        return p, r, None
    if p is None or p + r == 0:
        return p, r, 0.0
    return p, r, 2 * p * r / (p + r)


def _article_score(matched: int, n_pred: int, found: int, n_required: int) -> float:
    """An article's score for the error view: its strict F1, with nothing to find and nothing predicted = 1."""
    p, r, f = prf_events(matched, n_pred, found, n_required)
    if f is not None:
        return f
    return p if p is not None else 1.0


def score_realnews(
    golds: list[dict],
    preds: list[dict],
    dataset: str = "realnews",
    predicate: Callable[[dict], list[dict]] = news_events,
) -> TaskResult:
    """Event precision, recall and F1 (strict and lenient), duplicates, field accuracy over matched pairs,
    the predicted / gold fatality ratio and the far-off share, by the rule of the realnews README.

    predicate: which predicted events of a record are scored (default :func:`news_events`).
    """
    result = TaskResult(dataset, "events")
    tallies = {STRICT: _Tally(), LENIENT: _Tally()}
    n_pred = n_required = n_optional = 0
    pred_deaths = gold_deaths = optional_deaths = 0
    located = far = no_point = no_gold = 0
    wrong_country = 0
    gazetteer = get_gazetteer()
    confident: list[tuple[float, bool]] = []  # (confidence, strictly matched) per prediction
    for g, p in zip(golds, preds, strict=True):
        gold_events = list((g.get("gold") or {}).get("events") or [])
        events = predicate(p)
        required = sum(1 for x in gold_events if x.get("required"))
        n_pred += len(events)
        n_required += required
        n_optional += len(gold_events) - required
        pred_deaths += sum(best_deaths(e) for e in events)
        gold_deaths += sum(int(x.get("fatalities") or 0) for x in gold_events if x.get("required"))
        points = [(x["lat"], x["lon"]) for x in gold_events if x.get("lat") is not None and x.get("lon") is not None]
        countries = {gazetteer.country_at(la, lo) for la, lo in points} - {None}
        for event in events:
            loc = event.get("location") or {}
            if loc.get("lat") is None or loc.get("lon") is None:
                no_point += 1
            elif not points:
                no_gold += 1
            else:
                located += 1
                far += min(haversine_km(loc["lat"], loc["lon"], la, lo) for la, lo in points) > FAR_KM
                wrong_country += bool(countries) and loc.get("country_code") not in countries
        for mode, tally in tallies.items():
            matches, duplicates = match_article(events, gold_events, lenient=mode == LENIENT)
            found = sum(1 for j in matches.values() if gold_events[j].get("required"))
            tally.matched += len(matches)
            tally.found += found
            tally.optional += len(matches) - found
            tally.duplicates += len(duplicates)
            for i, j in matches.items():
                for name, ok in field_checks(events[i], gold_events[j]).items():
                    tally.fields[name][0] += ok
                    tally.fields[name][1] += 1
            if mode == STRICT:
                optional = [i for i, j in matches.items() if not gold_events[j].get("required")]
                optional_deaths += sum(best_deaths(events[i]) for i in optional)
                confident += [(float(e.get("confidence") or 0.0), i in matches) for i, e in enumerate(events)]
                result.docs.append(
                    ArticleScore(
                        str(g.get("id")),
                        _article_score(len(matches), len(events), found, required),
                        f"{required} required + {len(gold_events) - required} optional events",
                        f"{len(events)} events: {len(matches)} matched, {len(duplicates)} duplicates, "
                        f"{len(events) - len(matches) - len(duplicates)} other false",
                        short(g.get("title"), 120),
                        rows=_article_rows(
                            events, gold_events, matches, duplicates, (g.get("gold") or {}).get("must_not") or []
                        ),
                    )
                )
    result.n_docs = len(golds)
    strict = tallies[STRICT]
    for mode, tally in tallies.items():
        p, r, f = prf_events(tally.matched, n_pred, tally.found, n_required)
        key = mode == STRICT
        result.metrics += [
            Metric(f"event P ({mode})", p, n_pred, key=key),
            Metric(f"event R ({mode})", r, n_required, key=key),
            Metric(f"event F1 ({mode})", f, len(golds), key=key),
        ]
    result.metrics += [
        Metric("duplicates (share of predicted events, strict)", ratio(strict.duplicates, n_pred), n_pred, "%", False),
        Metric(
            "other false (share of predicted events, strict)",
            ratio(n_pred - strict.matched - strict.duplicates, n_pred),
            n_pred,
            "%",
            False,
            key=False,
        ),
        Metric("fatality ratio (predicted / gold)", ratio(pred_deaths, gold_deaths), n_required, ""),
        # the README's ratio counts the tolls of predictions matched to optional gold events, whose deaths the
        # denominator leaves out: this one leaves them out of both sides (a diagnostic, not the README's figure)
        Metric(
            "fatality ratio without optional-matched predictions",
            ratio(pred_deaths - optional_deaths, gold_deaths),
            n_required,
            "",
            key=False,
        ),
    ]
    for name, (ok, n) in strict.fields.items():
        result.metrics.append(Metric(f"{name} (strict matches)", ratio(ok, n), n, key=False))
    result.metrics += [
        Metric(f"far off > {FAR_KM:.0f} km (located predictions)", ratio(far, located), located, "%", False, key=False),
        Metric("wrong country (located predictions)", ratio(wrong_country, located), located, "%", False),
        Metric("predictions without coordinates", ratio(no_point, n_pred), n_pred, "%", False, key=False),
    ]
    result.metrics += reliability_metrics(confident)
    result.notes.append(
        f"{result.n_docs} articles; gold events {n_required} required + {n_optional} optional; {n_pred} predicted "
        "(asserted, reported) events."
    )
    for mode, tally in tallies.items():
        result.notes.append(
            f"{mode}: {tally.matched} matched ({tally.found} required, {tally.optional} optional), "
            f"{tally.duplicates} duplicates, {n_pred - tally.matched - tally.duplicates} other false."
        )
    result.notes.append(
        f"fatalities: {pred_deaths} predicted / {gold_deaths} gold (required events); far off: {far} of {located} "
        f"located predictions; {no_point} predictions without coordinates, {no_gold} in articles without gold "
        "events. Must-nots are not scored: "
        "read them in the error view (--errors N)."
    )
    result.notes.append(f"reliability (strict matched / predictions per confidence bin): "
                        f"{reliability_text(reliability(confident))}")
    return result
