"""The actor knowledge base: its entries (:mod:`.actors`) and the generated state entries (:mod:`.build_states`)."""

from __future__ import annotations

from collections.abc import Iterable


def state_country_names(entries: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """Country names as ACLED writes them ("Democratic Republic of Congo", "the United States" -> "United States"),
    from the government entries of the generated states: ``(id, canonical, country)`` of each entry, e.g. the rows
    of ``data/kb/states.csv``; read by actor names ("Civilians (X)") and by the export's country column."""
    return {
        country: canonical.removeprefix("Government of ").removeprefix("the ")
        for entry_id, canonical, country in entries
        if country and entry_id.startswith("state:") and entry_id.endswith(":gov")
    }
