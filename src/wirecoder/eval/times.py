"""Temporal-expression scorer (TempEval-3): DATE span recall and normalised value accuracy.

Gold: ``gold.timexes`` of type DATE (the document creation time is not in the text and is
not scored). Predicted: ``mentions.times``. A gold DATE is *found* (relaxed) when a predicted
time mention overlaps it, *exact* when the spans are equal. Its value is right when the
predicted ``value`` equals the gold TIMEX3 ``value`` (``1998-01-14``, ``1998-W02``, ``1998-01``,
``PRESENT_REF`` ...), compared case-insensitively.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from .base import DocScore, Metric, TaskResult, overlaps, prf, ratio, short


def _match(gold: dict, times: list[dict]) -> dict | None:
    cands = [t for t in times if overlaps(gold["start"], gold["end"], t.get("start", -1), t.get("end", -1))]
    if not cands:
        return None
    cands.sort(
        key=lambda t: (
            not (t.get("start") == gold["start"] and t.get("end") == gold["end"]),
            abs(t.get("start", 0) - gold["start"]),
        )
    )
    return cands[0]


def _same_value(gold: str | None, pred: str | None) -> bool:
    return bool(gold) and bool(pred) and str(gold).upper() == str(pred).upper()


def score_times(golds: list[dict], preds: list[dict], dataset: str = "tempeval3") -> TaskResult:
    """DATE span recall (relaxed/strict), span precision against all gold timexes, value accuracy."""
    result = TaskResult(dataset, "times")
    n_gold = found = exact = value_hits = 0
    n_pred = pred_ok = 0
    for g, p in zip(golds, preds, strict=True):
        timexes = g["gold"].get("timexes") or []
        times = (p.get("mentions") or {}).get("times") or []
        n_pred += len(times)
        pred_ok += sum(1 for t in times if any(overlaps(x["start"], x["end"], t["start"], t["end"]) for x in timexes))
        doc_n = doc_ok = 0
        wrong: list[str] = []
        for x in timexes:
            if x.get("type") != "DATE":
                continue
            n_gold += 1
            doc_n += 1
            m = _match(x, times)
            if m is None:
                wrong.append(f"{x['text']}={x.get('value')}: missed")
                continue
            found += 1
            exact += m.get("start") == x["start"] and m.get("end") == x["end"]
            if _same_value(x.get("value"), m.get("value")):
                value_hits += 1
                doc_ok += 1
            else:
                wrong.append(f"{x['text']}={x.get('value')}: {m.get('text')}={m.get('value')}")
        result.docs.append(
            DocScore(
                g["id"],
                doc_ok / doc_n if doc_n else 1.0,
                f"{doc_n} DATE timexes",
                short(f"{doc_ok} right; " + "; ".join(wrong), 200),
            )
        )
    result.n_docs = len(golds)
    recall = ratio(found, n_gold)
    precision = ratio(pred_ok, n_pred)
    value_r = ratio(value_hits, n_gold)
    _, _, span_f1 = prf(pred_ok, n_pred - pred_ok, n_gold - found) if n_gold else (None, None, None)
    result.metrics = [
        Metric("DATE span recall (relaxed)", recall, n_gold),
        Metric("DATE span recall (strict)", ratio(exact, n_gold), n_gold),
        Metric("time span precision (relaxed, vs all timexes)", precision, n_pred, key=False),
        Metric("DATE span F1 (relaxed)", span_f1, n_gold, key=False),
        Metric("DATE value accuracy (all gold DATEs, missing = wrong)", value_r, n_gold),
        Metric("DATE value accuracy (found)", ratio(value_hits, found), found),
    ]
    return result
