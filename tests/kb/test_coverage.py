"""Knowledge-base coverage: the armed groups, militias and forces of each conflict region resolve by name,
code as actor1 of the events they carry out, and ordinary words or places that share a name do not fire."""

from __future__ import annotations

import re
from datetime import date

import pytest

from wirecoder.analysis.nlp import is_upper_case, truecase
from wirecoder.doc import Article
from wirecoder.kb.actors import CATEGORIES, load_kb, read_entries
from wirecoder.lookups import data_path
from wirecoder.mentions.actors import find_actor_mentions

# One or two of the most reported actors per region: (name as written, canonical, inter, country).
NAMES = [
    # Sahel
    ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", 2, "ML"),
    ("Islamic State Sahel", "Islamic State Sahel Province", 2, None),
    ("Katiba Macina", "Katiba Macina", 2, "ML"),
    ("Africa Corps", "Wagner Group", 8, "RU"),
    ("Dan Na Ambassagou", "Dan Na Ambassagou", 4, "ML"),
    ("Koglweogo", "Koglweogo", 4, "BF"),
    # Lake Chad
    ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Boko Haram", 2, "NG"),
    ("Multinational Joint Task Force", "Multinational Joint Task Force", 8, None),
    ("Lakurawa", "Lakurawa", 2, "NG"),
    # Horn of Africa
    ("Islamic State Somalia Province", "Islamic State Somalia Province", 2, "SO"),
    ("Macawisley", "Macawisley", 3, "SO"),
    ("ATMIS", "African Union Mission in Somalia", 8, "SO"),
    ("ENDF", "Military Forces of Ethiopia", 1, "ET"),
    # Great Lakes
    ("AFC/M23", "M23", 2, "CD"),
    ("Wazalendo", "Wazalendo", 3, "CD"),
    ("Twirwaneho", "Twirwaneho", 4, "CD"),
    ("FARDC", "Military Forces of Democratic Republic of Congo", 1, "CD"),
    ("SAMIDRC", "SADC Mission in the Democratic Republic of Congo", 8, "CD"),
    # Sudan and South Sudan
    ("SLA-Minnawi", "SLM/A (Minni Minawi faction)", 2, "SD"),
    ("SPLM-N al-Hilu", "SPLM-N (al-Hilu faction)", 2, "SD"),
    ("Agwelek forces", "Agwelek forces", 3, "SS"),
    # Libya and Yemen
    ("Special Deterrence Force", "Special Deterrence Force", 3, "LY"),
    ("444 Brigade", "444 Brigade", 3, "LY"),
    ("Giants Brigades", "Giants Brigades", 3, "YE"),
    ("Ansarullah", "Houthis (Ansar Allah)", 2, "YE"),
    # Syria, Iraq, Israel and Palestine
    ("TFSA", "Syrian National Army", 2, "SY"),
    ("Islamic Resistance in Iraq", "Islamic Resistance in Iraq", 3, "IQ"),
    ("Jenin Brigade", "Jenin Brigade", 2, "PS"),
    ("Abu Ali Mustafa Brigades", "Popular Front for the Liberation of Palestine", 2, "PS"),
    # Afghanistan, Pakistan and India
    ("Fitna al-Khawarij", "Tehrik-i-Taliban Pakistan", 2, "PK"),
    ("Hafiz Gul Bahadur group", "Hafiz Gul Bahadur group", 2, "PK"),
    ("NSCN-IM", "NSCN (Isak-Muivah)", 2, "IN"),
    ("Arambai Tenggol", "Arambai Tenggol", 4, "IN"),
    # Myanmar
    ("Three Brotherhood Alliance", "Three Brotherhood Alliance", 2, "MM"),
    ("KNDF", "Karenni Nationalities Defense Force", 2, "MM"),
    ("United Wa State Army", "United Wa State Army", 2, "MM"),
    # Ukraine and Russia
    ("Luhansk People's Republic", "United Armed Forces of Novorossiya", 2, "UA"),
    ("Freedom of Russia Legion", "Freedom of Russia Legion", 2, "RU"),
    ("SBU", "Military Forces of Ukraine", 1, "UA"),
    # Americas
    ("Segunda Marquetalia", "Segunda Marquetalia (FARC dissidents)", 2, "CO"),
    ("Estado Mayor Central", "Estado Mayor Central (FARC dissidents)", 2, "CO"),
    ("Cartel del Noreste", "Cartel del Noreste", 3, "MX"),
    ("Los Chapitos", "Los Chapitos (Sinaloa Cartel faction)", 3, "MX"),
    ("Gulf Cartel", "Gulf Cartel", 3, "MX"),
    ("400 Mawozo", "400 Mawozo", 3, "HT"),
    ("Viv Ansanm", "Viv Ansanm gang coalition", 3, "HT"),
    # Philippines and Mozambique
    ("Dawlah Islamiyah-Maute", "Maute group", 2, "PH"),
    ("Armed Forces of the Philippines", "Military Forces of the Philippines", 1, "PH"),
    ("al-Shabaab (Mozambique)", "Islamic State Mozambique Province", 2, "MZ"),
    # International
    ("EUNAVFOR Atalanta", "EUNAVFOR Operation Atalanta", 8, None),
    ("UNSMIL", "UNSMIL", 8, "LY"),
]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(("name", "canonical", "inter", "country"), NAMES)
def test_kb_region_actor_resolves_by_name(kb, name, canonical, inter, country):
    entries = kb.lookup(name)
    assert len({e.canonical for e in entries}) == 1, f"{name!r} -> {[e.canonical for e in entries]}"
    entry = entries[0]
    assert (entry.canonical, entry.inter, entry.country) == (canonical, inter, country)
    assert entry.category == CATEGORIES[inter]


# Short reports in the style of wire copy, one per region: the named group is the event's actor1.
SENTENCES = [
    (
        "IS Somalia fighters attacked a military base in the Cal Miskaad mountains of Puntland, Somalia, on Monday, "
        "killing five soldiers.",
        "Islamic State Somalia Province",
    ),
    (
        "Macawisley militias clashed with al-Shabaab fighters in Hiraan, Somalia, on Tuesday, killing six people.",
        "Macawisley",
    ),
    (
        "Wazalendo fighters attacked M23 positions near Sake in North Kivu, Democratic Republic of Congo, on Friday.",
        "Wazalendo",
    ),
    (
        "Twirwaneho fighters attacked a village near Minembwe in South Kivu, Democratic Republic of Congo, on Sunday, "
        "killing seven civilians.",
        "Twirwaneho",
    ),
    (
        "The Three Brotherhood Alliance seized the town of Lashio in Shan State, Myanmar, on Saturday.",
        "Three Brotherhood Alliance",
    ),
    (
        "Giants Brigades fighters clashed with Houthi forces near Hays in Hodeidah, Yemen, on Sunday, "
        "killing 12 fighters.",
        "Giants Brigades",
    ),
    (
        "Fano fighters attacked a police station in Gondar, Ethiopia, on Tuesday, killing three police officers.",
        "Fano militia",
    ),
    (
        "Kuki militants opened fire on a village in Bishnupur district, Manipur, India, on Monday, killing two people.",
        "Kuki ethnic militia",
    ),
    ("Gran Grif gang members attacked the town of Pont-Sonde in Haiti on Thursday, killing 70 people.", "Gran Grif"),
    (
        "Segunda Marquetalia fighters ambushed an army patrol in Narino, Colombia, on Friday, killing four soldiers.",
        "Segunda Marquetalia (FARC dissidents)",
    ),
    ("MNJTF troops killed 30 Boko Haram fighters near Lake Chad on Sunday.", "Multinational Joint Task Force"),
    (
        "Rada forces clashed with the Stability Support Apparatus in Tripoli, Libya, on Monday, killing nine people.",
        "Special Deterrence Force",
    ),
]


@pytest.mark.parametrize(("text", "actor1"), SENTENCES, ids=[s[1] for s in SENTENCES])
def test_kb_new_group_is_actor1_of_its_event(code, text, actor1):
    art = code(text, published="2024-03-05")
    found = [e.actor1.canonical for e in art.events if e.actor1 is not None]
    assert actor1 in found, f"actor1 of the events: {found}"


@pytest.fixture(scope="module")
def mentions(nlp):
    def _mentions(text: str):
        art = Article(id="t", text=text)
        art.upper_case = is_upper_case(text)
        art.doc = nlp(truecase(text) if art.upper_case else text)
        return find_actor_mentions(art)

    return _mentions


def _canonicals(ms) -> set[str]:
    return {m.canonical for m in ms if m.canonical}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SNA troops recaptured the town of Mahas in Hiraan, Somalia, from al-Shabaab.", "Military Forces of Somalia"),
        ("The SNA shelled Kurdish positions near Manbij in northern Syria on Sunday.", "Syrian National Army"),
        ("PNP officers arrested two suspects in Cotabato City, Philippines.", "Police Forces of the Philippines"),
        ("VDP volunteers repelled an attack on Djibo, Burkina Faso.", "Volunteers for the Defense of the Homeland"),
        ("Coalition warplanes struck Houthi positions in Saada, Yemen, on Monday.", "Saudi-led coalition"),
        (
            "Coalition warplanes struck positions near Raqqa, Syria, on Monday.",
            "Operation Inherent Resolve (US-led coalition)",
        ),
        ("Maoist rebels ambushed a police patrol in Dantewada, India.", "Communist Party of India (Maoist)"),
        ("Maoist rebels attacked a police post in Rolpa district, Nepal.", "Communist Party of Nepal (Maoist)"),
    ],
)
def test_kb_shared_name_takes_the_article_country(mentions, text, expected):
    assert expected in _canonicals(mentions(text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a town in Italy, not the Amhara militia
        ("The festival in Fano, Italy, drew thousands of visitors on Saturday.", "Fano"),
        # "MPC" is a central bank's monetary policy committee far more often than a Central African rebel group
        ("The MPC raised the benchmark rate by 50 basis points on Tuesday.", "MPC"),
        # "DNR" officers in US news are a natural-resources department, not Donbas separatists
        ("DNR officers rescued two hikers in the state park on Sunday.", "DNR"),
        # a Soviet-made anti-aircraft gun, not Ukraine's armed forces
        ("Rebels fired a ZSU-23 anti-aircraft gun at the helicopter.", "ZSU"),
        # "BIR" is also the Philippine Bureau of Internal Revenue
        ("The BIR collected more taxes in Manila this year.", "BIR"),
        # "Resistance Front" alone is part of many names, not Kashmir's TRF
        ("The Popular Resistance Front held a rally in the capital.", "Resistance Front"),
        # Iran's Razavi Khorasan province, not the Islamic State's Khorasan Province
        ("Floods hit Mashhad in Razavi Khorasan Province on Monday.", "Khorasan"),
        # a date, not the Greek group "17 November"
        ("Police in Athens said on November 17 that two bombs had exploded.", "November 17"),
        ("The attack took place on 17 November in Athens.", "17 November"),
    ],
)
def test_kb_ordinary_word_or_place_alias_does_not_fire(mentions, text, word):
    named = [(m.text, m.canonical) for m in mentions(text) if m.entry_id and word in m.text]
    assert not named, f"{word!r} named an actor: {named}"


def test_kb_junta_forces_is_not_myanmar_everywhere(mentions):
    # juntas rule in Mali, Burkina Faso, Niger and Myanmar: "junta forces" alone names none of them
    ms = mentions("Junta forces killed 20 civilians in a village in central Mali on Friday.")
    assert "Military Forces of Myanmar" not in _canonicals(ms)


def test_kb_bare_agent_only_name_fires_as_agent(mentions):
    ms = mentions("Fano captured the town of Lalibela on Wednesday after heavy fighting with the ENDF.")
    assert {"Fano militia", "Military Forces of Ethiopia"} <= _canonicals(ms)


STATE_NAME = re.compile(r"^(Military|Police) Forces of ")


def test_kb_named_state_units_use_the_generated_state_names(kb):
    """A unit named "Military Forces of X" / "Police Forces of X" carries the exact name of the generated state
    entry of its country ("Government of National Accord" is a proper name, not a state form)."""
    generated = {e.canonical: e.country for e in kb.entries.values() if e.id.startswith("state:")}
    for name in ("groups.csv", "international.csv"):
        for e in read_entries(data_path(f"kb/{name}")):
            if STATE_NAME.match(e.canonical):
                assert generated.get(e.canonical) == e.country, f"{name}: {e.id} {e.canonical!r} ({e.country})"


def test_kb_hand_written_entries_name_a_source_and_valid_ids(kb):
    seen: dict[str, str] = {}
    for name in ("groups.csv", "international.csv"):
        for e in read_entries(data_path(f"kb/{name}")):
            assert e.source, f"{name}: {e.id} has no source"
            assert e.qid is None or re.fullmatch(r"Q[1-9][0-9]*", e.qid), f"{name}: {e.id} qid {e.qid!r}"
            assert e.inter is not None and e.category == CATEGORIES[e.inter], f"{name}: {e.id}"
            assert e.id not in seen, f"{e.id} in {seen.get(e.id)} and {name}"
            seen[e.id] = name
    assert len(seen) >= 400


def test_kb_user_file_still_overrides_and_adds(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,canonical,aliases,inter,country\n"
        "rada,Rada (Tripoli),Rada force|Radaa,3,LY\n"
        ",Gorgor Commandos,Gorgor,1,SO\n",
        "utf-8",
    )
    user = load_kb([str(path)])
    assert user.get("rada").canonical == "Rada (Tripoli)"
    assert user.lookup("Gorgor")[0].canonical == "Gorgor Commandos"
    assert user.get("wazalendo").canonical == "Wazalendo"  # the built-in entries stay
    assert load_kb().get("rada").canonical == "Special Deterrence Force"


ARTICLES = [
    (
        "MAIDUGURI, Nigeria (Reuters) - ISWAP fighters attacked a military base in Borno State on Monday, killing "
        "eight soldiers, the army said.\n\nLakurawa militants killed 15 farmers in Sokoto State on Tuesday, police "
        "said.\n\nMNJTF troops killed 20 insurgents near Lake Chad on Wednesday, the task force said.",
        {
            "Islamic State West Africa Province": 2,
            "Lakurawa": 2,
            "Multinational Joint Task Force": 8,
        },
    ),
    (
        "GOMA, Congo (Reuters) - Wazalendo fighters attacked M23 positions near Sake in North Kivu on Friday, local "
        "officials said.\n\nTwirwaneho fighters attacked a village near Minembwe in South Kivu on Sunday, killing "
        "seven civilians.\n\nCODECO militiamen killed 12 displaced people at a camp in Djugu territory, Ituri "
        "province, on Monday.",
        {"Wazalendo": 3, "Twirwaneho": 4, "CODECO": 4},
    ),
]


@pytest.mark.parametrize(("text", "actors"), ARTICLES, ids=["lake-chad", "great-lakes"])
def test_kb_service_codes_a_regional_article_with_its_groups(pipeline, text, actors):
    from wirecoder import service

    art = service.code_text(text, pipeline, published=date(2024, 3, 5))
    coded = {e["actor1"]["canonical"]: e["actor1"].get("inter") for e in art.to_record()["events"] if e.get("actor1")}
    for canonical, inter in actors.items():
        assert coded.get(canonical) == inter, f"{canonical} (inter {inter}) not an actor1 in {coded}"


# Names added for the regions' second tier of actors: (name as written, canonical, inter, country).
ADDED = [
    ("Mahmuda group", "Mahmuda group", 2, "NG"),
    ("SSC-Khaatumo", "SSC-Khaatumo", 3, "SO"),
    ("Puntland Dervish Force", "Puntland Security Forces", 1, "SO"),
    ("CNPSC", "Mai-Mai Yakutumba", 3, "CD"),
    ("Misseriya militia", "Misseriya ethnic militia", 4, "SD"),
    ("Nation's Shield Forces", "Nation's Shield Forces", 3, "YE"),
    ("Faylaq al-Sham", "Sham Legion", 2, "SY"),
    ("Kataib Babiliyoun", "Babylon Brigades", 3, "IQ"),
    ("PA security forces", "Police Forces of Palestine", 1, "PS"),
    ("ISPP", "Islamic State Pakistan Province", 2, "PK"),
    ("PLFI", "People's Liberation Front of India", 2, "IN"),
    ("Garo National Liberation Army", "Garo National Liberation Army", 2, "IN"),
    ("Kuki-Chin National Front", "Kuki-Chin National Front", 2, "BD"),
    ("Mongla army", "National Democratic Alliance Army", 2, "MM"),
    ("CNEB", "Coordinadora Nacional Ejército Bolivariano", 2, "CO"),
    ("Frente 33", "Estado Mayor de Bloques y Frente (FARC dissidents)", 2, "CO"),
    ("Los Ardillos", "Los Ardillos", 3, "MX"),
    ("Bwa Kale", "Bwa Kale movement", 3, "HT"),
    ("BIFF-Karialan", "Bangsamoro Islamic Freedom Fighters", 2, "PH"),
]


@pytest.mark.parametrize(("name", "canonical", "inter", "country"), ADDED)
def test_kb_second_tier_actor_resolves_by_name(kb, name, canonical, inter, country):
    entries = kb.lookup(name)
    assert [(e.canonical, e.inter, e.country) for e in entries] == [(canonical, inter, country)]
    assert entries[0].category == CATEGORIES[inter]
