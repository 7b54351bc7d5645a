"""A faster drop-in for a spaCy pipeline's ``attribute_ruler``: the same rules, the same annotations.

spaCy's ``AttributeRuler`` (coarse part of speech and morphology from the fine tag, lemma and
part-of-speech exceptions) runs a general token ``Matcher`` with all its rules over every token and
then sets each match with its own Python call: with ``en_core_web_sm`` it took a sixth of the whole
parse on the benchmark sample (``docs/benchmarks.md``), as much as the tagger and the parser together.
Its rules test a token's lower-case form, tag, dependency label and whether it is white space, one or
two tokens at a time, so the one-token rules that hold for a token depend on those four values only:
this component works them out once per distinct combination (about 26,000 in 314 articles) and reuses
them, checks the few two-token rules where their first token fits, and sets each token's merged
attributes once with spaCy's own setter.

It reads the rules from the model's ruler, so nothing of the model is copied here, and it gives
exactly the annotations of the ruler it replaces: matches applied in rule order (later rules win),
attributes set by ``spacy.tokens._retokenize.set_token_attrs`` with the ruler's own normalised
values. A ruler with a rule it does not understand (another attribute, an operator such as ``OP``,
``REGEX`` on another attribute than the lower-case form...) is left in place
(:func:`replace_attribute_ruler` returns False). ``tests/analysis/test_speed.py`` compares both on
real text.

DOCS: docs/benchmarks.md
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Table
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: The token attributes a rule may test, in the order of a token's key; the last is a flag (0/1).
_KEY_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")
_ARRAY_ATTRS = [LOWER, TAG, DEP, IS_SPACE]
#: Distinct token keys remembered at most (about 40 MB); the memory is cleared when more come.
_MAX_KEYS = 200_000


class Unsupported(Exception):
    """A model component one of wirecoder's drop-ins cannot follow exactly (a ruler rule, a recognizer's beam)."""


class _AttrTest:
    """The test of one attribute of a token pattern on a token's key: exact value, ``IN``, ``NOT_IN``, or
    ``REGEX`` (searched in the lower-case form, as spaCy's matcher does). A class, not a closure, so that a
    pipeline holding it can be pickled (``nlp.pipe(n_process=...)`` on platforms that spawn processes)."""

    def __init__(self, pos: int, value, strings) -> None:
        name = _KEY_ATTRS[pos]
        self.pos = pos
        self.regex: re.Pattern | None = None
        self.negate = False
        self.values: frozenset[int] = frozenset()
        if name == "IS_SPACE" and isinstance(value, bool):
            self.values = frozenset({int(value)})
        elif name != "IS_SPACE" and isinstance(value, str):
            self.values = frozenset({strings.add(value)})
        elif name != "IS_SPACE" and isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                self.values = frozenset(strings.add(v) for v in arg)
                self.negate = op == "NOT_IN"
            elif op == "REGEX" and name == "LOWER" and isinstance(arg, str):
                self.regex = re.compile(arg)
            else:
                raise Unsupported(f"{name} {value!r}")
        else:
            raise Unsupported(f"{name} {value!r}")

    def __call__(self, key: tuple[int, ...], strings) -> bool:
        if self.regex is not None:
            return self.regex.search(strings[key[self.pos]]) is not None
        return (key[self.pos] in self.values) != self.negate


class _TokenPattern:
    """One token of a rule's pattern: the test of every attribute it names, and the lower-case forms it
    requires when it requires some (exact value or ``IN``), so that rules can be looked up by a token's form."""

    def __init__(self, spec: dict, strings) -> None:
        tests = []
        for attr, value in spec.items():
            if attr not in _KEY_ATTRS:
                raise Unsupported(attr)
            tests.append(_AttrTest(_KEY_ATTRS.index(attr), value, strings))
        self.tests = tuple(tests)
        lower = spec.get("LOWER")
        self.uses_lower = lower is not None
        self.lower: frozenset[int] | None = None
        if isinstance(lower, str):
            self.lower = frozenset({strings.add(lower)})
        elif isinstance(lower, dict) and isinstance(lower.get("IN"), list):
            self.lower = frozenset(strings.add(v) for v in lower["IN"])

    def __call__(self, key: tuple[int, ...], strings) -> bool:
        return all(t(key, strings) for t in self.tests)


class _PerDoc:
    """A spaCy component that annotates one ``Doc`` at a time: ``nlp.pipe`` calls it on each."""

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:  # noqa: ARG002 - spaCy's signature
        for doc in docs:
            yield self(doc)


class FastAttributes(_PerDoc):
    """The rules of an ``AttributeRuler``, applied per distinct token key (see the module docstring).

    ruler (AttributeRuler): the ruler whose rules and normalised attributes to apply.
    RAISES Unsupported: a rule this component cannot evaluate exactly.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.attrs = ruler.attrs
        #: Longer rules: (rule id, patterns of each token, offset of the token that gets the attributes).
        self.multi: list[tuple[int, list[_TokenPattern], int]] = []
        # The first tokens of all rules, as (one-token rule id or None, index in self.multi or None, pattern):
        # looked up by lower-case form, by the other attributes alone, or tried on every new key.
        self._by_lower: dict[int, list[tuple[int | None, int | None, _TokenPattern]]] = {}
        self._no_lower: list[tuple[int | None, int | None, _TokenPattern]] = []
        self._other: list[tuple[int | None, int | None, _TokenPattern]] = []
        for rule_id, rule in enumerate(ruler.patterns):  # in rule order, as the ruler's attrs and indices
            index = rule["index"]
            for pattern in rule["patterns"]:
                tokens = [_TokenPattern(spec, strings) for spec in pattern]
                if not tokens or not -len(tokens) <= index < len(tokens):
                    raise Unsupported(f"rule {rule_id}: index {index} of a {len(tokens)}-token pattern")
                if len(tokens) == 1:
                    item = (rule_id, None, tokens[0])
                else:
                    item = (None, len(self.multi), tokens[0])
                    self.multi.append((rule_id, tokens, index % len(tokens)))
                first = tokens[0]
                if first.lower is not None:
                    for h in first.lower:
                        self._by_lower.setdefault(h, []).append(item)
                elif first.uses_lower:
                    self._other.append(item)
                else:
                    self._no_lower.append(item)
        #: token key -> (ids of the one-token rules that hold, in order; longer rules whose first token fits).
        self._by_key: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        #: the same for the rules that do not test the lower-case form, by the key without it.
        self._by_rest: dict[tuple[int, ...], list[tuple[int | None, int | None, _TokenPattern]]] = {}
        #: sorted rule ids -> their attributes merged in rule order (later rules win).
        self._merged: dict[tuple[int, ...], dict] = {}

    def _lookup(self, key: tuple[int, ...], strings) -> tuple[tuple[int, ...], tuple[int, ...]]:
        hit = self._by_key.get(key)
        if hit is None:
            rest = self._by_rest.get(key[1:])
            if rest is None:
                rest = self._by_rest[key[1:]] = [item for item in self._no_lower if item[2](key, strings)]
            items = [item for item in (*self._by_lower.get(key[0], ()), *self._other) if item[2](key, strings)] + rest
            single = tuple(sorted({r for r, _, _ in items if r is not None}))
            starts = tuple(sorted(n for _, n, _ in items if n is not None))
            hit = self._by_key[key] = (single, starts)
        return hit

    def _merge(self, rule_ids: tuple[int, ...]) -> dict:
        merged = self._merged.get(rule_ids)
        if merged is None:
            merged = {}
            for rule_id in rule_ids:
                merged.update(self.attrs[rule_id])
            self._merged[rule_ids] = merged
        return merged

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        keys = [tuple(row) for row in doc.to_array(_ARRAY_ATTRS).tolist()] if len(doc) else []
        if len(self._by_key) > _MAX_KEYS:  # bounded memory over any number of documents
            self._by_key.clear()
        found: list[tuple[int, ...]] = []
        later: list[tuple[int, int]] = []  # (token, rule id) of longer rules
        for i, key in enumerate(keys):
            single, starts = self._lookup(key, strings)
            found.append(single)
            for n in starts:
                rule_id, tokens, index = self.multi[n]
                end = i + len(tokens)
                if end <= len(keys) and all(
                    t(keys[j], strings) for t, j in zip(tokens[1:], range(i + 1, end), strict=True)
                ):
                    later.append((i + index, rule_id))
        for i, rule_id in later:
            found[i] = tuple(sorted({*found[i], rule_id}))
        for i, rule_ids in enumerate(found):
            if rule_ids:
                set_token_attrs(doc[i], self._merge(rule_ids))
        return doc


@Language.factory("wirecoder_attributes", default_config={"source": "attribute_ruler"})
def make_fast_attributes(nlp: Language, name: str, source: str) -> FastAttributes:  # noqa: ARG001 - spaCy's signature
    """spaCy factory: the rules of the pipeline's ruler ``source`` (see :func:`replace_attribute_ruler`)."""
    return FastAttributes(nlp.get_pipe(source))


def replace_component(nlp: Language, name: str, kind: type, factory: str, build: Callable[[Any], object]) -> bool:
    """Put the drop-in registered as ``factory`` in the place of the pipeline's component ``name`` (which stays,
    disabled): the drop-in runs right after it, built from it (``config={"source": name}``).

    kind (type): the class the component must be; build: makes the drop-in from the component, raising
        :class:`Unsupported` where it cannot follow it exactly.
    RETURNS (bool): True when replaced; False when the pipeline has no such component or ``build`` refuses it
        (the component then runs as before).
    """
    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), kind):
        return False
    try:
        build(nlp.get_pipe(name))
    except Unsupported:
        return False
    nlp.add_pipe(factory, after=name, config={"source": name})
    nlp.disable_pipe(name)
    return True


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put :class:`FastAttributes` in the place of the pipeline's attribute ruler (which stays, disabled).

    RETURNS (bool): True when replaced; False when the pipeline has no such ruler or one with a rule
        this component cannot evaluate exactly (the ruler then runs as before).
    """
    return replace_component(nlp, name, AttributeRuler, "wirecoder_attributes", FastAttributes)


#: Distinct (form, part of speech, morphology) keys whose lemma a :class:`FastLemmas` remembers at most.
_MAX_LEMMA_KEYS = 500_000
_LEMMA_ATTRS = [ORTH, POS, MORPH, LEMMA]


class FastLemmas(_PerDoc):
    """A pipeline's rule or lookup ``lemmatizer``, called once per distinct token instead of once per token.

    spaCy's lemmatizer makes a Python ``Token`` for every token and asks it for its text, part of speech
    and morphology before it looks its own cache up: with ``en_core_web_sm`` that took a tenth of the whole
    parse on the benchmark sample. A lemma of either mode depends only on the token's form, coarse part of
    speech and morphology (the rule mode's own cache key), so this component reads those three for the
    whole document as one array, asks the model's lemmatizer once per key it has not seen, and writes all
    the lemmas back as one array: the same lemmas, in a fraction of the time. Like the lemmatizer it
    replaces, it leaves a lemma already set (by the attribute ruler's exceptions) unless that lemmatizer
    overwrites.

    A new key of the rule mode is worked out by a twin of the model's lemmatizer (:func:`_indexed_twin`) whose
    word index holds each part of speech's words as a set: spaCy's rule mode asks whether a candidate form is
    a known word by scanning that part of speech's list (57,000 nouns), which took most of its time.

    lemmatizer (Lemmatizer): the model's lemmatizer, which still computes every new lemma.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        #: what computes a new lemma: the model's lemmatizer, or its indexed twin (made at the first document,
        #: when the model's tables are loaded)
        self._lemmatize: Callable[[Any], list[str]] | None = None
        self.overwrite = bool(lemmatizer.overwrite)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_LEMMA_ATTRS).tolist()
        if len(self._lemmas) > _MAX_LEMMA_KEYS:  # bounded memory over any number of documents
            self._lemmas.clear()
        lemmas = self._lemmas
        strings = doc.vocab.strings
        if self._lemmatize is None:
            rule = self.lemmatizer.mode == "rule"
            self._lemmatize = (_indexed_twin(self.lemmatizer) if rule else self.lemmatizer).lemmatize
        lemmatize = self._lemmatize
        changed = False
        out = [row[3] for row in rows]
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            value = lemmas.get(key)
            if value is None:
                value = lemmas[key] = strings.add(lemmatize(doc[i])[0])
            out[i] = value
            changed = True
        if changed:
            doc.from_array([LEMMA], numpy.asarray(out, dtype="uint64").reshape(-1, 1))
        return doc


def _indexed_twin(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A rule-mode lemmatizer of the same class, mode and tables as ``lemmatizer`` but for its ``lemma_index``,
    whose word lists are frozensets: the same lemmas (the rules only test whether a form is in the list, and
    whether the list is empty), found by hashing instead of a scan. The model's own lemmatizer and its tables
    are left as they are (they are saved with the model)."""
    twin = type(lemmatizer)(
        lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode="rule", overwrite=lemmatizer.overwrite
    )
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            sets = {key: frozenset(words) if isinstance(words, list) else words for key, words in table.items()}
            table = Table(name=name, data=sets)
        twin.lookups.set_table(name, table)
    return twin


@Language.factory("wirecoder_lemmas", default_config={"source": "lemmatizer"})
def make_fast_lemmas(nlp: Language, name: str, source: str) -> FastLemmas:  # noqa: ARG001 - spaCy's signature
    """spaCy factory: the lemmas of the pipeline's lemmatizer ``source`` (see :func:`replace_lemmatizer`)."""
    return FastLemmas(nlp.get_pipe(source))


def _rule_or_lookup(lemmatizer: Lemmatizer) -> None:
    """Refuse a lemmatizer of another mode than rule or lookup (a trainable or custom one may read more of a
    token than its form, tag and morphology)."""
    if lemmatizer.mode not in ("rule", "lookup"):
        raise Unsupported(f"lemmatizer mode {lemmatizer.mode!r}")


def replace_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put :class:`FastLemmas` in the place of the pipeline's rule or lookup lemmatizer (which stays, disabled).

    RETURNS (bool): True when replaced; False when the pipeline has no such lemmatizer, or one of another
        mode (a trainable or custom one may read more of a token than its form, tag and morphology).
    """
    return replace_component(nlp, name, Lemmatizer, "wirecoder_lemmas", _rule_or_lookup)
