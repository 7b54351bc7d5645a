"""Language analysis: spaCy offsets equal text offsets; upper-case wires are truecased in place."""

from __future__ import annotations

import pytest

from wirecoder.analysis.nlp import detect_language, guess_language, is_upper_case, script_shares, truecase
from wirecoder.analysis.spans import sentence_at, token_at

WIRE = "SAN SALVADOR, 4 JAN 90 -- [TEXT] URBAN GUERRILLAS TODAY ATTACKED A POLICE STATION. TWO AGENTS DIED."


def test_nlp_truecase_keeps_length_and_sentence_capitals():
    tc = truecase(WIRE)
    assert len(tc) == len(WIRE)
    assert tc.startswith("San salvador, 4 jan 90")
    assert "Two agents died." in tc
    assert is_upper_case(WIRE) and not is_upper_case(tc)


def test_nlp_upper_case_text_is_parsed_on_truecased_copy(pipeline):
    from wirecoder.doc import Article

    art = pipeline.get_stage("analyse")(Article(id="w", text=WIRE))
    assert art.upper_case is True
    assert art.doc.text.lower() == WIRE.lower()
    verbs = [t.lemma_ for t in art.doc if t.pos_ == "VERB"]
    assert "attack" in verbs


def test_nlp_language_guess():
    assert guess_language("The army said that rebels had attacked the base in the north.") == "en"
    assert guess_language("Las fuerzas armadas dijeron que los rebeldes atacaron la base del norte.") == "es"
    assert guess_language("Security forces in Khartoum fired tear gas at protesters on Sunday.") == "en"
    assert guess_language("") is None


ARABIC = "قال الجيش إن المتمردين هاجموا القاعدة العسكرية في شمال البلاد يوم الثلاثاء وقتلوا خمسة جنود."
CHINESE = "军方表示，叛乱分子周二袭击了该国北部的一个军事基地，造成五名士兵死亡。"
RUSSIAN = "Армия заявила, что боевики ISIS атаковали военную базу под Donetsk во вторник, погибли пять солдат."
FRENCH = "L'armée a déclaré que les rebelles ont attaqué la base militaire dans le nord du pays mardi."


@pytest.mark.parametrize(
    ("text", "lang", "why"),
    [
        (ARABIC, "ar", "Arabic"),
        (CHINESE, "zh", "Han"),
        (RUSSIAN, "ru", "Cyrillic"),  # two Latin words do not make it English
        (FRENCH, "fr", "French function words"),
        ("Бойовики атакували базу в Донецькій області, повідомила армія.", "uk", "Cyrillic"),
        ("ارتش گفت که شورشیان پایگاه را در شمال کشور گرفتند و پنج سرباز کشته شدند.", "fa", "Arabic"),
        ("Der Armeesprecher sagte, dass die Rebellen die Basis im Norden angegriffen haben.", "de", "German"),
    ],
)
def test_nlp_detects_non_english_in_any_script(text, lang, why):
    got, reason = detect_language(text)
    assert got == lang and why in reason


def test_nlp_english_with_foreign_names_stays_english():
    text = "Police in Kabul said the attack on the مسجد الكبير killed 12 people and wounded dozens more on Friday."
    assert script_shares(text)["Arabic"] < 0.3
    assert guess_language(text) == "en"
    assert guess_language("Troops of the Front de libération nationale attacked a convoy near the border.") == "en"


def test_nlp_spans_token_and_sentence_at_offset(nlp):
    doc = nlp("Rebels attacked the base. Troops fired back.")
    assert token_at(doc, 7).text == "attacked"
    assert sentence_at(doc, 30).text == "Troops fired back."


@pytest.mark.parametrize(("text", "lang"), [(ARABIC, "ar"), (CHINESE, "zh"), (RUSSIAN, "ru"), (FRENCH, "fr")])
def test_nlp_non_english_document_is_not_coded(code, text, lang):
    art = code(text)
    assert art.language == lang
    assert [e.code for e in art.errors] == ["E203"]
    assert "not coded" in art.errors[0].message and "--lang any" in art.errors[0].message
    assert art.failed and art.events == [] and art.doc is None


def test_nlp_undetermined_language_is_flagged_not_dropped(code):
    art = code("Kiongozi Omar Bashir Khartoum Darfur Nyala Geneina Kutum Zalingei Tawila Kabkabiya.")
    assert art.language == "und"
    assert [e.code for e in art.errors] == ["E202"]
    assert not art.failed


def test_nlp_lang_any_codes_non_english(pipeline):
    from wirecoder.analysis.nlp import make_analyse
    from wirecoder.doc import Article

    stage = make_analyse(pipeline.config, languages="any")
    stage.name = "analyse"
    (art,) = stage.pipe([Article(id="fr", text=FRENCH)])
    assert art.language == "fr" and not art.failed and art.doc is not None
    assert [e.code for e in art.errors] == ["E202"]
    allow_fr = make_analyse(pipeline.config, languages="en,fr")
    assert not allow_fr(Article(id="fr", text=FRENCH)).failed
    assert allow_fr(Article(id="ru", text=RUSSIAN)).failed


def test_nlp_line_breaks_bound_sentences_in_web_copy(nlp):
    text = "Troops retake border town\n\n2 min read\nThe army said on Monday it had retaken the town of Kobani."
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0] == "Troops retake border town"
    assert "2 min read" in sents and sents[-1].startswith("The army said")


def test_nlp_hard_wrapped_wire_keeps_sentences_across_lines(nlp):
    from wirecoder.analysis.nlp import is_hard_wrapped

    text = (
        "GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT ATTACKED THE\n"
        "MILITARY GARRISON IN THE TOWN OF SAN MIGUEL EARLY TODAY, ACCORDING TO A\n"
        "MILITARY SPOKESMAN WHO SPOKE TO REPORTERS IN THE CAPITAL THIS MORNING.\n\n"
        "THE SPOKESMAN SAID THE ATTACK LASTED TWO HOURS AND THAT THE SOLDIERS\n"
        "REPELLED THE REBELS WITHOUT LOSSES TO THE ARMY.\n"
    )
    assert is_hard_wrapped(text)
    assert not is_hard_wrapped("Headline here\n\nA whole paragraph ends with a full stop.\nAnother one does too.\n")
    first = next(iter(nlp(text.lower()).sents)).text
    assert "military spokesman" in first  # the line break did not end the sentence


def test_nlp_truecase_keeps_wrapped_names_together():
    wire = (
        "   SAN SALVADOR, 4 JAN 90 -- [TEXT] ACCORDING TO STATEMENTS MADE BY A\n"
        "SALVADORAN OFFICER TODAY, DESPITE THE CHANGE IN THE LEADERSHIP OF THE\n"
        "AIR FORCE, THE REMOVAL OF ITS TOP COMMANDER, JUAN RAFAEL\n"
        "BUSTILLOS, WAS ANNOUNCED AFTER A MEETING HELD AT THE GENERAL STAFF TODAY.\n\n"
        "   THE AIR FORCE WILL CONTINUE ITS NORMAL ACTIVITIES, AN OFFICER SAID.\n"
    )
    tc = truecase(wire)
    assert "juan rafael\nbustillos" in tc  # a line break inside a sentence is layout
    assert "\n   The air force" in tc  # a blank line starts a new sentence
