"""The realnews scorer (the rule of ../shared/data/realnews/README.md) on hand-made gold and predictions,
and on the real file when ../shared/data is present."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from tests.conftest import shared_dataset
from wirecoder.eval.core import evaluate, score
from wirecoder.eval.datasets import detect_kind, kind_from_record, load_records, tasks_for
from wirecoder.eval.realnews import (
    actor_ok,
    fold,
    greedy_match,
    match_article,
    news_events,
    score_realnews,
)
from wirecoder.eval.report import errors_table
from wirecoder.eval.split import part
from wirecoder.events import taxonomy

MYKOLAIV = (46.975, 31.995)
#: About 40 km and 60 km north of Mykolaiv (one degree of latitude is about 111 km).
NORTH_40KM = (46.975 + 40 / 111.2, 31.995)
NORTH_60KM = (46.975 + 60 / 111.2, 31.995)
KHARKIV = (49.99, 36.23)


def gold_event(gid: str, sub: str, required: bool = True, **kw) -> dict:
    """A realnews gold event (defaults: Mykolaiv, 17 November 2024, Russia against civilians, 2 dead)."""
    lat, lon = kw.pop("point", MYKOLAIV)
    event = {
        "gid": f"a-{gid}",
        "required": required,
        "date": "2024-11-17",
        "date_ok": ["2024-11-16", "2024-11-17"],
        "event_type": taxonomy.event_type(sub),
        "sub_event_type": sub,
        "compatible_sub_types": [],
        "actor1": "Military Forces of Russia",
        "actor1_ok": ["Russia", "Russian forces"],
        "actor2": "Civilians (Ukraine)",
        "actor2_ok": ["civilians", ""],
        "location": "Mykolaiv, Ukraine",
        "location_ok": ["Mykolaiv", "Mykolayiv"],
        "lat": lat,
        "lon": lon,
        "fatalities": 2,
        "fatalities_ok": [2, 3],
        "modality": "asserted",
    }
    event.update(kw)
    return event


def pred_event(sub: str, day: str = "2024-11-17", where=MYKOLAIV, name: str = "Mykolaiv", **kw) -> dict:
    """A predicted wirecoder/1 event."""
    lat, lon = where if where else (None, None)
    event = {
        "event_type": taxonomy.event_type(sub),
        "sub_event_type": sub,
        "modality": kw.pop("modality", "asserted"),
        "status": kw.pop("status", "reported"),
        "date": {"start": day, "end": day, "precision": 1, "text": ""} if day else None,
        "actor1": kw.pop("actor1", {"name": "Russian forces", "canonical": "Military Forces of Russia"}),
        "actor2": kw.pop("actor2", None),
        "location": {"name": name, "lat": lat, "lon": lon, "country_code": "UA", "admin1": None, "precision": 1},
        "fatalities": {"low": kw["deaths"], "best": kw["deaths"], "high": kw["deaths"], "text": ""}
        if kw.get("deaths") is not None
        else None,
        "confidence": kw.pop("confidence", 0.8),
    }
    return event


def gold_record(events: list[dict], rid: str = "a", must_not=()) -> dict:
    return {
        "id": rid,
        "title": "Strikes",
        "published": "2024-11-17",
        "text": "...",
        "gold": {"events": events, "must_not": list(must_not)},
    }


def pred_record(events: list[dict], rid: str = "a") -> dict:
    return {"schema": "wirecoder/1", "article": {"id": rid}, "events": events, "mentions": {}, "errors": []}


def metric(result, name: str):
    return result.metric(name).value


# --------------------------------------------------------------------------- normalisation and actors


def test_fold_strips_case_accents_and_punctuation():
    assert fold("Ma'rib") == fold("MARIB") == "marib"
    assert fold("Bogotá") == "bogota"
    assert fold("Ḩadīthah") == "hadithah"
    assert fold("Deir ez-Zor") == fold("Deir ez Zor")
    assert fold("Ṣanʿāʾ") == fold("Sana")
    assert fold(None) == ""


def test_actor_ok_word_boundaries_and_missing_actors():
    gold, ok = "Military Forces of Russia", ["Russia", "Russian forces"]
    assert actor_ok({"name": "Russian forces"}, gold, ok)
    assert actor_ok({"name": "the Russian forces in the south"}, gold, ok)  # contains an accepted name
    assert actor_ok({"name": "x", "canonical": "Military Forces of Russia (2000-)"}, gold, ok)
    assert not actor_ok({"name": "Russ"}, gold, ok)  # not on a word boundary
    assert not actor_ok({"name": "Ukraine"}, gold, ok)
    assert not actor_ok(None, gold, ok)  # missing, and the gold has an actor
    assert actor_ok(None, "Civilians (Ukraine)", ["civilians", ""])  # "" accepted: missing is right
    assert actor_ok(None, "", [])  # the gold has none
    assert not actor_ok({"name": "soldiers"}, "", [])  # an actor where the gold has none


# --------------------------------------------------------------------------- matching


def test_greedy_match_takes_best_first_and_marks_duplicates():
    matches, dups = greedy_match([((1,), 0, 0), ((0,), 1, 0), ((2,), 2, 1), ((3,), 0, 1)])
    assert matches == {1: 0, 2: 1}
    assert dups == {0: 0}  # prediction 0 would match gold 0 (and gold 1), both taken


def test_duplicate_counts_as_false():
    golds = [gold_record([gold_event("E1", "Air/drone strike")])]
    preds = [pred_record([pred_event("Air/drone strike", deaths=2), pred_event("Air/drone strike", deaths=2)])]
    result = score_realnews(golds, preds)
    assert metric(result, "event P (strict)") == 0.5
    assert metric(result, "event R (strict)") == 1.0
    assert metric(result, "duplicates (share of predicted events, strict)") == 0.5
    assert metric(result, "other false (share of predicted events, strict)") == 0.0
    assert result.metric("event F1 (strict)").value == pytest.approx(2 * 0.5 / 1.5)


def test_the_more_confident_of_two_equal_predictions_is_the_match():
    events = [pred_event("Air/drone strike", confidence=0.3), pred_event("Air/drone strike", confidence=0.9)]
    matches, dups = match_article(events, [gold_event("E1", "Air/drone strike")])
    assert matches == {1: 0} and dups == {0: 0}


def test_optional_gold_counts_for_precision_not_recall():
    golds = [gold_record([gold_event("E1", "Air/drone strike"), gold_event("E2", "Attack", required=False)])]
    preds = [pred_record([pred_event("Attack")])]
    result = score_realnews(golds, preds)
    assert metric(result, "event P (strict)") == 1.0  # matched the optional event
    assert metric(result, "event R (strict)") == 0.0  # the required one is missed
    assert result.metric("event R (strict)").n == 1


def test_required_gold_is_preferred_over_optional():
    gold = [gold_event("E1", "Attack", required=False), gold_event("E2", "Attack")]
    matches, _ = match_article([pred_event("Attack")], gold)
    assert matches == {0: 1}


def test_exact_sub_type_first_then_compatible():
    air = gold_event("E1", "Air/drone strike", compatible_sub_types=["Shelling/artillery/missile attack"])
    shelling = gold_event("E2", "Shelling/artillery/missile attack", compatible_sub_types=["Air/drone strike"])
    events = [pred_event("Air/drone strike"), pred_event("Shelling/artillery/missile attack")]
    assert match_article(events, [shelling, air])[0] == {0: 1, 1: 0}
    # a compatible sub-type alone matches strictly; the field "sub-type exact" says it was not exact
    result = score_realnews([gold_record([air])], [pred_record([events[1]])])
    assert metric(result, "event P (strict)") == 1.0
    assert metric(result, "sub-type exact (strict matches)") == 0.0


def test_lenient_also_accepts_the_same_event_type():
    golds = [gold_record([gold_event("E1", "Armed clash")])]
    preds = [pred_record([pred_event("Government regains territory")])]  # Battles, not listed as compatible
    result = score_realnews(golds, preds)
    assert metric(result, "event R (strict)") == 0.0
    assert metric(result, "event R (lenient)") == 1.0


def test_date_within_one_day_of_an_accepted_date():
    gold = [gold_event("E1", "Attack")]  # date_ok 16 and 17 November
    assert match_article([pred_event("Attack", day="2024-11-18")], gold)[0] == {0: 0}
    assert match_article([pred_event("Attack", day="2024-11-15")], gold)[0] == {0: 0}
    assert match_article([pred_event("Attack", day="2024-11-19")], gold)[0] == {}
    assert match_article([pred_event("Attack", day=None)], gold)[0] == {}
    # matched on the ±1 day, but the date is not one of date_ok
    result = score_realnews([gold_record(gold)], [pred_record([pred_event("Attack", day="2024-11-18")])])
    assert metric(result, "date in date_ok (strict matches)") == 0.0


def test_place_within_50_km_or_named_with_accents_folded():
    gold = [gold_event("E1", "Attack", location_ok=["Mykolaiv", "Ma'rib", "Bogotá"])]
    assert match_article([pred_event("Attack", where=NORTH_40KM, name="Elsewhere")], gold)[0] == {0: 0}
    assert match_article([pred_event("Attack", where=NORTH_60KM, name="Elsewhere")], gold)[0] == {}
    # a name in location_ok matches at any distance, or without coordinates, after folding
    assert match_article([pred_event("Attack", where=KHARKIV, name="MARIB")], gold)[0] == {0: 0}
    assert match_article([pred_event("Attack", where=None, name="Bogota")], gold)[0] == {0: 0}
    result = score_realnews([gold_record(gold)], [pred_record([pred_event("Attack", where=KHARKIV, name="Marib")])])
    assert metric(result, "location within 50 km (strict matches)") == 0.0


def test_only_asserted_reported_events_are_scored():
    events = [
        pred_event("Attack", modality="negated"),
        pred_event("Attack", modality="hypothetical"),
        pred_event("Attack", status="background"),
        pred_event("Attack", status="aggregate", deaths=15000),
    ]
    assert news_events(pred_record(events)) == []
    result = score_realnews([gold_record([gold_event("E1", "Attack")])], [pred_record(events)])
    assert result.metric("event P (strict)").n == 0
    assert metric(result, "fatality ratio (predicted / gold)") == 0.0


def test_fatality_ratio_and_field_accuracy():
    golds = [
        gold_record(
            [
                gold_event("E1", "Air/drone strike", fatalities=2),
                gold_event("E2", "Attack", fatalities=5, point=KHARKIV, location_ok=["Kharkiv"]),
                gold_event("E3", "Attack", required=False, fatalities=7, date="2024-11-10", date_ok=["2024-11-10"]),
            ]
        )
    ]
    preds = [
        pred_record(
            [
                pred_event("Air/drone strike", deaths=3),  # 3 is in fatalities_ok
                pred_event("Air/drone strike", deaths=4),  # duplicate of E1: its deaths still count
                pred_event("Attack", where=KHARKIV, name="Kharkiv", deaths=None, actor1=None),  # none = 0
            ]
        )
    ]
    result = score_realnews(golds, preds)
    # (3 + 4 + 0) predicted / (2 + 5) on required gold events (the optional one's 7 is not counted)
    assert metric(result, "fatality ratio (predicted / gold)") == pytest.approx(1.0)
    assert metric(result, "fatalities (strict matches)") == 0.5
    assert metric(result, "actor1 (strict matches)") == 0.5
    assert metric(result, "actor2 (strict matches)") == 1.0  # missing, and "" is accepted
    assert metric(result, "event R (strict)") == 1.0
    assert metric(result, "event P (strict)") == pytest.approx(2 / 3)


def test_far_off_predictions_and_articles_without_gold():
    golds = [gold_record([gold_event("E1", "Attack")]), gold_record([], rid="b")]
    preds = [
        pred_record([pred_event("Attack"), pred_event("Attack", where=(10.0, 10.0), name="Far")]),
        pred_record([pred_event("Attack")], rid="b"),
    ]
    result = score_realnews(golds, preds)
    far = result.metric("far off > 500 km (located predictions)")
    assert far.value == 0.5 and far.n == 2  # the prediction of the article without gold is counted apart
    assert metric(result, "event P (strict)") == pytest.approx(1 / 3)
    # per-article scores for the error view: the article without gold but with a prediction scores 0
    assert [d.score for d in result.docs] == [pytest.approx(2 / 3), 0.0]


def test_nothing_to_find_and_nothing_predicted_scores_one():
    result = score_realnews([gold_record([])], [pred_record([])])
    assert result.docs[0].score == 1.0
    assert metric(result, "event P (strict)") is None


def test_error_view_shows_gold_and_predicted_events_side_by_side():
    doc_id = next(f"doc{i}" for i in range(100) if part(f"doc{i}") == "tune")
    golds = [
        gold_record(
            [gold_event("E1", "Air/drone strike"), gold_event("E2", "Attack", point=KHARKIV)],
            rid=doc_id,
            must_not=[{"mid": "m1", "what": "the 2012 embassy assault", "why": "historical"}],
        )
    ]
    preds = [
        pred_record(
            [pred_event("Air/drone strike", deaths=2), pred_event("Air/drone strike"), pred_event("Peaceful protest")],
            rid=doc_id,
        )
    ]
    result = score("realnews", "events", golds, preds)
    console = Console(record=True, width=220)
    console.print(errors_table(result, 5))
    text = console.export_text()
    for expected in (
        "match",
        "missed",
        "duplicate of E1",
        "false",
        "Peaceful protest",
        "must not",
        "2012 embassy assault",
    ):
        assert expected in text
    assert "Mykolaiv" in text and "Russian forces" in text


# --------------------------------------------------------------------------- the dataset kind


def test_realnews_kind_and_task():
    record = gold_record([gold_event("E1", "Attack")])
    assert kind_from_record(record) == "realnews"
    assert tasks_for("realnews") == ("events",)


def test_realnews_scored_through_saved_predictions(tmp_path):
    gold_path = tmp_path / "realnews" / "dev.jsonl"
    gold_path.parent.mkdir()
    ids = [f"doc{i}" for i in range(12)]
    gold_path.write_text(
        "\n".join(json.dumps(gold_record([gold_event("E1", "Attack")], rid=i)) for i in ids) + "\n", "utf-8"
    )
    pred_path = tmp_path / "preds.jsonl"
    pred_path.write_text("\n".join(json.dumps(pred_record([pred_event("Attack")], rid=i)) for i in ids) + "\n")
    for which in ("tune", "check", "all"):
        results, golds, _ = evaluate(gold_path, predictions=pred_path, part=which, progress=False)
        assert detect_kind(gold_path, golds) == "realnews"
        expected = [i for i in ids if which == "all" or part(i) == which]
        assert [g["id"] for g in golds] == expected
        assert results[0].metric("event F1 (strict)").value == 1.0
        assert results[0].metric("event R (strict)").n == len(expected)


# --------------------------------------------------------------------------- the real file


def _as_prediction(gold: dict) -> dict:
    """A gold event written as a wirecoder/1 prediction (the gold coded perfectly)."""
    return {
        "event_type": gold["event_type"],
        "sub_event_type": gold["sub_event_type"],
        "modality": "asserted",
        "status": "reported",
        "date": {"start": gold["date"], "end": gold["date"], "precision": 1, "text": ""},
        "actor1": {"name": gold["actor1"], "canonical": gold["actor1"]} if gold["actor1"] else None,
        "actor2": {"name": gold["actor2"], "canonical": gold["actor2"]} if gold["actor2"] else None,
        "location": {"name": gold["location"], "lat": gold["lat"], "lon": gold["lon"]},
        "fatalities": {"low": gold["fatalities"], "best": gold["fatalities"], "high": gold["fatalities"]},
        "confidence": 1.0,
    }


def test_real_file_gold_coded_perfectly_scores_one():
    """The shared dev file, its required gold events given as predictions: every figure is perfect, the
    tune and check parts cover the file, and each article's gold matches itself."""
    path = shared_dataset("realnews")
    golds = load_records(path)
    assert detect_kind(path, golds) == "realnews"
    tune, check = load_records(path, part="tune"), load_records(path, part="check")
    assert len(tune) + len(check) == len(golds) and tune and check
    assert {g["id"] for g in tune}.isdisjoint(g["id"] for g in check)
    preds = [pred_record([_as_prediction(e) for e in g["gold"]["events"] if e["required"]], rid=g["id"]) for g in golds]
    result = score_realnews(golds, preds)
    for name in ("event P (strict)", "event R (strict)", "event F1 (strict)", "event F1 (lenient)"):
        assert metric(result, name) == 1.0, name
    assert metric(result, "fatality ratio (predicted / gold)") == 1.0
    assert metric(result, "duplicates (share of predicted events, strict)") == 0.0
    for name in ("sub-type exact", "actor1", "actor2", "location within 50 km", "date in date_ok", "fatalities"):
        assert metric(result, f"{name} (strict matches)") == 1.0, name
    assert metric(result, "far off > 500 km (located predictions)") == 0.0


@pytest.mark.slow
def test_real_file_coded_by_the_pipeline(pipeline):
    """Code every realnews article (slow): the figures are sane and the parts add up."""
    path = shared_dataset("realnews")
    (result,), golds, preds = evaluate(path, pipeline=pipeline, progress=False)
    assert len(preds) == len(golds)
    for m in result.metrics:
        assert m.value is None or m.value >= 0.0
    required = sum(e["required"] for g in golds for e in g["gold"]["events"])
    assert result.metric("event R (strict)").n == required
    keep = [i for i, g in enumerate(golds) if part(g["id"]) == "tune"]
    tune = score_realnews([golds[i] for i in keep], [preds[i] for i in keep])
    assert 0 < tune.metric("event R (strict)").n < required


def test_realnews_calibration_sees_events_below_the_confidence_floor():
    from wirecoder.eval.realnews import candidate_events, news_events

    record = {"events": [
        {"modality": "asserted", "status": "reported"},
        {"modality": "asserted", "status": "uncertain"},
        {"modality": "asserted", "status": "background"},
        {"modality": "negated", "status": "uncertain"},
    ]}
    assert len(news_events(record)) == 1
    assert [e["status"] for e in candidate_events(record)] == ["reported", "uncertain"]


def test_fatality_ratio_without_the_tolls_of_optional_matches():
    golds = [gold_record([gold_event("E1", "Air/drone strike", fatalities=2),
                          gold_event("E2", "Attack", required=False, fatalities=10)])]
    preds = [pred_record([pred_event("Air/drone strike", deaths=2), pred_event("Attack", deaths=10)])]
    result = score_realnews(golds, preds)
    # the README's ratio: (2 + 10) predicted / 2 on the required gold event
    assert metric(result, "fatality ratio (predicted / gold)") == pytest.approx(6.0)
    # the diagnostic leaves the optional match's toll out of the numerator too
    assert metric(result, "fatality ratio without optional-matched predictions") == pytest.approx(1.0)
