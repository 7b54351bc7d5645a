"""Actor mentions: knowledge-base aliases, acronyms, metonymy, group nouns, people, user files."""

from __future__ import annotations

import time

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article
from wirecoder.errors import ConfigError
from wirecoder.kb.actors import fold, fold_key, load_kb
from wirecoder.mentions.actors import find_actor_mentions, make_actor_mentions


@pytest.fixture(scope="module")
def mentions(nlp):
    def _mentions(text: str, kb=None):
        art = Article(id="t", text=text)
        art.upper_case = is_upper_case(text)
        art.doc = nlp(truecase(text) if art.upper_case else text)
        return find_actor_mentions(art, kb)

    return _mentions


def _by_text(ms, text):
    found = [m for m in ms if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in ms]}"
    return found[0]


def test_actors_fold_keeps_offsets():
    text = "Hizb-Allah’s  FIGHTERS in Séléka"
    folded, offsets = fold(text)
    assert folded == "hizb allah fighters in seleka"  # possessive folded away
    assert text[offsets[folded.index("seleka")]] == "S"
    assert fold_key("Da'esh") == "daesh"


def test_actors_kb_loads_fast_and_is_large():
    kb = load_kb()
    assert len(kb) > 900
    start = time.perf_counter()
    load_kb()
    assert time.perf_counter() - start < 0.05  # cached per process
    assert all(kb.state_entry(cc, "mil") is not None for cc in ("SY", "NG", "SV", "US", "FR"))


def test_actors_is_aliases_share_one_canonical(mentions):
    ms = mentions("IS fighters attacked the town. ISIS later said the Islamic State had won; Daesh denied it.")
    canon = {m.canonical for m in ms if m.text in ("IS fighters", "ISIS", "Islamic State", "Daesh")}
    assert canon == {"Islamic State"}


def test_actors_english_is_never_islamic_state(mentions):
    ms = mentions("The situation is tense and it is unclear who is in charge, said the mayor.")
    assert not any(m.canonical == "Islamic State" for m in ms)


def test_actors_upper_case_wire(mentions):
    text = (
        "SAN SALVADOR, 4 JAN 90 -- FMLN GUERRILLAS ATTACKED THE SALVADORAN ARMY IN SAN MIGUEL. "
        "THE ARMY SAID THE SITUATION IS UNDER CONTROL AND IS CALM."
    )
    ms = mentions(text)
    fmln = _by_text(ms, "FMLN GUERRILLAS")
    assert fmln.canonical.startswith("Farabundo Marti") and fmln.inter == 2 and fmln.country == "SV"
    army = _by_text(ms, "SALVADORAN ARMY")
    assert army.canonical == "Military Forces of El Salvador" and army.category == "State Forces"
    assert not any(m.canonical == "Islamic State" for m in ms)


def test_actors_coalition_is_not_the_us(mentions):
    ms = mentions("A US-led coalition airstrike killed dozens of militants, a US military official said.")
    assert _by_text(ms, "US-led coalition").canonical.startswith("Operation Inherent Resolve")
    assert _by_text(ms, "US military").canonical == "Military Forces of the United States"


def test_actors_metonymy_and_descriptions(mentions):
    ms = mentions("The powerful Lebanese Shia movement Hizballah intervened to prop up the Damascus regime.")
    assert _by_text(ms, "Hizballah").canonical == "Hezbollah"
    regime = _by_text(ms, "Damascus regime")
    assert regime.country == "SY" and regime.category == "State Forces"


def test_actors_country_as_agent_only(mentions):
    ms = mentions("Russia offered a proposal. The convoy stopped in Syria.")
    assert _by_text(ms, "Russia").canonical == "Government of Russia"
    assert not any(m.text == "Syria" for m in ms)


def test_actors_group_nouns_with_demonyms(mentions):
    ms = mentions("Nigerian police arrested three gunmen after protesters blocked the road in Kano.")
    police = _by_text(ms, "Nigerian police")
    assert police.canonical == "Police Forces of Nigeria" and police.inter == 1
    gunmen = _by_text(ms, "gunmen")
    assert gunmen.kind == "generic" and gunmen.inter == 3
    assert _by_text(ms, "protesters").category == "Protesters"


def test_actors_unknown_group_kept_unresolved(mentions):
    ms = mentions("The Zorgan Liberation Front claimed the attack on the police station.")
    org = [m for m in ms if "Zorgan" in m.text][0]
    assert org.resolved is False and org.canonical == "Zorgan Liberation Front" and org.inter == 2
    assert not any(m.text == "police" for m in ms)  # "police station" is a place, not an actor


def test_actors_person_with_affiliation_and_surname(mentions):
    ms = mentions(
        "Colonel Ryan Dillon, a US military spokesman, said the strikes continued. "
        "Dillon told reporters in Baghdad that more strikes would follow."
    )
    p = [m for m in ms if m.kind == "person"]
    assert p[0].canonical == "Ryan Dillon" and p[0].affiliation == "Military Forces of the United States"
    assert p[0].role == "spokesman" and p[0].country == "US"
    assert any(m.text == "Dillon" and m.canonical == "Ryan Dillon" for m in p[1:])
    assert all(m.antecedent == (p[0].start, p[0].end) for m in p[1:] if m.text == "Dillon")


def test_actors_user_file_adds_and_overrides(tmp_path, mentions):
    path = tmp_path / "mine.csv"
    path.write_text(
        "# my actors\nid,canonical,aliases,inter,country\n"
        ",Zorgan Liberation Front,ZLF|Zorgan Front,2,ZZ\n"
        "hezbollah,Hezbollah (Lebanon),Hezbollah|Hizballah,3,LB\n",
        "utf-8",
    )
    kb = load_kb([str(path)])
    ms = mentions("The ZLF and Hizballah fighters clashed.", kb)
    assert _by_text(ms, "ZLF").canonical == "Zorgan Liberation Front"
    assert _by_text(ms, "Hizballah fighters").canonical == "Hezbollah (Lebanon)"
    stage = make_actor_mentions({}, extra_files=[str(path)])
    assert "user:zorgan_liberation_front" in stage.kb.entries


def test_actors_malformed_user_file_names_line(tmp_path, monkeypatch):
    path = tmp_path / "bad.csv"
    path.write_text("canonical,aliases,inter\nGood Group,GG,2\nBad Group,BG,9\n", "utf-8")
    with pytest.raises(ConfigError, match=r"bad.csv', line 3: 'inter' must be"):
        load_kb([str(path)])
    monkeypatch.setenv("WIRECODER_ACTORS", str(path))
    with pytest.raises(ConfigError, match="line 3"):
        make_actor_mentions({})


def test_actors_group_nouns_corefer_with_dominant_group(mentions):
    text = (
        "SAN SALVADOR, 5 JAN 90 -- THE FMLN ATTACKED A MILITARY POST. THE GUERRILLAS FLED NORTH, "
        "THE ARMY SAID. UNIDENTIFIED GUNMEN LATER KILLED A PEASANT."
    )
    ms = mentions(text)
    guerrillas = _by_text(ms, "GUERRILLAS")
    assert guerrillas.canonical.startswith("Farabundo Marti") and guerrillas.linked and guerrillas.noun == "guerrillas"
    gunmen = _by_text(ms, "UNIDENTIFIED GUNMEN")
    assert gunmen.canonical == "Unidentified Armed Group (El Salvador)" and gunmen.resolved is False
    assert _by_text(ms, "PEASANT").category == "Civilians"


def test_actors_title_gives_affiliation(mentions):
    ms = mentions("Serbian President Vojislav Kostunica promised reforms. Taiwan's Vice Foreign Minister left.")
    p = _by_text(ms, "Serbian President Vojislav Kostunica")
    assert p.kind == "person" and p.canonical == "Vojislav Kostunica" and p.country == "RS"
    assert p.category == "State Forces" and p.role == "president"
    assert _by_text(ms, "Vice Foreign Minister").country == "TW"


def test_actors_fuzzy_only_for_long_names(mentions):
    kb = load_kb()
    assert kb.fuzzy("Revolutionary Armed Force of Colombia").id == "farc"
    assert kb.fuzzy("FARC") is None  # short names never fuzzy
    assert kb.fuzzy("Revolutionary Council of Elders") is None


def test_actors_english_words_in_upper_case_are_not_acronyms(mentions):
    text = (
        "BOGOTA, 3 MAR 90 -- IN FACT THE ARMY TOLD US THAT THE MODEL IS FAR FROM READY. THE ELN AND THE FARC DENIED IT."
    )
    ms = mentions(text)
    canon = {m.canonical for m in ms}
    assert "Front for Change and Concord in Chad" not in canon and "Government of the United States" not in canon
    assert "Rebel Armed Forces (Guatemala)" not in canon
    assert {"National Liberation Army (ELN)", "Revolutionary Armed Forces of Colombia (FARC)"} <= canon


def test_actors_state_entries_for_every_country():
    import pycountry

    kb = load_kb()
    missing = [c.alpha_2 for c in pycountry.countries if kb.state_entry(c.alpha_2, "pol") is None]
    assert not missing


def test_actors_first_name_repeat_links_to_unique_full_name(mentions):
    ms = mentions("Police charged Bilal Mohammed with the bombing. Lawyers for Bilal said he was innocent.")
    assert any(m.text == "Bilal" and m.canonical == "Bilal Mohammed" for m in ms)


def test_actors_plural_demonyms_in_upper_case_are_people(mentions):
    ms = mentions("LIMA, 9 APR 90 -- TWO SALVADORANS AND A NIGHT WATCHMAN WERE KILLED BY PERUVIAN SOLDIERS.")
    salv = _by_text(ms, "SALVADORANS")
    assert salv.country == "SV" and salv.category == "Civilians"
    assert _by_text(ms, "NIGHT WATCHMAN").category == "Civilians"
    assert _by_text(ms, "PERUVIAN SOLDIERS").canonical == "Military Forces of Peru"


def test_actors_lower_case_text_finds_named_groups(mentions):
    """A text written all in lower case (Indian wire copy as scraped) names groups without capitals: matched as
    in an upper-case wire, with their country."""
    ms = mentions(
        "ahmedabad: vhp and bajrang dal activists staged a protest outside the collector's office on friday "
        "against the arrest of their leaders, police said."
    )
    found = {m.canonical: m.country for m in ms if m.kind == "group"}
    assert found == {"Vishva Hindu Parishad (VHP)": "IN", "Bajrang Dal": "IN"}


def test_actors_lower_case_names_need_lower_case_text(mentions):
    """In mixed-case text a lower-case word is no name: "the rss feed" is not the RSS."""
    ms = mentions("The Indian National Congress said the Rss feed of its website was down on Friday.")
    assert "Rashtriya Swayamsevak Sangh (RSS)" not in {m.canonical for m in ms}
    assert "Indian National Congress" in {m.canonical for m in ms}


def test_actors_settlement_spelt_another_way_is_no_person(mentions):
    # the tagger makes "Algarno" a person; the article calls "Alagarno" a village: a place, spelt two ways
    text = (
        "About 30 gunmen on motorcycles stormed Alagarno village at dawn. "
        "Sources said the Algarno attack took place yesterday morning."
    )
    assert not [m for m in mentions(text) if m.kind == "person"]
    # a name with a title stays a person, and so does one with no settlement near its spelling
    titled = mentions("Gunmen stormed Alagarno village at dawn. Colonel Algarno said the attack took place on Monday.")
    assert _by_text(titled, "Colonel Algarno").kind == "person"
    other = mentions("Gunmen stormed Dalori village at dawn. Algarno said the attack took place on Monday.")
    assert _by_text(other, "Algarno").kind == "person"


def test_actors_a_country_name_the_tagger_calls_a_person_is_the_state(code):
    # spaCy tags "Mali" in "The Mali junta" as a person: a country's name is never a person
    art = code("The Mali junta said it repelled an attack on a military school.", published="2024-09-17")
    assert [(m.text, m.canonical) for m in art.mentions.actors] == [("Mali junta", "Government of Mali")]


def test_actors_a_capital_in_apposition_to_a_place_noun_is_a_place(code):
    # "Mali's capital Bamako": the capital is where it happened, not the government that suffered it
    text = ("Gunmen attacked a gendarmerie training school and the military airport in Mali's capital Bamako early on "
            "Tuesday, the army said.")
    art = code(text, published="2024-09-17")
    assert all(m.text != "Bamako" for m in art.mentions.actors)
