"""Every country's capital is marked P.PPLC, also when its GeoNames name has accents or changed."""

from __future__ import annotations

import pytest

from wirecoder.gazetteer import get_gazetteer


@pytest.mark.parametrize(
    ("cc", "name"),
    [("CR", "San José"), ("CO", "Bogotá"), ("BR", "Brasília"), ("CM", "Yaoundé"), ("KZ", "Astana"), ("PY", "Asunción")],
)
def test_gazetteer_capital_with_accents(cc, name):
    capital = get_gazetteer().capital(cc)
    assert capital is not None and capital.name == name and capital.feature == "P.PPLC"


def test_gazetteer_san_jose_is_costa_rica_in_a_central_american_story():
    """The capital prior lifts San José above the bigger San Jose, California, when nothing else decides."""
    from wirecoder.resolve.geo import ResolveGeo, _Named

    gaz = get_gazetteer()
    resolver = ResolveGeo({})
    named = _Named(key="sanjose", role="location", noun=None)
    best = max(gaz.candidates("San Jose"), key=lambda c: resolver._prior(named, c))
    assert best.cc == "CR"
