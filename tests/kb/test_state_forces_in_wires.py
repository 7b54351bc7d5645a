"""State forces as wire copy names them (issue #13, probes of 2026-12-03): a demonym on a weapon or strike noun
("Israeli airstrikes", "Ukrainian drones", "Russian shelling") is that state's armed forces; a bare state noun
("soldiers", "policemen") takes the country the places of the article give; French and "federal" names."""

from __future__ import annotations

import pytest

from wirecoder.kb.actors import load_kb


def _actor1(art) -> list[str]:
    return [e.actor1.canonical for e in art.events if e.actor1 is not None]


def _actor2(art) -> list[str]:
    return [e.actor2.canonical for e in art.events if e.actor2 is not None]


@pytest.mark.parametrize(
    ("text", "forces"),
    [
        (
            "Ukrainian drones attacked an oil refinery in Russia's Ryazan region overnight, the governor said.",
            "Military Forces of Ukraine",
        ),
        ("Israeli airstrikes killed 25 people in Gaza on Monday, health officials said.", "Military Forces of Israel"),
        (
            "At least 25 people were killed in Israeli airstrikes on Gaza on Monday, health officials said.",
            "Military Forces of Israel",
        ),
        (
            "A Russian drone attack on Odesa killed three people and damaged port infrastructure, the governor said.",
            "Military Forces of Russia",
        ),
        ("Russian shelling killed two civilians in Kherson, the regional governor said.", "Military Forces of Russia"),
        (
            "Pakistani airstrikes killed eight civilians in Afghanistan's Paktika province, Taliban officials said.",
            "Military Forces of Pakistan",
        ),
        (
            "Turkish drones struck YPG positions near Kobani, killing three fighters, a monitor said.",
            "Military Forces of Turkey",
        ),
        (
            "Russian guided bombs and missiles struck the city of Kharkiv on Sunday, killing seven people, the "
            "regional governor said.",
            "Military Forces of Russia",
        ),
    ],
)
def test_demonym_on_a_weapon_noun_is_the_states_forces(code, text, forces):
    art = code(text, published="2025-10-13")
    assert forces in _actor1(art), f"actor1 of the events: {_actor1(art)}"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # rockets from Gaza are fired by armed groups, not by a Palestinian state army
        ("Palestinian rocket fire hit the town of Sderot on Monday, the army said.", "Military Forces of Palestine"),
        # a demonym on a noun that is no weapon or strike
        ("Ukrainian drone makers opened a new plant near Lviv on Monday.", "Military Forces of Ukraine"),
    ],
)
def test_demonym_on_other_nouns_is_no_state_force(code, text, absent):
    art = code(text, published="2025-10-13")
    assert all(m.canonical != absent for m in art.mentions.actors)


@pytest.mark.parametrize(
    ("text", "forces"),
    [
        (
            "ISWAP fighters overran a military base in Marte in Borno State, killing at least 15 soldiers, military "
            "sources said.",
            "Military Forces of Nigeria",
        ),
        (
            "TTP militants attacked a police station in Bannu district, killing four policemen, officials said.",
            "Police Forces of Pakistan",
        ),
        (
            "Amhara militiamen attacked federal forces in the town of Debre Markos, residents said.",
            "Military Forces of Ethiopia",
        ),
    ],
)
def test_bare_state_noun_takes_the_country_of_the_places(code, text, forces):
    art = code(text, published="2025-10-13")
    assert forces in _actor2(art), f"actor2 of the events: {_actor2(art)}"


def test_french_name_of_the_malian_army():
    entries = load_kb().lookup("Forces Armées Maliennes")
    assert [e.canonical for e in entries] == ["Military Forces of Mali"]


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("Kyiv's forces", "Military Forces of Ukraine"), ("Russia's troops", "Military Forces of Russia")],
)
def test_country_or_capital_possessive_forces_are_the_military(name, canonical):
    assert {e.canonical for e in load_kb().lookup(name)} == {canonical}


def test_strikes_that_kill_are_no_walk_out(code):
    # a strike noun that is the subject of "kill" is a military strike: the headline is no violent demonstration
    art = code("Russian strikes kill seven in Kharkiv, regional governor says", published="2024-09-01")
    assert art.events
    assert all(e.event_type not in ("Protests", "Riots") for e in art.events)
    assert "Military Forces of Russia" in _actor1(art)
    # a walk-out stays a protest
    art = code("Dock workers went on strike in Antwerp on Monday over pay, their union said.", published="2024-09-02")
    assert [e.event_type for e in art.events] == ["Protests"]



def test_gang_members_are_an_armed_group_not_civilians(code):
    text = ("PORT-AU-PRINCE, Oct 4 (Reuters) - Police said officers had killed three gang members in a shootout in "
            "the Delmas area of Port-au-Prince on Thursday night.")
    art = code(text, published="2024-10-04")
    assert art.events
    assert all(e.actor2 is None or not e.actor2.canonical.startswith("Civilians") for e in art.events)
    assert any(e.actor2 is not None and e.actor2.canonical == "Unidentified Armed Group (Haiti)" for e in art.events)


def test_syrian_rebels_is_a_description_not_the_free_syrian_army(code):
    text = ("BEIRUT, Nov 30 (Reuters) - Syrian rebels led by Hayat Tahrir al-Sham swept into Aleppo on Saturday, "
            "taking control of most of the city after government forces withdrew, residents and a war monitor said.")
    art = code(text, published="2024-11-30")
    assert "Free Syrian Army" not in _actor1(art)
    assert "Hayat Tahrir al-Sham" in _actor1(art)


def test_men_a_mob_kills_are_civilians(code):
    text = ("Mob lynches two men accused of cattle theft in eastern India\n\nRANCHI, India, June 8 (Reuters) - A mob "
            "beat two men to death in India's eastern state of Jharkhand on Friday after accusing them of stealing "
            "cattle, police said on Saturday.")
    art = code(text, published="2024-06-08")
    mob = [e for e in art.events if e.sub_event_type == "Mob violence"]
    assert mob and mob[0].actor2 is not None and mob[0].actor2.canonical == "Civilians (India)"
