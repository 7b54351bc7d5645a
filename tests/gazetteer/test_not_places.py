"""Tests for the curated list of names that are never places (data/gazetteer/not_places.txt)."""

from __future__ import annotations

from wirecoder import lookups
from wirecoder.gazetteer import get_gazetteer, name_key
from wirecoder.resolve.geo import variant_keys


def test_not_places_each_entry_is_a_name_the_index_would_otherwise_match():
    # an entry the index cannot match (in whole, in a word, or through a spelling variant) would be dead weight
    gaz = get_gazetteer()
    names = lookups.lines("gazetteer/not_places.txt")
    assert names
    for name in names:
        keys = [name_key(name), *variant_keys(name_key(name)), *(name_key(word) for word in name.split())]
        assert any(gaz.has_key(k) for k in keys), name
