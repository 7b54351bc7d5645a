"""Confidence calibration: the fit, the labels, the reliability table and the confidence's range."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from tests.eval.test_realnews import gold_event, gold_record, pred_event, pred_record
from wirecoder.doc import Article, Event, EventActor, EventDate, Fatalities, Location
from wirecoder.eval import calibrate
from wirecoder.eval.realnews import (
    HIGH_CONFIDENCE,
    bin_index,
    precision_above,
    reliability,
    reliability_text,
    score_realnews,
)
from wirecoder.events import finalize

# --------------------------------------------------------------------------- the fit


def synthetic(n: int = 400, seed: int = 7) -> calibrate.Labelled:
    """Rows where "good" makes an event real far more often, "bad" far less, and "noise" not at all."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 2, size=(n, 3)).astype(float)
    logit = -1.0 + 2.5 * X[:, 0] - 2.0 * X[:, 1]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    groups = [f"doc{i // 5}" for i in range(n)]
    return calibrate.Labelled(["good", "bad", "noise"], X, y, groups, np.full(n, 0.95))


def test_fit_recovers_the_sign_of_informative_features():
    cal = calibrate.calibrate(synthetic())
    assert cal.weights["good"] > 1.0
    assert cal.weights["bad"] < -1.0
    assert abs(cal.weights["noise"]) < 0.5
    assert cal.l2 in calibrate.L2_GRID
    # held out, the fitted probabilities beat a constant 0.95 by far
    assert calibrate.log_loss(cal.oof, cal.data.y) < cal.cv_loss_current


def test_fit_is_deterministic_and_penalty_shrinks_weights():
    data = synthetic()
    a, b = calibrate.calibrate(data), calibrate.calibrate(data)
    assert a.weights == b.weights and a.bias == b.bias and a.l2 == b.l2
    _, loose = calibrate.fit_logistic(data.X, data.y, 0.1)
    _, tight = calibrate.fit_logistic(data.X, data.y, 100.0)
    assert np.abs(tight).sum() < np.abs(loose).sum()


def test_fit_with_one_label_only_stays_finite():
    data = synthetic()
    bias, w = calibrate.fit_logistic(data.X, np.zeros(len(data.y)), 1.0)
    assert np.isfinite(bias) and np.all(np.isfinite(w)) and bias < -3


def test_folds_follow_the_article_not_the_row():
    assert calibrate.fold_of("ua_strike") == calibrate.fold_of("ua_strike")
    assert {calibrate.fold_of(f"doc{i}") for i in range(50)} == set(range(calibrate.FOLDS))


# --------------------------------------------------------------------------- the reliability table


def test_reliability_table_sums_and_edges():
    pairs = [(0.0, False), (0.05, False), (0.1, True), (0.35, False), (0.5, True), (0.899, False),
             (0.9, True), (0.95, False), (1.0, True)]
    bins = reliability(pairs)
    assert len(bins) == 10
    assert sum(b.n for b in bins) == len(pairs)
    assert sum(b.matched for b in bins) == sum(r for _, r in pairs)
    assert [bin_index(c) for c in (0.0, 0.1, 0.3, 0.7, 0.899, 0.9, 1.0)] == [0, 1, 3, 7, 8, 9, 9]
    assert (bins[9].n, bins[9].matched, bins[9].label) == (3, 2, "[0.9-1]")
    assert bins[0].label == "[0-0.1)" and bins[0].share == 0.0 and bins[2].share is None
    assert precision_above(pairs) == (2, 3)
    assert reliability_text(bins).startswith("[0-0.1) 0/2 · [0.1-0.2) 1/1")


def test_realnews_scorer_reports_reliability_and_precision_at_high_confidence():
    golds = [gold_record([gold_event("E1", "Air/drone strike"), gold_event("E2", "Armed clash", date="2024-11-17")])]
    preds = [pred_record([
        pred_event("Air/drone strike", confidence=0.95),  # real
        pred_event("Air/drone strike", confidence=0.92),  # a duplicate: not real
        pred_event("Peaceful protest", confidence=0.15),  # false
    ])]
    result = score_realnews(golds, preds)
    assert result.metric(f"precision at confidence >= {HIGH_CONFIDENCE:g} (strict)").value == 0.5
    assert result.metric(f"precision at confidence >= {HIGH_CONFIDENCE:g} (strict)").n == 2
    top = result.metric("reliability [0.9-1]: matched share (strict)")
    assert (top.value, top.n) == (0.5, 2)
    assert result.metric("reliability [0.1-0.2): matched share (strict)").n == 1
    brier = result.metric("Brier score of the confidence (strict)").value
    assert brier == pytest.approx(((0.95 - 1) ** 2 + 0.92**2 + 0.15**2) / 3)
    assert any(note.startswith("reliability") for note in result.notes)


# --------------------------------------------------------------------------- labels from coded articles


def _event(sub: str, place: str | None, **kw) -> Event:
    loc = Location(name=place, lat=46.975, lon=31.995, country_code="UA") if place else None
    return Event(
        event_type=kw.pop("event_type", "Explosions/Remote violence"),
        sub_event_type=sub,
        date=EventDate("2024-11-17", "2024-11-17", 1, "Sunday (syntax)"),
        location=loc,
        confidence=kw.pop("confidence", 0.5),
        **kw,
    )


def test_labels_take_the_strict_rule_and_skip_events_it_does_not_score():
    art = Article(id="a", text="Russian drones struck Mykolaiv on Sunday.")
    art.events = [
        _event("Air/drone strike", "Mykolaiv", confidence=0.9),
        _event("Air/drone strike", "Mykolaiv", modality="hypothetical"),  # not scored
        _event("Air/drone strike", None),  # no place: not matched
    ]
    data = calibrate.label([gold_record([gold_event("E1", "Air/drone strike")])], [art])
    assert data.names == list(finalize.W["features"])
    assert data.y.tolist() == [1.0, 0.0]
    assert data.groups == ["a", "a"]
    assert data.X[0, data.names.index("place")] == 1.0 and data.X[1, data.names.index("place")] == 0.0
    assert data.X[0, data.names.index("date_stated")] == 1.0


# --------------------------------------------------------------------------- the confidence


def test_every_feature_has_a_weight_and_an_evidence_weight_names_a_feature():
    names = set(finalize.features(Event()))
    assert names == set(finalize.W["features"])
    assert set(finalize.W["evidence"]) - {"bias"} <= names


@pytest.mark.parametrize("modality", ["asserted", "negated", "hypothetical", "future"])
def test_confidence_stays_in_0_1(modality):
    weak = Event(modality=modality, score=0.0, generic=True, mentions=1)
    strong = Event(
        modality=modality, event_type="Battles", sub_event_type="Armed clash", score=1e6, mentions=1000,
        main=True, sent_index=0, actor1=EventActor("army"), actor2=EventActor("rebels"),
        fatalities=Fatalities(3, 3, 3, "three soldiers were killed"),
        location=Location(name="Goma", lat=-1.68, lon=29.22),
        date=EventDate("2024-11-17", "2024-11-17", 1, "on Sunday (syntax)"),
    )
    extreme = {**finalize.W, "bias": 1e6, "features": {k: 1e6 for k in finalize.W["features"]}}
    for ev in (weak, strong):
        for weights in (None, extreme):
            c = finalize.confidence(ev, weights)
            assert 0.0 <= c <= 1.0
            if modality != "asserted":
                assert c <= finalize.W["not_asserted_cap"]
        assert 0.0 <= finalize.evidence(ev) <= 1.0


def test_a_placed_event_is_more_confident_than_one_without_a_place():
    placed = _event("Air/drone strike", "Mykolaiv")
    placeless = _event("Air/drone strike", None)
    assert finalize.features(placed)["place"] == 1.0 and finalize.features(placeless)["place"] == 0.0
    assert finalize.confidence(placed) > finalize.confidence(placeless)


# --------------------------------------------------------------------------- writing the weights


def test_write_weights_replaces_values_and_keeps_comments(tmp_path):
    path = tmp_path / "finalize_events.toml"
    path.write_text(calibrate.WEIGHTS_FILE.read_text("utf-8"), "utf-8")
    names = list(finalize.W["features"])
    data = calibrate.Labelled(names, np.zeros((0, len(names))), np.zeros(0), [], np.zeros(0))
    fit = calibrate.Calibration(data, 3.0, -2.5, {n: 0.25 for n in names}, {3.0: 0.4}, 1.2)
    calibrate.write_weights(fit, "realnews/dev.jsonl", path=path, revision="abc1234")
    text = path.read_text("utf-8")
    table = tomllib.loads(text)
    assert table["bias"] == -2.5
    assert table["features"] == {n: 0.25 for n in names}
    assert table["evidence"] == finalize.W["evidence"]  # hand-set tables are kept
    assert table["families"] == finalize.W["families"]
    assert table["not_asserted_cap"] == finalize.W["not_asserted_cap"]
    assert "abc1234" in text and "# Source: fitted by `wirecoder calibrate`" in text
    assert "# Licence: MIT." in text and all(len(line) <= 120 for line in text.splitlines())
