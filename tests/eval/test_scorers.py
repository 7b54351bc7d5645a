"""Scorers on hand-made gold and predicted records (no pipeline, no shared data needed)."""

from __future__ import annotations

import pytest

from wirecoder.eval.actors import alpha2, score_muc4_actors, score_plover_actors
from wirecoder.eval.base import names_match, norm, prf
from wirecoder.eval.datasets import DatasetError, detect_kind, kind_from_record, load_records, tasks_for
from wirecoder.eval.events import (
    case2021_label,
    ipe_labels,
    kairos_acled,
    score_case2021,
    score_indiapoliceevents,
    score_muc4_events,
    score_plover_events,
    score_wikievents,
    weighted_f1,
)
from wirecoder.eval.fatalities import gold_deaths, parse_count, score_fatalities
from wirecoder.eval.places import score_places
from wirecoder.eval.scoreboard import Scoreboard, to_markdown
from wirecoder.eval.times import score_times
from wirecoder.events import taxonomy
from wirecoder.gazetteer import haversine_km


def ev(sub: str, conf: float = 0.8, modality: str = "asserted", actor1=None, actor2=None, **kw) -> dict:
    """A predicted wirecoder/1 event."""
    return {
        "event_type": taxonomy.event_type(sub) if sub in taxonomy.subtypes() else "",
        "sub_event_type": sub,
        "modality": modality,
        "confidence": conf,
        "actor1": actor1,
        "actor2": actor2,
        "fatalities": kw.get("fatalities"),
        "date": kw.get("date"),
        "plover": kw.get("plover"),
        "evidence": kw.get("evidence", []),
    }


def rec(events=(), places=(), times=()) -> dict:
    """A predicted wirecoder/1 record."""
    return {
        "schema": "wirecoder/1",
        "article": {"id": "x"},
        "events": list(events),
        "mentions": {"actors": [], "places": list(places), "times": list(times), "quantities": [], "quotes": []},
        "errors": [],
    }


def actor(name: str, category: str | None = None, country: str | None = None, canonical: str | None = None) -> dict:
    return {"name": name, "canonical": canonical, "category": category, "inter": None, "country": country}


# --------------------------------------------------------------------------- base


def test_base_prf_counts():
    assert prf(8, 2, 8) == (0.8, 0.5, pytest.approx(2 * 8 / (16 + 10)))
    assert prf(0, 0, 0) == (None, None, None)
    assert prf(0, 0, 3)[2] == 0.0


def test_base_names_match_normalises_and_contains():
    assert norm("The FMLN's guerrillas!") == "fmln s guerrillas"
    assert names_match("FMLN guerrillas", "FMLN")
    assert names_match("the Shining Path", "SHINING PATH")
    assert names_match("ELN", "ARMY OF NATIONAL LIBERATION") is False  # acronym order differs: no match
    assert names_match("FPMR", "MANUEL RODRIGUEZ PATRIOTIC FRONT") is False
    assert names_match("MRPF", "MANUEL RODRIGUEZ PATRIOTIC FRONT")
    assert not names_match("police", "SHINING PATH")


def test_base_haversine_known_distance():
    # Paris -> London is about 344 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=5)


# --------------------------------------------------------------------------- datasets


def test_datasets_kind_from_record_shapes():
    assert kind_from_record({"id": "1", "gold": {"label": "X", "in_subtasks": [1]}}) == "case2021-task2"
    assert kind_from_record({"id": "1", "gold": {"templates": [], "relevant": False}}) == "muc4"
    assert kind_from_record({"id": "gwn-001", "gold": {"toponyms": []}}) == "geowebnews"
    assert kind_from_record({"id": "1", "gold": {"timexes": []}}) == "tempeval3"
    assert kind_from_record({"id": "1", "gold": {"nothing": 1}}) is None


def test_datasets_detect_kind_and_load(tmp_path):
    path = tmp_path / "muc4" / "dev.jsonl"
    path.parent.mkdir()
    path.write_text('{"id": "a", "text": "X", "gold": {"relevant": false, "templates": []}}\n\n', encoding="utf-8")
    records = load_records(path)
    assert len(records) == 1 and detect_kind(path, records) == "muc4"
    other = tmp_path / "mine.jsonl"
    other.write_text('{"id": "a", "text": "X", "gold": {"doc_answers": {}}}\n', encoding="utf-8")
    assert detect_kind(other, load_records(other)) == "indiapoliceevents"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "no gold"}\n', encoding="utf-8")
    with pytest.raises(DatasetError):
        load_records(bad)
    with pytest.raises(DatasetError):
        tasks_for("muc4", "places")
    assert tasks_for("muc4") == ("events", "actors", "fatalities", "dedup")


# --------------------------------------------------------------------------- events


def test_events_case2021_label_picks_most_confident_asserted():
    r = rec([ev("Armed clash", 0.6), ev("Air/drone strike", 0.9, "negated"), ev("Attack", 0.7)])
    assert case2021_label(r) == "Attack"
    assert case2021_label(rec()) == "none"


def test_events_weighted_f1_matches_hand_computation():
    gold = ["Attack", "Attack", "Armed clash", "Arrests"]
    pred = ["Attack", "none", "Attack", "Arrests"]
    weighted, macro, acc = weighted_f1(gold, pred, list(taxonomy.subtypes()))
    # Attack: tp1 fp1 fn1 -> F1 .5 (support 2); Armed clash F1 0 (1); Arrests F1 1 (1)
    assert weighted == pytest.approx((0.5 * 2 + 0 + 1) / 4)
    assert macro == pytest.approx((0.5 + 0 + 1) / 3)
    assert acc == 0.5


def test_events_case2021_scores_only_subtask1():
    golds = [
        {"id": "1", "gold": {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash", "in_subtasks": [1]}},
        {"id": "2", "gold": {"acled_event_type": None, "acled_sub_event_type": None, "in_subtasks": [2, 3]}},
    ]
    result = score_case2021(golds, [rec([ev("Armed clash")]), rec()])
    assert result.n_docs == 1
    assert result.metric("weighted F1 (subtask 1, 25 sub-types)").value == 1.0


def _muc(relevant: bool, types=(), perp=(), victims=(), deaths=None, date=None) -> dict:
    template = {
        "incident_type": [{"values": list(types)}],
        "perp_organization_id": [{"strings": list(p), "optional": False} for p in perp],
        "hum_tgt_name": [],
        "hum_tgt_description": [{"strings": [v], "optional": False} for v in victims],
        "hum_tgt_effect": [{"values": ["DEATH"], "refers_to": [victims[0]]}] if deaths is not None else [],
        "hum_tgt_number": [{"values": [str(deaths)], "refers_to": [victims[0]]}] if deaths is not None else [],
        "incident_date": {"alternatives": [date]} if date else {},
    }
    return {"id": "m", "gold": {"relevant": relevant, "templates": [template] if relevant else []}}


def test_events_muc4_relevance_and_type():
    golds = [_muc(True, ["BOMBING"]), _muc(True, ["KIDNAPPING"]), _muc(False), _muc(False)]
    preds = [
        rec([ev("Remote explosive/landmine/IED")]),
        rec([ev("Attack")]),
        rec([ev("Arrests")]),  # not a MUC incident
        rec([ev("Armed clash")]),
    ]
    result = score_muc4_events(golds, preds)
    assert result.metric("relevance P").value == pytest.approx(2 / 3)
    assert result.metric("relevance R").value == 1.0
    assert result.metric("incident type accuracy (relevant docs, missing = wrong)").value == 0.5


def test_events_ipe_labels_from_police_events():
    police = actor("police", "State Forces", "IN")
    killing = ev("Attack", actor1=police, fatalities={"best": 2})
    assert ipe_labels(rec([killing])) == {"KILL": True, "ARREST": False, "FORCE": True}
    arrest = ev("Arrests", actor1=actor("the police"))
    assert ipe_labels(rec([arrest]))["ARREST"]
    mob = ev("Mob violence", actor1=actor("a mob", "Rioters"), fatalities={"best": 3})
    assert ipe_labels(rec([mob])) == {"KILL": False, "ARREST": False, "FORCE": False}
    force = ev("Excessive force against protesters", actor1=actor("riot police"))
    assert ipe_labels(rec([force]))["FORCE"] and not ipe_labels(rec([force]))["KILL"]
    deaths = ev(
        "Excessive force against protesters",
        actor1=actor("police", "State Forces", "IN"),
        evidence=[{"start": 0, "end": 40, "text": "police firing led to two deaths in the mob"}],
    )
    assert ipe_labels(rec([deaths]))["KILL"]  # "deaths", not only "death", is a killing word


def test_events_ipe_scores():
    golds = [
        {"id": "1", "gold": {"doc_answers": {"KILL": True, "ARREST": False, "FORCE": True}}},
        {"id": "2", "gold": {"doc_answers": {"KILL": False, "ARREST": True, "FORCE": False}}},
    ]
    police = actor("police", "State Forces")
    preds = [rec([ev("Attack", actor1=police, fatalities={"best": 1})]), rec()]
    result = score_indiapoliceevents(golds, preds)
    assert result.metric("KILL F1").value == 1.0
    assert result.metric("ARREST R").value == 0.0
    assert result.worst(1)[0].id == "2"


def test_events_wikievents_kairos_mapping():
    assert kairos_acled("Conflict.Attack.DetonateExplode") == {"Explosions/Remote violence"}
    assert "Battles" in kairos_acled("Conflict.Attack.Unspecified")
    assert kairos_acled("Contact.Contact.Meet") == frozenset()
    golds = [{"id": "w", "gold": {"events": [{"event_type": "Conflict.Attack.DetonateExplode"},
                                             {"event_type": "Contact.Contact.Meet"}]}}]
    result = score_wikievents(golds, [rec([ev("Suicide bomb"), ev("Peaceful protest")])])
    assert result.metric("event type R (KAIROS->ACLED)").value == 1.0
    assert result.metric("event type P (KAIROS->ACLED)").value == 0.5


def test_events_plover_category():
    golds = [{"id": "p", "gold": {"event": "ASSAULT"}}, {"id": "q", "gold": {"event": "AGREE"}}]
    preds = [rec([ev("Attack", plover={"event": "ASSAULT", "mode": None})]), rec()]
    result = score_plover_events(golds, preds)
    assert result.metric("PLOVER category accuracy").value == 0.5
    assert result.metric("ACLED type compatible (mapped categories)").value == 0.5
    # an offer ("has offered to hand over") is coded by PLOVER: hypothetical events count, negated ones not
    offer = rec([ev("Agreement", 0.5, "hypothetical", plover={"event": "AGREE"}),
                 ev("Attack", 0.9, "negated", plover={"event": "ASSAULT"})])
    result = score_plover_events(golds[1:], [offer])
    assert result.metric("PLOVER category accuracy").value == 1.0


# --------------------------------------------------------------------------- actors


def test_actors_muc4_perp_and_victims():
    golds = [_muc(True, ["ATTACK"], perp=[["FARABUNDO MARTI NATIONAL LIBERATION FRONT", "FMLN"]], victims=["PEASANTS"])]
    preds = [rec([ev("Attack", actor1=actor("FMLN urban commandos"), actor2=actor("peasants"))])]
    result = score_muc4_actors(golds, preds)
    assert result.metric("perpetrator organisation F1").value == 1.0
    assert result.metric("victim recall (hum_tgt_name/description)").value == 1.0
    wrong = [rec([ev("Attack", actor1=actor("army"))])]
    result = score_muc4_actors(golds, wrong)
    assert result.metric("perpetrator organisation P").value == 0.0


def test_actors_muc4_victims_coded_alike_are_still_different_victims():
    # "gunmen killed a judge ... and wounded two passersby": both victims are coded Civilians (Colombia) as ACLED
    # does; the scorer must match each by its own words, not keep only the first of one canonical name.
    golds = [_muc(True, ["MURDER"], victims=["JUDGE", "PASSERSBY"])]
    judge = actor("judge", canonical="Civilians (Colombia)")
    passersby = actor("passersby", canonical="Civilians (Colombia)")
    preds = [rec([ev("Attack", actor2=judge), ev("Attack", actor2=passersby)])]
    result = score_muc4_actors(golds, preds)
    assert result.metric("victim recall (hum_tgt_name/description)").value == 1.0


def test_actors_muc4_defused_bomb_perpetrator_is_the_bomber():
    # "Police defused a bomb planted by the FMLN": ACLED codes the police as actor1 of Disrupted weapons use,
    # while MUC-4's perpetrator of the attempted bombing is the FMLN (actor2).
    golds = [_muc(True, ["BOMBING"], perp=[["FARABUNDO MARTI NATIONAL LIBERATION FRONT", "FMLN"]])]
    fmln = actor("FMLN", canonical="Farabundo Marti National Liberation Front")
    preds = [rec([ev("Disrupted weapons use", actor1=actor("National Police"), actor2=fmln)])]
    result = score_muc4_actors(golds, preds)
    assert result.metric("perpetrator organisation P").value == 1.0
    assert result.metric("perpetrator organisation R").value == 1.0


def test_actors_plover_country_and_sector():
    assert alpha2("JOR") == "JO" and alpha2("IGO") is None
    golds = [{"id": "p", "gold": {"source_actors": [{"actorText": "Jordan", "code": "JOR", "sector": "GOV"}],
                                  "target_actors": [{"actorText": "Britain", "code": "GBR"}]}}]
    preds = [rec([ev("Agreement", actor1=actor("Jordan", "State Forces", "JO"), actor2=actor("Britain", None, "FR"))])]
    result = score_plover_actors(golds, preds)
    assert result.metric("source country agreement").value == 1.0
    assert result.metric("source sector agreement").value == 1.0
    assert result.metric("target country agreement").value == 0.0


# --------------------------------------------------------------------------- places


def test_places_recall_accuracy_and_ids():
    text_gold = {
        "id": "g",
        "gold": {
            "toponyms": [
                {"start": 0, "end": 5, "text": "Paris", "lat": 48.85, "lon": 2.35, "geonameid": "2988507"},
                {"start": 10, "end": 16, "text": "London", "lat": 51.5, "lon": -0.13, "geonameid": "2643743"},
                {"start": 20, "end": 25, "text": "Texas", "lat": 31.0, "lon": -100.0, "geonameid": "4736286"},
                {"start": 30, "end": 37, "text": "Kurdish", "lat": None, "lon": None},
            ]
        },
    }
    places = [
        {"text": "Paris", "start": 0, "end": 5, "lat": 48.86, "lon": 2.35, "geonames_id": 2988507},
        {"text": "London", "start": 10, "end": 16, "lat": 42.98, "lon": -81.25, "geonames_id": 6058560},
        {"text": "Kurdish", "start": 30, "end": 37, "lat": None, "lon": None, "geonames_id": None},
        {"text": "Nowhere", "start": 40, "end": 47, "lat": 0.0, "lon": 0.0, "geonames_id": None},
    ]
    result = score_places([text_gold], [rec(places=places)], "lgl")
    assert result.metric("toponym recall (overlap)").value == pytest.approx(2 / 3)
    assert result.metric("toponym precision (overlap)").value == pytest.approx(3 / 4)
    assert result.metric("Acc@161km (all gold, missing = wrong)").value == pytest.approx(1 / 3)
    assert result.metric("Acc@161km (recognised and resolved)").value == 0.5
    assert result.metric("exact GeoNames id (recognised)").value == 0.5
    assert result.metric("mean error (recognised)").value > 2000  # London, Ontario


# --------------------------------------------------------------------------- times


def test_times_span_and_value():
    gold = {"id": "t", "gold": {"timexes": [
        {"start": 0, "end": 9, "text": "yesterday", "type": "DATE", "value": "1989-10-25"},
        {"start": 20, "end": 26, "text": "Oct. 31", "type": "DATE", "value": "1989-10-31"},
        {"start": 30, "end": 37, "text": "2 years", "type": "DURATION", "value": "P2Y"},
    ]}}
    times = [
        {"text": "yesterday", "start": 0, "end": 9, "value": "1989-10-25"},
        {"text": "Oct.", "start": 20, "end": 24, "value": "1989-10"},
    ]
    result = score_times([gold], [rec(times=times)])
    assert result.metric("DATE span recall (relaxed)").value == 1.0
    assert result.metric("DATE span recall (strict)").value == 0.5
    assert result.metric("DATE value accuracy (all gold DATEs, missing = wrong)").value == 0.5


# --------------------------------------------------------------------------- fatalities


def test_fatalities_parse_and_gold_sum():
    assert [parse_count(v) for v in ("6", "~30", "57-", "-80", "PLURAL")] == [6, 30, 57, 80, None]
    g = _muc(True, ["ATTACK"], victims=["JESUITS"], deaths=6)["gold"]
    assert gold_deaths(g) == 6
    g["templates"][0]["hum_tgt_number"][0]["values"] = ["PLURAL"]
    assert gold_deaths(g) is None


def test_fatalities_scores_deaths_and_dates():
    date = {"on_or_after": "1989-11-16", "on_or_before": "1989-11-16"}
    golds = [
        _muc(True, ["ATTACK"], victims=["JESUITS"], deaths=6, date=date),
        _muc(True, ["ATTACK"], victims=["PEASANTS"], deaths=10, date=date),
    ]
    preds = [
        rec([ev("Attack", fatalities={"best": 6}, date={"start": "1989-11-16"})]),
        rec([ev("Attack", fatalities={"best": 9}, date={"start": "1989-12-01"})]),
    ]
    result = score_fatalities(golds, preds)
    assert result.metric("deaths exact (docs with deaths)").value == 0.5
    assert result.metric("deaths within ±20% (docs with deaths)").value == 1.0
    assert result.metric("incident date within gold range (missing = wrong)").value == 0.5


# --------------------------------------------------------------------------- scoreboard


def test_scoreboard_markdown_has_published_and_commit():
    golds = [{"id": "1", "gold": {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash",
                                  "in_subtasks": [1]}}]
    result = score_case2021(golds, [rec([ev("Armed clash")])])
    board = Scoreboard(results=[result], date="2026-01-01 00:00 UTC", commit="abc1234",
                       seconds={"case2021-task2": 1.0}, docs={"case2021-task2": 1})
    md = to_markdown(board)
    row = next(line for line in md.splitlines() if "weighted F1" in line)
    assert "| 100.0 |" in row and "83.9" in row and "abc1234" in row
    assert "macro F1" not in md  # not a headline metric


def test_actors_is_organisation_excludes_unnamed_and_placeholders():
    from wirecoder.eval.actors import is_organisation

    assert is_organisation(actor("FMLN", "Rebel Groups", "SV", "Farabundo Marti National Liberation Front"))
    assert is_organisation(actor("SALVADORAN ARMY"))  # unresolved, but an organisation word
    assert not is_organisation(actor("ARMED MEN", "Political Militias", "SV", "Unidentified Armed Group (El Salvador)"))
    assert not is_organisation(actor("guerrillas", "Rebel Groups", "SV", "Rebel Group (El Salvador)"))
    assert not is_organisation(actor("unidentified persons"))
    assert not is_organisation(None)


class _NoOpPipeline:
    """Stands in for the pipeline: returns articles uncoded (no events, no mentions)."""

    config = {"nlp": {}}

    def pipe(self, articles):
        yield from articles


def test_scoreboard_run_all_adds_published_subset(tmp_path):
    import json

    from wirecoder.eval.scoreboard import run_all

    folder = tmp_path / "muc4"
    folder.mkdir()
    docs = [
        {"id": f"TST3-MUC4-000{i}", "text": "LIMA, 3 MAY 90 -- A BOMB EXPLODED.", "publication_date": "1990-05-03",
         "orig_split": {"gtt_split": "test" if i < 2 else "train"}, **_muc(True, ["BOMBING"])}
        for i in range(3)
    ]
    (folder / "dev.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    board = run_all(tmp_path, pipeline=_NoOpPipeline(), progress=False, save_dir=tmp_path / "preds")
    names = {(r.dataset, r.task) for r in board.results}
    assert ("muc4", "events") in names and ("muc4 (GTT test docs)", "actors") in names
    subset = next(r for r in board.results if r.dataset == "muc4 (GTT test docs)" and r.task == "events")
    assert subset.n_docs == 2 and [m.name for m in subset.metrics] == [
        "incident type accuracy (relevant docs, missing = wrong)"
    ]
    assert subset.metrics[0].value == 0.0  # nothing coded, nothing right
    assert board.missing and "lgl" in board.missing
    assert len((tmp_path / "preds" / "muc4.jsonl").read_text("utf-8").splitlines()) == 3
    md = to_markdown(board)
    assert "| muc4 (GTT test docs) | events |" in md and "Not found (skipped)" in md


def test_published_figures_name_real_metrics_and_datasets_are_documented():
    from pathlib import Path

    from wirecoder.eval.core import SCORERS, score
    from wirecoder.eval.datasets import KINDS
    from wirecoder.eval.published import PUBLISHED

    produced: dict[str, set[str]] = {}
    for kind, task in SCORERS:
        produced.setdefault(kind, set()).update(m.name for m in score(kind, task, [], []).metrics)
    for dataset, metric in PUBLISHED:
        base = dataset.split(" (")[0]
        assert metric in produced[base], f"published figure for {dataset!r} names unknown metric {metric!r}"
    docs = (Path(__file__).resolve().parents[2] / "docs" / "evaluation.md").read_text("utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in docs or kind in docs, f"{kind} not documented in docs/evaluation.md"


def test_eval_data_mappings_use_taxonomy_names():
    from wirecoder.eval.actors import SECTOR_TO_ACLED
    from wirecoder.eval.events import (
        ACLED_TO_MUC,
        FORCE_SUB_TYPES,
        KAIROS_TO_ACLED,
        KILL_WORD_EVENT_TYPES,
        PLOVER_TO_ACLED,
        VIOLENT_EVENT_TYPES,
    )

    subs = set(taxonomy.subtypes())
    types = {taxonomy.event_type(s) for s in subs}
    assert set(ACLED_TO_MUC).issubset(subs) and FORCE_SUB_TYPES.issubset(subs)
    assert VIOLENT_EVENT_TYPES <= KILL_WORD_EVENT_TYPES <= types
    for mapped in (*KAIROS_TO_ACLED.values(), *PLOVER_TO_ACLED.values()):
        assert mapped and mapped <= types
    categories = {"State Forces", "Rebel Groups", "Political Militias", "Identity Militias", "Civilians", "Protesters"}
    assert all(mapped and mapped <= categories for mapped in SECTOR_TO_ACLED.values())
