"""The learned sub-type classifier: a logistic regression over a sentence embedding and the rules' features.

The rules of ``detect.py`` / ``taxonomy.py`` find each event mention and give it a sub-event type. With
``[stages.events] method = "encoder"`` or ``"both"`` the mention's type is then chosen again by a
multinomial logistic regression whose inputs are

* the all-MiniLM-L6-v2 embedding of the mention's sentence (:mod:`wirecoder.encoder`; only sentences
  holding a mention are encoded), and, for ``"both"``,
* the rules' own features: their chosen sub-type (one-hot), the summed lexicon weights of every class,
  pseudo-class and context cue of the mention (capped), whether the agent is a state force or a non-state
  group, and whether the victim is civilian or armed.

"both" replaces the rules' type only when its own choice has at least the probability ``override_above``
of ``data/models/event_subtypes.toml``. ``method = "rules"`` (no model, no encoder loaded) keeps the rules'
type. The weights are plain TSV files
under ``data/models/`` (one row per feature, one column per sub-type; the bias first), fitted by
``scripts/train_event_classifier.py`` on the tune parts of the dev sets and the codebook's examples
(``data/taxonomy/codebook.toml``), never on check documents. :func:`codebook_markdown` renders the
codebook for ``docs/events.md``.

DOCS: docs/events.md
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import lookups
from ..doc import Event
from . import taxonomy

CODEBOOK = "taxonomy/codebook.toml"
#: The methods of the events stage's ``method`` setting, and the model file of each learned one.
METHODS = ("rules", "encoder", "both")
MODEL_FILES = {"encoder": "models/event_subtypes.encoder.tsv", "both": "models/event_subtypes.both.tsv"}
#: Per method: the penalty it was fitted with and ``override_above``, the least probability with which the
#: model may replace the rules' sub-type (0 for "encoder", which ignores the rules).
SETTINGS_FILE = "models/event_subtypes.toml"
#: A class score counts up to this much (scores are summed lexicon weights).
SCORE_CAP = 3.0
#: Feature-name prefixes: embedding dimension, rules' sub-type, class score, agent and victim kind.
EMB, RULE, SCORE, AGENT, VICTIM = "emb", "rule=", "score:", "agent=", "victim="


@dataclass
class Pending:
    """A mention waiting for the learned classifier: the event, its sentence and the rules' features."""

    event: Event
    sentence: str
    features: dict[str, float]


def rule_features(sub: str, scores: dict[str, float], state_agent: bool | None, victim: str | None) -> dict[str, float]:
    """The rules' features of one mention (names as in the model files' first column).

    sub (str): the sub-type the rules chose.
    scores (dict[str, float]): class -> summed weight of the mention's triggers and cues (``taxonomy.resolve``'s input).
    state_agent (bool | None): the agent is a state force (True), a non-state group (False), unknown (None).
    victim (str | None): "civilian", "armed" or None.
    """
    out = {f"{RULE}{sub}": 1.0}
    for cls, value in scores.items():
        out[f"{SCORE}{cls}"] = min(float(value), SCORE_CAP) / SCORE_CAP
    if state_agent is not None:
        out[f"{AGENT}{'state' if state_agent else 'nonstate'}"] = 1.0
    if victim is not None:
        out[f"{VICTIM}{victim}"] = 1.0
    return out


class SubtypeModel:
    """A multinomial logistic regression read from a model TSV: ``predict(features)`` -> (sub-type, probability).

    name (str): the data file, e.g. ``models/event_subtypes.both.tsv``.
    """

    def __init__(self, name: str) -> None:
        rows = lookups.table(name)
        self.classes = [c for c in rows[0] if c != "feature"]
        unknown = [c for c in self.classes if c not in taxonomy.subtypes()]
        if unknown:
            raise KeyError(f"{name}: columns {unknown} are no ACLED sub-event types")
        self.bias = np.array([float(rows[0][c]) for c in self.classes])
        body = rows[1:]
        self.index = {r["feature"]: i for i, r in enumerate(body)}
        self.weights = np.array([[float(r[c]) for c in self.classes] for r in body])
        dims = sorted((int(k[len(EMB) :]), i) for k, i in self.index.items() if k.startswith(EMB))
        #: The embedding's rows, dimension by dimension (``emb0``, ``emb1``, ...).
        self.emb_weights = self.weights[[i for _, i in dims]]
        self.uses_rules = len(dims) < len(body)

    def predict(self, vector: np.ndarray, features: dict[str, float]) -> tuple[str, float]:
        """The most probable sub-type and its probability for a sentence embedding and named rule features
        (features the model does not have count 0)."""
        logits = self.bias + vector @ self.emb_weights
        for name, value in features.items():
            i = self.index.get(name)
            if i is not None and value:
                logits += value * self.weights[i]
        p = np.exp(logits - logits.max())
        k = int(p.argmax())
        return self.classes[k], float(p[k] / p.sum())


@functools.cache
def load_model(method: str) -> SubtypeModel:
    """The model of a learned method ("encoder" or "both"), read once per process."""
    return SubtypeModel(MODEL_FILES[method])


class LearnedTyper:
    """Re-types the events stage's mentions with the learned model of ``method``; loads the model and the
    encoder on first use, so a pipeline that is built but never run loads neither.

    RAISES ConfigError: when the encoder's packages are not installed.
    """

    def __init__(self, method: str) -> None:
        from ..encoder.minilm import require

        require()  # a missing package fails when the pipeline is built, not on every document
        self.method = method

    def retype(self, pending: list[Pending]) -> None:
        """Encode the mentions' sentences (each distinct sentence once) and set each mention's type."""
        if not pending:
            return
        from ..encoder import load_encoder

        model = load_model(self.method)
        gate = float(lookups.value(SETTINGS_FILE, f"{self.method}.override_above"))
        sentences = list(dict.fromkeys(p.sentence for p in pending))
        vectors = dict(zip(sentences, load_encoder().encode(sentences), strict=True))
        for p in pending:
            sub, prob = model.predict(vectors[p.sentence], p.features if model.uses_rules else {})
            if prob < gate:
                continue
            ev = p.event
            ev.sub_event_type = sub
            ev.event_type = taxonomy.event_type(sub)
            ev.plover = taxonomy.plover(sub)


def codebook() -> list[dict]:
    """The codebook's sub-types (``name``, ``definition``, ``conditions``, ``precedence``, ``examples``), in
    file order."""
    return list(lookups.lexicon(CODEBOOK)["subtype"])


def codebook_markdown() -> str:
    """The codebook as the Markdown section of ``docs/events.md`` (the docs test keeps the two equal)."""
    general = lookups.lexicon(CODEBOOK)["general"]["precedence"]
    out = ["Across types, in order:", ""]
    out += [f"{i}. {rule}" for i, rule in enumerate(general, 1)]
    for entry in codebook():
        name = entry["name"]
        out += ["", f"### {name} ({taxonomy.event_type(name)})", "", entry["definition"], ""]
        out += [f"- must hold: {c}" for c in entry["conditions"]]
        out += [f"- precedence: {c}" for c in entry["precedence"]]
        out += ["- examples: " + " / ".join(f"*{e}*" for e in entry["examples"])]
    return "\n".join(out) + "\n"
