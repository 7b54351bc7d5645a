"""Calibrate the event confidence: fit the finalize stage's logistic weights on realnews's tune part.

A confidence means something when, of the events given about p, about p in every 1 are real, distinct
events. The realnews dev set (``../shared/data/realnews/dev.jsonl``) is coded at event level, so every
prediction can be labelled:

1. code the **tune** documents with the default pipeline (as ``extract``);
2. label every asserted, reported prediction (the events the realnews rule scores) *real* when the
   rule's strict matching (:func:`wirecoder.eval.realnews.strict_labels`) pairs it with a gold event,
   optional ones included, and *not* when it is left over (a duplicate or any other false row);
3. take each event's features (:func:`wirecoder.events.finalize.features`: computed from the event
   itself) and fit a logistic regression with an L2 penalty on the weights (not the bias) by Newton's
   method; the penalty is chosen from :data:`L2_GRID` by cross-validation over articles (folds by
   the article id's hash, :func:`fold_of`): the strongest one whose held-out log loss is within
   :data:`LOSS_TOLERANCE` of the smallest;
4. optionally write the weights into ``data/weights/finalize_events.toml`` (:func:`write_weights`),
   with a header saying how, and on what data and commit, they were fitted.

Everything is deterministic: the same code and data give the same weights. The caps, the families and
the check part are never touched: quote the check part's reliability table (``wirecoder eval
realnews/dev.jsonl --part check``) to say whether the fit generalises. Labels depend a little on the
confidence itself (of two equal candidates the more confident one is matched, and the dedup stage's
merge order reads it), so a refit after writing can move the weights slightly.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import re
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..events import finalize
from .datasets import load_records
from .realnews import candidate_events, precision_above, reliability, strict_labels
from .runner import articles_from_records
from .split import TUNE, bucket

#: The L2 penalties tried (strength on the summed squared weights, in units of one event's log loss).
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
#: The strongest penalty whose held-out log loss is within this much of the best one is chosen.
LOSS_TOLERANCE = 0.005
#: Cross-validation folds (over articles).
FOLDS = 5
#: The weights file the fit writes.
WEIGHTS_FILE = Path(finalize.__file__).resolve().parents[1] / "data" / "weights" / "finalize_events.toml"


@dataclass
class Labelled:
    """Labelled predictions: one row per asserted, reported prediction of the coded articles.

    names (list[str]): the feature names (columns of ``X``), in :func:`features` order.
    X (np.ndarray): features, n x k.
    y (np.ndarray): 1 for a real event (strictly matched), 0 otherwise.
    groups (list[str]): the article id of each row.
    conf (np.ndarray): the confidence the pipeline gave each row (the weights it ran with).
    """

    names: list[str]
    X: np.ndarray
    y: np.ndarray
    groups: list[str]
    conf: np.ndarray


@dataclass
class Calibration:
    """The outcome of :func:`calibrate`.

    l2 (float): the chosen penalty; bias (float) and weights (dict): the fitted logit weights.
    cv_loss (dict[float, float]): the held-out mean log loss of each penalty tried.
    cv_loss_current (float): the mean log loss of the confidences the pipeline gave (current weights).
    oof (np.ndarray): out-of-fold probabilities at the chosen penalty (a fair estimate on unseen articles).
    fitted (np.ndarray): in-sample probabilities of the final fit.
    """

    data: Labelled
    l2: float
    bias: float
    weights: dict[str, float]
    cv_loss: dict[float, float] = field(default_factory=dict)
    cv_loss_current: float = 0.0
    oof: np.ndarray = field(default_factory=lambda: np.zeros(0))
    fitted: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def table(self, which: str) -> list[tuple[float, bool]]:
        """(confidence, real) pairs under "current", "fitted" (in sample) or "oof" (out of fold) confidences."""
        probs = {"current": self.data.conf, "fitted": self.fitted, "oof": self.oof}[which]
        return [(round(float(p), 3), bool(y)) for p, y in zip(probs, self.data.y, strict=True)]


# --------------------------------------------------------------------------- labelling


def code_articles(records: list[dict], pipeline: Any = None) -> list[Any]:
    """Code gold records with the pipeline (default: ``extract``'s) and return the Article objects,
    in input order (the features need the events' working state, which records do not keep)."""
    from ..service import code, make_pipeline

    pipeline = make_pipeline() if pipeline is None else pipeline
    max_chars = int(pipeline.config["nlp"].get("max_chars", 200_000))
    return list(code(articles_from_records(records, "calibrate", max_chars), pipeline))


def label(golds: list[dict], articles: list[Any]) -> Labelled:
    """Features and strict realnews labels of every asserted, reported prediction of coded articles."""
    records = [art.to_record() for art in articles]  # every event, in the article's order
    rows, ys, groups, confs = [], [], [], []
    names: list[str] = []
    for art, record, pairs in zip(articles, records, strict_labels(golds, records, candidate_events), strict=True):
        index = {id(e): k for k, e in enumerate(record.get("events") or [])}
        for event, real in pairs:
            ev = art.events[index[id(event)]]
            feats = finalize.features(ev)
            names = list(feats)
            rows.append([feats[n] for n in names])
            ys.append(float(real))
            groups.append(str(art.id))
            confs.append(float(ev.confidence))
    k = len(names) or len(finalize.W["features"])
    return Labelled(
        names or list(finalize.W["features"]),
        np.array(rows, dtype=float).reshape(-1, k),
        np.array(ys, dtype=float),
        groups,
        np.array(confs, dtype=float),
    )


# --------------------------------------------------------------------------- the fit


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float, iterations: int = 100) -> tuple[float, np.ndarray]:
    """L2-penalised logistic regression by Newton's method: minimises the summed log loss plus
    ``l2 / 2 * |w|^2`` (the bias is not penalised).

    RETURNS (tuple): (bias, weights as an array of X's columns).
    """
    n, k = X.shape
    A = np.hstack([np.ones((n, 1)), X])
    theta = np.zeros(k + 1)
    penalty = np.full(k + 1, float(l2))
    penalty[0] = 1e-9  # keeps the Hessian invertible when every label is the same
    for _ in range(iterations):
        p = _sigmoid(A @ theta)
        grad = A.T @ (p - y) + penalty * theta
        hess = (A * (p * (1 - p))[:, None]).T @ A + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return float(theta[0]), theta[1:]


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood of labels under probabilities (clipped away from 0 and 1)."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))) if len(y) else 0.0


def fold_of(article_id: str, folds: int = FOLDS) -> int:
    """The cross-validation fold of an article: its hash bucket (:func:`wirecoder.eval.split.bucket`) mod ``folds``."""
    return bucket(article_id) % folds


def out_of_fold(data: Labelled, l2: float, folds: int = FOLDS) -> np.ndarray:
    """Probabilities of each row from a fit on the other folds' articles."""
    fold = np.array([fold_of(g, folds) for g in data.groups])
    out = np.zeros(len(data.y))
    for f in range(folds):
        held = fold == f
        if not held.any():
            continue
        bias, w = fit_logistic(data.X[~held], data.y[~held], l2)
        out[held] = _sigmoid(bias + data.X[held] @ w)
    return out


def calibrate(data: Labelled, l2: float | None = None, grid: tuple[float, ...] = L2_GRID,
              folds: int = FOLDS) -> Calibration:
    """Fit the confidence weights on labelled predictions.

    l2 (float | None): the penalty; None chooses it from ``grid`` by cross-validation over articles
        (the strongest within :data:`LOSS_TOLERANCE` of the smallest held-out log loss).
    """
    losses = {g: log_loss(out_of_fold(data, g, folds), data.y) for g in grid}
    best = min(losses.values())
    # on a small set the held-out loss is flat near its minimum: take the strongest penalty close to it
    chosen = l2 if l2 is not None else max(g for g in grid if losses[g] <= best + LOSS_TOLERANCE)
    bias, w = fit_logistic(data.X, data.y, chosen)
    return Calibration(
        data,
        chosen,
        round(bias, 3),
        {n: round(float(x), 3) for n, x in zip(data.names, w, strict=True)},
        losses,
        log_loss(data.conf, data.y),
        out_of_fold(data, chosen, folds),
        _sigmoid(bias + data.X @ w),
    )


def calibrate_file(path: str | Path, part: str = TUNE, pipeline: Any = None, l2: float | None = None
                   ) -> Calibration:
    """Code one part of a realnews-shaped gold file, label its predictions and fit the weights."""
    golds = load_records(path, part=part)
    return calibrate(label(golds, code_articles(golds, pipeline)), l2)


# --------------------------------------------------------------------------- reporting and writing


def summary(cal: Calibration) -> dict[str, Any]:
    """The fit in plain data: weights, penalty, losses, and the reliability tables and precision at 0.9
    under the current, fitted (in sample) and out-of-fold confidences."""
    out: dict[str, Any] = {
        "n": len(cal.data.y),
        "real": int(cal.data.y.sum()),
        "l2": cal.l2,
        "bias": cal.bias,
        "weights": cal.weights,
        "cv_log_loss": {str(k): round(v, 4) for k, v in cal.cv_loss.items()},
        "log_loss_current": round(cal.cv_loss_current, 4),
    }
    for which in ("current", "fitted", "oof"):
        pairs = cal.table(which)
        real, total = precision_above(pairs)
        out[which] = {
            "reliability": [(b.label, b.n, b.matched) for b in reliability(pairs)],
            "precision_at_0.9": [real, total],
        }
    return out


def commit() -> str:
    """The short commit of the source tree, "+ local changes" when it has uncommitted ones ("unknown"
    outside a git checkout)."""
    root = Path(finalize.__file__).resolve().parents[3]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head} + local changes" if dirty else head


def header(cal: Calibration, data_name: str, part: str, revision: str) -> list[str]:
    """The ``#`` header of a fitted weights file."""
    grid = ", ".join(f"{g:g}" for g in cal.cv_loss) or "-"
    best = cal.cv_loss.get(cal.l2)
    held_out = f"Held-out log loss {best:.3f}; " if best is not None else ""
    source = (
        "Source: fitted by `wirecoder calibrate` (src/wirecoder/eval/calibrate.py): logistic regression with an "
        f"L2 penalty of {cal.l2:g} on the weights (chosen from {grid} by {FOLDS}-fold cross-validation over "
        f"articles: the strongest within {LOSS_TOLERANCE:g} of the best held-out log loss), by Newton's method, "
        f"on the {len(cal.data.y)} asserted, reported predictions of the {part} part of {data_name} "
        f"({int(cal.data.y.sum())} real: matched to a gold event by the realnews strict rule; duplicates and "
        f"other leftovers are not), coded at commit {revision}. {held_out}log loss of the confidences the "
        f"data was coded with: {cal.cv_loss_current:.3f}. The caps, [evidence] and [families] are set by hand."
    )
    lines = textwrap.wrap(source, 108, initial_indent="# ", subsequent_indent="#   ")
    return [
        "# Weights of the event confidence computed by the finalize stage (wirecoder.finalize_events.v1): a",
        "# logistic score over features of the finished event (events/finalize.py `features`).",
        *lines,
        "# Licence: MIT.",
    ]


_ASSIGN = re.compile(r"^(\w+)(\s*=\s*)(.*)$")


def render(text: str, cal: Calibration, head: list[str]) -> str:
    """The weights file ``text`` with a new header (its first block of ``#`` lines) and the fitted ``bias``
    and ``[features]`` values; comments, caps and other tables are kept."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    out, table = list(head), ""
    for line in lines[start:]:
        if line.startswith("["):
            table = line.strip("[] ")
        m = _ASSIGN.match(line)
        if m and table == "" and m.group(1) == "bias":
            line = f"{m.group(1)}{m.group(2)}{cal.bias:g}"
        elif m and table == "features" and m.group(1) in cal.weights:
            line = f"{m.group(1)}{m.group(2)}{cal.weights[m.group(1)]:g}"
        out.append(line)
    return "\n".join(out) + "\n"


def write_weights(cal: Calibration, data_name: str, part: str = TUNE, path: Path = WEIGHTS_FILE,
                  revision: str | None = None) -> Path:
    """Write the fitted weights into the weights file (its comments, caps and families are kept).

    RAISES KeyError: when the file lacks a weight for one of the fitted features.
    """
    text = path.read_text("utf-8")
    missing = [n for n in cal.weights if not re.search(rf"^{n}\s*=", text, re.M)]
    if missing:
        raise KeyError(f"{path} has no weight for {', '.join(missing)}")
    path.write_text(render(text, cal, header(cal, data_name, part, revision or commit())), "utf-8")
    return path
