"""Score a wirecoder/1 record against a hand annotation in the seed's ``expected.json`` format.

The annotation's "about" field defines the matching: every expected event must
be matched by one extracted event, no ``must_not`` may match any extracted
event, and article/mention checks run on the article-level output. Each
top-level item is one check (the seed has 20); :func:`score` returns them by
name so a test can pin the ones that pass.
"""

from __future__ import annotations

import math
import re


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower()).strip()


def _matches(value: str | None, candidates: list[str]) -> bool:
    """True when a candidate equals the value or occurs in it as whole words."""
    v = _norm(value)
    if not v:
        return False
    for c in candidates:
        c = _norm(c)
        if v == c or re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", v):
            return True
    return False


def _actor_matches(actor: dict | None, candidates: list[str]) -> bool:
    return bool(actor) and (_matches(actor.get("name"), candidates) or _matches(actor.get("canonical"), candidates))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _near(obj: dict | None, near: dict) -> bool:
    if not obj or obj.get("lat") is None or obj.get("lon") is None:
        return False
    return _km(obj["lat"], obj["lon"], near["lat"], near["lon"]) <= near["max_km"]


def _within(value: str | None, lo: str, hi: str) -> bool:
    return value is not None and lo <= value <= hi


def event_failures(ev: dict, exp: dict) -> list[str]:
    """The constraints of ``exp`` that the extracted event ``ev`` does not meet."""
    fails = []
    for key in ("event_type", "sub_event_type", "modality"):
        if key in exp and ev.get(key) != exp[key]:
            fails.append(key)
    if "actor1_matches" in exp and not _actor_matches(ev.get("actor1"), exp["actor1_matches"]):
        fails.append("actor1")
    if "actor2_matches" in exp and not _actor_matches(ev.get("actor2"), exp["actor2_matches"]):
        fails.append("actor2")
    if "actor_pair_matches" in exp:
        actors = [a for a in [ev.get("actor1"), ev.get("actor2"), *(ev.get("associated_actors") or [])] if a]
        first, second = exp["actor_pair_matches"]
        ok = any(
            _actor_matches(a, first) and _actor_matches(b, second)
            for i, a in enumerate(actors)
            for j, b in enumerate(actors)
            if i != j
        )
        if not ok:
            fails.append("actor_pair")
    loc = ev.get("location") or {}
    if "country_code" in exp and loc.get("country_code") != exp["country_code"]:
        fails.append("country_code")
    if "country_code_any" in exp and loc.get("country_code") not in exp["country_code_any"]:
        fails.append("country_code_any")
    if "near" in exp and not _near(loc, exp["near"]):
        fails.append("near")
    if "date_within" in exp and not _within((ev.get("date") or {}).get("start"), *exp["date_within"]):
        fails.append("date")
    if "fatalities_best_within" in exp:
        best = (ev.get("fatalities") or {}).get("best")
        lo, hi = exp["fatalities_best_within"]
        if best is None or not lo <= best <= hi:
            fails.append("fatalities")
    if "attribution_matches" in exp and not _matches(
        (ev.get("attribution") or {}).get("source"), exp["attribution_matches"]
    ):
        fails.append("attribution")
    return fails


def must_not_matches(ev: dict, rule: dict) -> bool:
    """True when the extracted event breaks the must-not rule (meets all its conditions)."""
    if "modality" in rule and ev.get("modality") != rule["modality"]:
        return False
    if "sub_event_type" in rule and ev.get("sub_event_type") != rule["sub_event_type"]:
        return False
    if "actor1_matches" in rule and not _actor_matches(ev.get("actor1"), rule["actor1_matches"]):
        return False
    if "actor2_matches" in rule and not _actor_matches(ev.get("actor2"), rule["actor2_matches"]):
        return False
    if "any_actor_matches" in rule:
        actors = [ev.get("actor1"), ev.get("actor2"), *(ev.get("associated_actors") or [])]
        if not any(_actor_matches(a, rule["any_actor_matches"]) for a in actors):
            return False
    return "location_name_matches" not in rule or _matches(
        (ev.get("location") or {}).get("name"), rule["location_name_matches"]
    )


def score(record: dict, expected: dict) -> dict[str, tuple[bool, str]]:
    """Every check by name -> (passed, detail)."""
    out: dict[str, tuple[bool, str]] = {}
    art = record["article"]
    exp_art = expected.get("article", {})
    if "published" in exp_art:
        out["article.published"] = (art.get("published") == exp_art["published"], str(art.get("published")))
    if "title_contains" in exp_art:
        out["article.title"] = (exp_art["title_contains"] in (art.get("title") or ""), str(art.get("title")))

    events = record["events"]
    for exp in expected.get("events", []):
        best = min((event_failures(ev, exp) for ev in events), key=len, default=["no events"])
        out[f"event: {exp['label']}"] = (not best, "closest event misses " + ", ".join(best) if best else "matched")
    for rule in expected.get("must_not", []):
        bad = [ev for ev in events if must_not_matches(ev, rule)]
        out[f"must_not: {rule['label']}"] = (not bad, "; ".join(e.get("summary", "") for e in bad) or "ok")

    mentions = record["mentions"]
    for p in expected.get("mentions", {}).get("places", []):
        cands = [m for m in mentions["places"] if _norm(m["text"]) == _norm(p["text"])]
        ok = any(
            m.get("country_code") == p.get("country_code", m.get("country_code"))
            and ("near" not in p or _near(m, p["near"]))
            for m in cands
        )
        detail = "; ".join(f"{m.get('name')} {m.get('country_code')} {m.get('lat')},{m.get('lon')}" for m in cands)
        out[f"place: {p['text']}"] = (ok, detail or "not found")
    for t in expected.get("mentions", {}).get("times", []):
        cands = [m for m in mentions["times"] if _norm(t["text"]) in _norm(m["text"])]
        if "start" in t:
            ok = any(m.get("start_date") == t["start"] for m in cands)
        else:
            lo, hi = t["within"]
            ok = any(_within(m.get("start_date"), lo, hi) and _within(m.get("end_date"), lo, hi) for m in cands)
        detail = "; ".join(f"{m.get('start_date')}..{m.get('end_date')}" for m in cands)
        out[f"time: {t['text']}"] = (ok, detail or "not found")
    for q in expected.get("mentions", {}).get("quotes", []):
        cands = [m for m in mentions["quotes"] if q["text_contains"] in m["text"]]
        ok = any(_matches(m.get("speaker"), q["speaker_matches"]) for m in cands)
        out[f"quote: {q['text_contains'][:30]}"] = (ok, "; ".join(str(m.get("speaker")) for m in cands) or "not found")
    for a in expected.get("mentions", {}).get("actors", []):
        texts = {_norm(x) for x in a["text_any"]}
        cands = [m for m in mentions["actors"] if _norm(m["text"]) in texts]
        canon = {m.get("canonical") for m in cands}
        if a.get("same_canonical"):
            ok = len(cands) >= 2 and len(canon) == 1 and None not in canon
        else:
            ok = bool(cands) and all(_matches(c, a["canonical_matches"]) for c in canon)
        out[f"actors: {'/'.join(a['text_any'])}"] = (ok, ", ".join(sorted(map(str, canon))) or "not found")
    return out
