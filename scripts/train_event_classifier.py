"""Fit the learned sub-event type classifier (``events/learned.py``) and write its model files.

Training data, never a check document (``wirecoder.eval.split``):

* the **tune** part of ``../shared/data/case2021-task2/dev.jsonl`` (subtask-1 snippets): each snippet is
  coded by the rules pipeline, and the mention behind the event the CASE scorer reads (the most confident
  asserted one) gets the snippet's gold sub-type;
* the example sentences of ``data/taxonomy/codebook.toml``, coded the same way, labelled with their sub-type
  (a sentence where the rules find no event is kept with its embedding alone).

Features are those of ``learned.py`` (sentence embedding; for "both" also the rules' features). The
penalty is chosen by 5-fold cross-validation over the CASE tune snippets (codebook examples always in
training), on weighted F1 of the sub-type against the rules' own sub-type on the same snippets. Needs
scikit-learn (a dev dependency): ``.venv/bin/python scripts/train_event_classifier.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from wirecoder import lookups
from wirecoder.encoder import load_encoder
from wirecoder.eval.base import best_event
from wirecoder.eval.events import weighted_f1
from wirecoder.eval.runner import articles_from_records
from wirecoder.eval.split import TUNE, part
from wirecoder.events import learned, taxonomy
from wirecoder.service import make_pipeline

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT.parent / "shared" / "data" / "case2021-task2" / "dev.jsonl"
PENALTIES = (0.01, 0.03, 0.1, 0.3, 1.0)
#: Least probability with which "both" may overrule the rules' sub-type, tried by cross-validation.
GATES = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
FOLDS = 5
SEEDS = (0, 1, 2)


class Recorder:
    """Stands in for the learned typer: keeps every mention's sentence start, rules' type, sentence and
    features, and changes nothing."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str, str, dict[str, float]]] = []

    def retype(self, pending: list[learned.Pending]) -> None:
        for p in pending:
            self.items.append((p.event.sent_starts[0], p.event.sub_event_type, p.sentence, p.features))


def code_and_pick(pipeline, recorder: Recorder, records: list[dict]) -> list[tuple[str, str, dict] | None]:
    """For each record: (rules' sub-type, sentence, rules' features) of the mention behind the event the
    CASE scorer reads, or None when the rules find no event."""
    out = []
    for article in articles_from_records(records, "train"):
        recorder.items = []
        record = pipeline(article).to_record()
        event = best_event(record, any_status=True)
        if event is None:
            out.append(None)
            continue
        starts = {e["start"] for e in event.get("evidence") or []}
        cands = [it for it in recorder.items if it[0] in starts] or recorder.items
        same = [it for it in cands if it[1] == event["sub_event_type"]]
        if not cands:
            out.append(None)
            continue
        _, _, sentence, feats = (same or cands)[0]
        out.append((event["sub_event_type"], sentence, feats))
    return out


def matrix(samples: list[dict[str, float]], names: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(samples), len(names)))
    for r, feats in enumerate(samples):
        for k, v in feats.items():
            if k in index:
                x[r, index[k]] = v
    return x


def fit(x: np.ndarray, y: list[str], penalty: float) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Standardise, fit, and fold the scaling back into raw-feature weights: (weights F x C, bias C, classes)."""
    mu = x.mean(0)
    sd = x.std(0)
    sd[sd < 1e-6] = np.inf  # constant features (all-MiniLM-L6-v2 has a few dead dimensions) get no weight
    model = LogisticRegression(C=penalty, max_iter=5000)
    model.fit((x - mu) / sd, y)
    w = model.coef_.T / sd[:, None]
    b = model.intercept_ - (mu / sd) @ model.coef_.T
    return w, b, list(model.classes_)


def cross_validate(
    x: np.ndarray, labels: list[str], n_case: int, strata: list[str], penalty: float, seed: int
) -> list[tuple[str, float]]:
    """Out-of-fold (sub-type, probability) of each CASE snippet; the codebook rows are always in training."""
    out: list[tuple[str, float]] = [("", 0.0)] * n_case
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    for train, test in folds.split(np.zeros(n_case), strata):
        idx = list(train) + list(range(n_case, len(labels)))
        w, b, classes = fit(x[idx], [labels[i] for i in idx], penalty)
        logits = x[test] @ w + b
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        for i, row in zip(test, p, strict=True):
            out[i] = (classes[int(row.argmax())], float(row.max()))
    return out


def write_settings(path: Path, settings: dict[str, dict], report: dict) -> None:
    """The sidecar of the model files: the chosen penalty and override gate of each method, with provenance."""
    rules = report["rules_cv"]
    lines = [
        "# Settings of the learned sub-event type classifier (events/learned.py), one table per method, and",
        "# where its model files (models/event_subtypes.<method>.tsv) came from.",
        "# Source: generated by scripts/train_event_classifier.py; data: the tune part only of",
        f"#   case2021-task2/dev.jsonl ({report['case_with_event']} snippets with a rules event) and",
        f"#   {report['codebook_sentences']} sentences of taxonomy/codebook.toml (examples and definitions).",
        f"# Cross-validation ({FOLDS} folds over the CASE tune snippets, seeds {', '.join(map(str, SEEDS))}): the",
        f"#   rules alone score weighted F1 {rules[0]:.3f} on the same snippets (they were written reading them).",
        '# override_above: "both" replaces the rules\' sub-type only when the model gives its own choice at least',
        "#   this probability.",
        "",
    ]
    for method, cfg in settings.items():
        cv = cfg["cv"]
        lines += [
            f"[{method}]",
            f"# cross-validated weighted F1 {cv[0]:.3f}, macro F1 {cv[1]:.3f}, accuracy {cv[2]:.3f}",
            f"penalty = {cfg['penalty']}",
            f"override_above = {cfg['override_above']}",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "wirecoder" / "data")
    args = ap.parse_args()
    pipeline = make_pipeline()
    recorder = Recorder()
    pipeline.get_stage("events").typer = recorder
    encoder = load_encoder()

    records = [json.loads(line) for line in CASE.open(encoding="utf-8")]
    records = [
        r
        for r in records
        if part(r["id"]) == TUNE and 1 in (r["gold"].get("in_subtasks") or []) and r["gold"]["acled_sub_event_type"]
    ]
    case = code_and_pick(pipeline, recorder, records)
    case_rows = [(c, r["gold"]["acled_sub_event_type"]) for c, r in zip(case, records, strict=True) if c]

    book = [(e["name"], s) for e in learned.codebook() for s in e["examples"]]
    coded = code_and_pick(pipeline, recorder, [{"id": f"codebook-{i}", "text": s} for i, (_, s) in enumerate(book)])
    book_rows = [(c or (None, s, {}), name) for c, (name, s) in zip(coded, book, strict=True)]
    # the definitions as sentences of their own (no rules features: they describe, they do not report)
    book_rows += [((None, e["definition"], {}), e["name"]) for e in learned.codebook()]

    rows = case_rows + book_rows
    vectors = encoder.encode([c[1] for c, _ in rows])
    emb = [{f"{learned.EMB}{i}": float(x) for i, x in enumerate(v)} for v in vectors]
    labels = [lab for _, lab in rows]
    rule_subs = [c[0] for c, _ in rows]
    n_case = len(case_rows)
    names_emb = [f"{learned.EMB}{i}" for i in range(vectors.shape[1])]
    names_rule = sorted({k for c, _ in rows for k in c[2]})
    subtypes = list(taxonomy.subtypes())
    report = {
        "case_tune_snippets": len(records),
        "case_with_event": n_case,
        "codebook_sentences": len(book_rows),
        "codebook_with_event": sum(1 for c in coded if c),
    }
    gold_case = labels[:n_case]
    report["rules_cv"] = weighted_f1(gold_case, rule_subs[:n_case], subtypes)
    # classes with fewer members than folds cannot be stratified: stratify on a coarse key for those
    counts = Counter(gold_case)
    strata = [g if counts[g] >= FOLDS else "rare" for g in gold_case]
    settings: dict[str, dict] = {}
    for method, names in (("encoder", names_emb), ("both", names_emb + names_rule)):
        feats = [dict(e, **(c[2] if method == "both" else {})) for e, (c, _) in zip(emb, rows, strict=True)]
        x = matrix(feats, names)
        gates = GATES if method == "both" else (0.0,)
        scores: dict[tuple[float, float], list[tuple]] = {}
        for penalty in PENALTIES:
            for seed in SEEDS:
                probs = cross_validate(x, labels, n_case, strata, penalty, seed)
                for gate in gates:
                    pred = [p if pr >= gate else r for (p, pr), r in zip(probs, rule_subs[:n_case], strict=True)]
                    scores.setdefault((penalty, gate), []).append(weighted_f1(gold_case, pred, subtypes))
        mean = {k: tuple(float(np.mean([v[i] for v in vs])) for i in range(3)) for k, vs in scores.items()}
        for (penalty, gate), score in mean.items():
            report[f"{method}_cv_C{penalty}_gate{gate}"] = score
        # the best mean weighted F1; ties go to the stronger penalty, then the higher gate (closer to the rules)
        (penalty, gate), score = max(mean.items(), key=lambda kv: (round(kv[1][0], 4), -kv[0][0], kv[0][1]))
        w, b, classes = fit(x, labels, penalty)
        write_model(args.out / learned.MODEL_FILES[method], method, names, w, b, classes, penalty, score, report)
        settings[method] = {"penalty": penalty, "override_above": gate, "cv": score}
    write_settings(args.out / learned.SETTINGS_FILE, settings, report)
    print(json.dumps(report, indent=1, default=str))


def write_model(
    path: Path,
    method: str,
    names: list[str],
    w: np.ndarray,
    b: np.ndarray,
    classes: list[str],
    penalty: float,
    score: tuple,
    report: dict,
) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    rules = report["rules_cv"]
    header = [
        f'# Learned ACLED sub-event type classifier, method "{method}" (events/learned.py): multinomial logistic',
        "#   regression; rows are features (the bias first), columns sub-event types; logit = bias + sum of",
        "#   feature value x row. Features: emb0..emb383 = the all-MiniLM-L6-v2 embedding of the mention's sentence"
        + (
            "; rule=<sub-type>, score:<class> (capped summed lexicon weight / 3), agent=, victim= = the rules'"
            " features."
            if method == "both"
            else "."
        ),
        "# Source: generated by scripts/train_event_classifier.py (scikit-learn LogisticRegression, L2, lbfgs, on",
        "#   standardised features, the scaling folded back into these weights) at commit "
        f"{commit.strip() or 'unknown'} + local changes, {datetime.now(UTC):%Y-%m-%d}.",
        f"# Data: the tune part only of case2021-task2/dev.jsonl ({report['case_with_event']} of "
        f"{report['case_tune_snippets']} subtask-1 snippets have a rules event) and the "
        f"{report['codebook_sentences']} example sentences and definitions of taxonomy/codebook.toml.",
        "#   No check document.",
        f"# Penalty C={penalty} (and override_above, models/event_subtypes.toml) chosen by {FOLDS}-fold"
        " cross-validation over the CASE tune snippets: weighted F1 "
        f"{score[0]:.3f}, accuracy {score[2]:.3f} (the rules on the same snippets: {rules[0]:.3f}, {rules[2]:.3f}).",
        "# Licence: MIT (weights); the embedding model is sentence-transformers/all-MiniLM-L6-v2, Apache-2.0.",
    ]
    order = [c for c in taxonomy.subtypes() if c in classes]
    cols = [classes.index(c) for c in order]
    lines = header + ["\t".join(["feature", *order]), "\t".join(["bias", *(f"{b[c]:.6g}" for c in cols)])]
    for i, name in enumerate(names):
        lines.append("\t".join([name, *(f"{w[i, c]:.6g}" for c in cols)]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lookups.table.cache_clear()


if __name__ == "__main__":
    main()
