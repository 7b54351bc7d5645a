"""The event-level MUC-4 measure: asserted events and templates per relevant message, template recall."""

from __future__ import annotations

import pytest

from wirecoder.eval.events import (
    score_muc4_events,
    template_country_agrees,
    template_date_agrees,
    template_place_agrees,
    templates_recalled,
)


def template(
    kind: str = "BOMBING",
    after: str | None = "1990-01-08",
    before: str | None = "1990-01-09",
    path=None,
    optional: bool = False,
) -> dict:
    """A MUC-4 gold template (defaults: a bombing in San Salvador on 8-9 January 1990)."""
    path = path if path is not None else [("EL SALVADOR", "COUNTRY"), ("SAN SALVADOR", "CITY")]
    return {
        "optional_template": optional,
        "incident_type": [{"raw": kind, "optional": False, "values": [kind]}],
        "incident_date": {"raw": "", "alternatives": [{"on_or_after": after, "on_or_before": before}]},
        "incident_location": {
            "raw": "",
            "optional": False,
            "alternatives": [[{"name": n, "type": t} for n, t in path]] if path else [],
        },
    }


def event(
    sub: str = "Remote explosive/landmine/IED",
    day: str | None = "1990-01-09",
    name: str = "San Salvador",
    admin1: str | None = "San Salvador",
    country: str = "SV",
    modality: str = "asserted",
) -> dict:
    return {
        "sub_event_type": sub,
        "modality": modality,
        "confidence": 0.9,
        "date": {"start": day} if day else None,
        "location": {"name": name, "admin1": admin1, "country_code": country},
    }


def doc(templates: list[dict], relevant: bool = True) -> dict:
    return {"id": "TST-1", "text": "", "gold": {"relevant": relevant, "templates": templates}}


def rec(events: list[dict]) -> dict:
    return {"article": {"id": "TST-1"}, "events": events, "mentions": {}, "errors": []}


def test_date_agrees_within_range_and_a_day_either_side():
    t = template()
    assert template_date_agrees(event(day="1990-01-08"), t)
    assert template_date_agrees(event(day="1990-01-10"), t)  # one day after the range
    assert not template_date_agrees(event(day="1990-01-11"), t)
    assert not template_date_agrees(event(day=None), t)
    assert template_date_agrees(event(day="1989-05-01"), template(after=None, before="1990-01-09"))  # open bound
    assert template_date_agrees(event(day=None), template(after=None, before=None))  # no gold date


def test_place_agrees_below_country_by_name_or_admin1_and_country_only_by_code():
    t = template()
    assert template_place_agrees(event(name="SAN SALVADOR"), t)
    assert template_place_agrees(event(name="Soyapango", admin1="San Salvador"), t)  # inside the department
    assert not template_place_agrees(event(name="El Salvador", admin1=None), t)  # vaguer than the gold
    assert not template_place_agrees(event(name="San Miguel", admin1="San Miguel"), t)
    country_only = template(path=[("EL SALVADOR", "COUNTRY")])
    assert template_place_agrees(event(name="San Miguel", admin1="San Miguel", country="SV"), country_only)
    assert not template_place_agrees(event(name="Tegucigalpa", admin1=None, country="HN"), country_only)
    accents = template(path=[("COLOMBIA", "COUNTRY"), ("BOGOTA", "CITY")])
    assert template_place_agrees(event(name="Bogotá", admin1=None, country="CO"), accents)
    assert template_country_agrees(event(name="El Salvador", admin1=None), t)
    assert not template_country_agrees(event(country="HN"), t)


def test_templates_recalled_one_to_one_required_first():
    templates = [template(optional=True), template(), template(kind="KIDNAPPING")]
    # one bombing event: it recalls the required bombing, not the optional one
    assert templates_recalled([event()], templates) == 1
    # a second bombing finds only the optional template left: no more required recall
    assert templates_recalled([event(), event()], templates) == 1
    # a kidnapping event at the wrong date is recalled on type alone
    kidnap = event(sub="Abduction/forced disappearance", day="1990-03-01")
    assert templates_recalled([event(), kidnap], templates, date=False, place="") == 2
    assert templates_recalled([event(), kidnap], templates) == 1


def test_muc4_event_level_metrics():
    golds = [
        doc([template(), template(kind="KIDNAPPING", optional=True)]),
        doc([template(path=[("PERU", "COUNTRY"), ("LIMA", "CITY")])]),
        doc([], relevant=False),
    ]
    preds = [
        rec(
            [event(), event(name="El Salvador", admin1=None), event(sub="Peaceful protest"), event(modality="negated")]
        ),
        rec([event(name="Lima", admin1="Lima", country="PE", day="1990-02-01")]),
        rec([event(), event()]),  # not relevant: not counted per relevant message
    ]
    result = score_muc4_events(golds, preds)
    assert result.metric("asserted events per relevant message").value == pytest.approx(4 / 2)
    assert result.metric("asserted MUC-incident events per relevant message").value == pytest.approx(3 / 2)
    assert result.metric("incident templates per relevant message").value == pytest.approx(3 / 2)
    recall = {m.name: m.value for m in result.metrics if m.name.startswith("template recall")}
    assert result.metric("template recall (type agree)").n == 2  # the optional template is not required
    assert recall == {
        "template recall (type agree)": 1.0,
        "template recall (type, date agree)": 0.5,  # the Lima bombing is dated a month late
        "template recall (type, date, country agree)": 0.5,
        "template recall (type, date, place agree)": 0.5,
    }
