"""End to end on the project's first example, scored against its hand annotation.

``PASSING`` pins every check of ``tests/fixtures/seed/expected.json`` that the
pipeline meets today, so none can silently regress; the score is printed
(``pytest -s tests/test_seed.py``). Add a check here when a change makes it pass.
"""

from __future__ import annotations

from tests.seed_score import score
from wirecoder.schema import validate

PASSING: set[str] = {
    "article.published",
    "article.title",
    "event: coalition air strikes on IS fighters leaving the stranded convoy",
    "event: US bombing of the road and bridge between Hmaymah and Albukamal that blocked the convoy",
    "event: evacuation deal between IS and Hezbollah",
    "must_not: the coalition did NOT target the convoy itself (negated in the text): no asserted coalition attack"
    " on the convoy, its buses or the civilians",
    "must_not: Baghdad is where the spokesman briefed from, Damascus is metonymy for the government: neither is an"
    " event location",
    "must_not: the proposal to Russia never gained traction: no asserted agreement involving Russia",
    "place: Deir ez-Zour",
    "place: Palmyra",
    "place: Albukamal",
    "place: Baghdad",
    "place: Lebanon",
    "time: since August 29",
    "time: last week",
    "time: late August",
    "quote: We have struck individual ISIS",
    "quote: IS is a global threat",
    "actors: IS/ISIS/Islamic State",
    "actors: Hizballah",
}


def test_seed_record_is_valid(seed_article):
    assert validate(seed_article.to_record()) == []
    assert seed_article.errors == []


def test_seed_checks_do_not_regress(seed_article, seed_expected):
    results = score(seed_article.to_record(), seed_expected)
    passed = {name for name, (ok, _) in results.items() if ok}
    print(f"\nseed score: {len(passed)}/{len(results)} checks")
    for name, (ok, detail) in results.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}  [{detail}]")
    assert len(results) == 20
    assert passed >= PASSING, f"regressed: {sorted(PASSING - passed)}"


def test_seed_evidence_offsets_index_the_text(seed_article):
    text = seed_article.text
    for ev in seed_article.events:
        for span in ev.evidence:
            assert text[span.start : span.end] == span.text
    for kind in ("actors", "places", "times", "quantities", "quotes"):
        for m in getattr(seed_article.mentions, kind):
            assert text[m.start : m.end] == m.text, (kind, m)
