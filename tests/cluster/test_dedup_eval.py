"""The MUC-4 deduplication scorer (eval/dedup.py): the gold rule, pairwise and B-cubed, and a tiny corpus
scored end to end through an in-memory store."""

from __future__ import annotations

import pytest

from wirecoder.eval import dedup


def template(day: str, place: str, target: str, kind: str = "BOMBING", perp: str = "") -> dict:
    return {
        "incident_type": [{"values": [kind]}],
        "incident_date": {"alternatives": [{"on_or_after": day, "on_or_before": day}]},
        "incident_location": {
            "alternatives": [[{"name": "COLOMBIA", "type": "COUNTRY"}, {"name": place, "type": "CITY"}]]
        },
        "phys_tgt_id": [{"strings": [target]}] if target else [],
        "perp_organization_id": [{"strings": [perp]}] if perp else [],
    }


def test_gold_rule_needs_type_date_place_and_a_shared_target_or_perpetrator():
    a = template("1989-09-02", "BOGOTA", "EL ESPECTADOR NEWSPAPER")
    assert dedup.same_incident(a, template("1989-09-02", "BOGOTA", "EL ESPECTADOR"))
    assert not dedup.same_incident(a, template("1989-09-02", "BOGOTA", "EL ESPECTADOR", kind="KIDNAPPING"))
    assert not dedup.same_incident(a, template("1989-09-20", "BOGOTA", "EL ESPECTADOR"))
    assert not dedup.same_incident(a, template("1989-09-02", "MEDELLIN", "EL ESPECTADOR"))
    assert not dedup.same_incident(a, template("1989-09-02", "BOGOTA", "BANK BRANCH"))
    by_perp = template("1989-09-02", "BOGOTA", "BANK BRANCH", perp="EXTRADITABLES")
    assert dedup.same_incident(by_perp, template("1989-09-02", "BOGOTA", "", perp="THE EXTRADITABLES"))


def test_pairwise_and_bcubed_by_hand():
    gold = [0, 0, 1, 2]
    pred = ["x", "x", "x", "y"]
    docs = ["d1", "d2", "d3", "d4"]
    assert dedup.pairwise(gold, pred, docs) == (1, 2, 0)  # (0,1) right; (0,2), (1,2) wrong
    p, r, f = dedup.bcubed(gold, pred)
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4) and r == 1.0
    assert f == pytest.approx(2 * p * r / (p + r))
    comp = dedup.components(4, [(0, 1), (1, 2)])
    assert comp[0] == comp[1] == comp[2] != comp[3]


def _record(aid: str, place: str, lat: float, lon: float, text: str) -> dict:
    event = {
        "id": f"{aid}-e1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
        "modality": "asserted",
        "status": "reported",
        "date": {"start": "1989-09-02", "end": "1989-09-02", "precision": 1},
        "actor1": None,
        "actor2": None,
        "associated_actors": [],
        "location": {
            "name": place,
            "geonames_id": None,
            "lat": lat,
            "lon": lon,
            "country_code": "CO",
            "admin1": place,
            "precision": 1,
        },
        "fatalities": None,
        "evidence": [{"start": 0, "end": len(text), "text": text}],
        "confidence": 0.8,
        "summary": "",
    }
    return {
        "article": {"id": aid, "title": None, "published": "1989-09-03", "source": None, "url": None, "language": "en"},
        "events": [event],
        "mentions": {"places": []},
        "errors": [],
    }


def test_score_on_a_tiny_corpus():
    texts = {
        "m1": "A car bomb exploded outside the El Espectador newspaper in Bogota today.",
        "m2": "The bomb at El Espectador in Bogota destroyed the printing presses, police said.",
        "m3": "A bomb damaged a bank branch in Medellin on Saturday.",
    }
    golds = [
        {"id": "m1", "text": texts["m1"], "gold": {"templates": [template("1989-09-02", "BOGOTA", "EL ESPECTADOR")]}},
        {"id": "m2", "text": texts["m2"], "gold": {"templates": [template("1989-09-02", "BOGOTA", "EL ESPECTADOR")]}},
        {"id": "m3", "text": texts["m3"], "gold": {"templates": [template("1989-09-02", "MEDELLIN", "BANK")]}},
    ]
    preds = [
        _record("m1", "Bogota", 4.61, -74.08, texts["m1"]),
        _record("m2", "Bogota", 4.62, -74.07, texts["m2"]),
        _record("m3", "Medellin", 6.25, -75.56, texts["m3"]),
    ]
    result = dedup.score_muc4_dedup(golds, preds)
    scores = {m.name: m.value for m in result.metrics}
    assert scores["pairs P"] == scores["pairs R"] == scores["B3 P"] == scores["B3 R"] == 1.0
    preds[1]["events"][0]["location"].update(name="Cali", lat=3.45, lon=-76.53, admin1="Valle")  # misplaced
    scores = {m.name: m.value for m in dedup.score_muc4_dedup(golds, preds).metrics}
    assert scores["pairs R"] == 0.0 and scores["B3 P"] == 1.0
