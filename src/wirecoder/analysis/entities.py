"""A faster drop-in for a spaCy pipeline's greedy ``ner``: the same model, the same scores, the same entities.

spaCy's entity recognizer reads a document in as many steps as it has tokens: at each step its network scores
every action (``B-``, ``I-``, ``L-``, ``U-`` of each label, and ``O``) for the next token, the recognizer asks
every action whether it is valid in the state, and takes the best valid one. Asking is the slow part: in the
shipped build each look at a state's next tokens enters and leaves Python's thread state
(``PyGILState_Ensure``) twice, and with 74 actions per token that took more time than the network's steps
(half the recognizer's time, nearly a quarter of the whole parse on the benchmark sample, ``docs/benchmarks.md``).
When no entity is preset on a document (nothing before the recognizer set one) the validity of an action
depends on four things only: whether an entity is open and its label, whether the token is white space,
whether it is the last one, and whether the next token starts a sentence. This component reads those from the
document's arrays once, and takes each step for all the documents of a batch at once, with arrays.

The network is the recognizer's own: its token vectors and its first layer, precomputed for every token,
come from its layers run on the same sub-batches as spaCy runs them, and each step repeats spaCy's float32
arithmetic in its order (the three feature rows added to zero, the bias, the maxout, the output layer through
the same BLAS routine, whose rows do not depend on one another); the best valid action is picked as spaCy picks
it (the first of the best scores). So the entities are spaCy's, token for token.

A document with a preset entity, a model with a beam or with actions beyond these, fall back to spaCy's own
code. ``tests/analysis/test_speed.py`` compares both on real text.

DOCS: docs/benchmarks.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import NumpyOps

from .attributes import Unsupported, replace_component

#: The moves of spaCy's BILUO transition system, by the prefix of their names.
_MOVES = ("B", "I", "L", "U", "O")


def _classes(ner: EntityRecognizer) -> tuple[list[str], list[int]]:
    """The move (``B``, ``I``, ``L``, ``U``, ``O``) and label hash of each of the recognizer's actions, in order."""
    moves, labels = [], []
    strings = ner.vocab.strings
    for i in range(ner.moves.n_moves):
        name = ner.moves.get_class_name(i)
        move, _, label = name.partition("-")
        if move not in _MOVES or (move == "O") != (name == "O"):
            raise Unsupported(name)
        moves.append(move)
        labels.append(strings.add(label) if label else 0)
    return moves, labels


def token_situations(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For each token of a parsed document, the situation of a state at it with no entity open (0: it is white
    space, no entity may start; 1: an entity may be one token here but not begin; 2: it may also begin), and
    whether an entity open there may go on past it (it is not the last token and the next one starts no
    sentence). The rows of :attr:`FastEntities.penalty` follow these numbers."""
    arr = doc.to_array([IS_SPACE, SENT_START]).astype("int64")
    go_on = numpy.zeros(len(doc), dtype=bool)
    go_on[:-1] = arr[1:, 1] != 1
    return numpy.where(arr[:, 0] != 0, 0, numpy.where(go_on, 2, 1)), go_on


def _maxout(x: numpy.ndarray) -> numpy.ndarray:
    """The best of the pieces (last axis) of each unit, picked as thinc's ``Vec.arg_max`` picks it (on a tie,
    the second of two pieces; the first of more), so that even the sign of a zero is spaCy's."""
    if x.shape[-1] == 2:
        return numpy.where(x[..., 0] > x[..., 1], x[..., 0], x[..., 1])
    best = x[..., 0]
    for p in range(1, x.shape[-1]):
        best = numpy.where(x[..., p] > best, x[..., p], best)
    return best


class FastEntities:
    """The greedy decoding of an ``EntityRecognizer``, with arrays (see the module docstring).

    ner (EntityRecognizer): the recognizer whose model scores the actions; it still codes any document
        this component cannot (a preset entity).
    RAISES Unsupported: a recognizer with a beam, a model without an output layer or on a GPU, other actions.
    """

    def __init__(self, ner: EntityRecognizer) -> None:
        model = ner.model
        if ner.cfg.get("beam_width", 1) != 1 or not model.attrs.get("has_upper") or model.attrs.get("unseen_classes"):
            raise Unsupported("beam, no output layer or unseen actions")
        if not isinstance(model.ops, NumpyOps):
            raise Unsupported("not on the CPU")
        self.ner = ner
        moves, labels = _classes(ner)
        n = len(moves)
        if model.get_ref("upper").get_dim("nO") != n or model.get_ref("lower").get_dim("nF") != 3:
            raise Unsupported("model and actions differ")
        move = numpy.array([_MOVES.index(m) for m in moves])
        label = numpy.array(labels, dtype="uint64")
        #: the entity labels, and each action's index among them (-1 for ``O`` and the label-less ``U-``)
        self.labels = sorted({v for v in labels if v})
        index = {v: k for k, v in enumerate(self.labels)}
        self.move, self.label = move, [index.get(v, -1) for v in labels]
        # The valid actions of each situation, as scores to add (0 valid, -inf not): with no entity open,
        # 0 = on white space, 1 = may not begin an entity, 2 = may; with entity k open, 3 + 2k = must end it
        # here, 4 + 2k = may go on. (spaCy's rules with no preset entity: see its ``ner.pyx``.)
        named = label != 0
        closed = [
            move == 4,
            (move == 4) | ((move == 3) & named),
            (move == 4) | ((move == 3) & named) | ((move == 0) & named),
        ]
        rows = list(closed)
        for v in self.labels:
            rows += [(move == 2) & (label == v), ((move == 2) | (move == 1)) & (label == v)]
        self.penalty = numpy.where(numpy.array(rows), numpy.float32(0), numpy.float32(-numpy.inf))

    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc], batch_size=1):
            pass
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Code documents in the batches spaCy's recognizer uses, its network run on the same sub-batches."""
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            by_length = sorted(batch, key=len)
            subs = [list(sub) for sub in minibatch(by_length, size=max(batch_size // 4, 2))]
            subs = [sub for sub in subs if any(len(doc) for doc in sub)]
            if any(doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).any() for doc in batch if len(doc)):
                for sub in subs:  # a preset entity: spaCy's own code
                    self.ner.set_annotations(sub, self.ner.predict(sub))
            elif subs:
                for doc, ents in self._decode(subs):
                    doc.set_ents([Span(doc, s, e, label=v) for s, e, v in ents], default="outside")
            yield from batch

    def _decode(self, subs: list[list[Doc]]) -> list[tuple[Doc, list[tuple[int, int, int]]]]:
        """Each document with its entities as (start, end, label hash), decoded greedily, all at once.

        The network's first layer is precomputed for every token and position (spaCy's ``precompute_hiddens``),
        sub-batch by sub-batch as spaCy runs it. A state's scores are then the sum of the rows of its three
        tokens (the next one, the first of the open entity, the one before the next; padding where there is
        none), the bias, the best of each maxout unit, and the output layer, in spaCy's order and with the BLAS
        call it makes, whose rows do not depend on one another: so the documents of a whole batch are decoded
        together, and the scores of the states with no entity open, which depend on their token alone, are
        worked out once for every token.
        """
        model = self.ner.model
        tok2vec, lower, upper = model.layers  # as spaCy's ``ParserStepModel`` takes them
        tables = [lower.predict(tok2vec.predict(sub)) for sub in subs]  # (1 + tokens, nF, nO, nP), padding first
        table = numpy.concatenate([tables[0][:1], *(t[1:] for t in tables)])
        first = table[:, 0] + numpy.float32(0)  # spaCy adds the features to zeros: -0.0 becomes 0.0
        second, third = table[:, 1], table[:, 2]
        bias, weights, out_bias = lower.get_param("b"), upper.get_param("W"), upper.get_param("b")
        penalty = self.penalty
        docs = [doc for sub in subs for doc in sub]
        lengths = numpy.array([len(doc) for doc in docs])
        base = 1 + numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])  # the table row of each document's first token
        # per table row: the situation of a state there with no entity open (white space 0, may not begin an
        # entity 1, may 2), and whether an open entity may go on past it
        situation = numpy.zeros(len(table), dtype="int64")
        may_go_on = numpy.zeros(len(table), dtype=bool)
        for doc, b in zip(docs, base.tolist(), strict=True):
            if len(doc):
                situation[b : b + len(doc)], may_go_on[b : b + len(doc)] = token_situations(doc)
        # with no entity open, a state's two other features are padding: its best valid action is its token's
        closed = _maxout(((first + second[0]) + third[0]) + bias)
        closed_scores = model.ops.gemm(closed, weights, trans2=True)
        closed_scores += out_bias
        closed_guess = (closed_scores + penalty[situation]).argmax(axis=1)
        order = numpy.argsort(-lengths, kind="stable")  # longest first: the unfinished are a prefix
        lengths, base = lengths[order], base[order]
        n = len(order)
        unfinished = [int(numpy.count_nonzero(lengths > t)) for t in range(int(lengths[0]) if n else 0)]
        open_label = numpy.full(n, -1)  # index of the open entity's label, -1 when none is open
        open_start = numpy.zeros(n, dtype="int64")
        ents: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        move_of, label_of, labels = self.move, numpy.array(self.label), self.labels
        for t, k in enumerate(unfinished):
            tok = base[:k] + t
            guess = closed_guess[tok]
            rows = numpy.flatnonzero(open_label[:k] >= 0)
            if len(rows):  # the states with an entity open: their first token and the token before the next
                at = tok[rows]
                hidden = _maxout(first[at] + second[base[rows] + open_start[rows]] + third[at - 1] + bias)
                scores = model.ops.gemm(hidden, weights, trans2=True)
                scores += out_bias
                guess[rows] = (scores + penalty[3 + 2 * open_label[rows] + may_go_on[at]]).argmax(axis=1)
            move = move_of[guess]
            began = numpy.flatnonzero(move == 0)
            if len(began):
                open_label[began] = label_of[guess[began]]
                open_start[began] = t
            for row in numpy.flatnonzero(move == 2).tolist():  # L: the open entity ends here
                ents[row].append((int(open_start[row]), t + 1, labels[open_label[row]]))
                open_label[row] = -1
            for row in numpy.flatnonzero(move == 3).tolist():  # U: a one-token entity
                ents[row].append((t, t + 1, labels[label_of[guess[row]]]))
        return [(docs[i], ents[row]) for row, i in enumerate(order.tolist())]


@Language.factory("wirecoder_entities", default_config={"source": "ner"})
def make_fast_entities(nlp: Language, name: str, source: str) -> FastEntities:  # noqa: ARG001 - spaCy's signature
    """spaCy factory: the greedy decoding of the pipeline's recognizer ``source`` (see :func:`replace_ner`)."""
    return FastEntities(nlp.get_pipe(source))


def replace_ner(nlp: Language, name: str = "ner") -> bool:
    """Put :class:`FastEntities` in the place of the pipeline's entity recognizer (which stays, disabled).

    RETURNS (bool): True when replaced; False when the pipeline has no such recognizer or one this component
        cannot follow (a beam, other actions): it then runs as before.
    """
    return replace_component(nlp, name, EntityRecognizer, "wirecoder_entities", FastEntities)
