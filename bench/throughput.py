"""Throughput benchmark: wirecoder end to end vs a plain spaCy parse of the same texts.

Codes a fixed sample of texts from ../shared/data/*/dev.jsonl (the first N of
each dataset, in file order; falls back to the bundled example repeated when
the shared data is absent) and prints articles/s, tokens/s and peak RSS for

1. ``nlp.pipe`` of the spaCy pipeline alone, as spaCy loads it (all components, none of wirecoder's), and
2. wirecoder's whole pipeline (ingest excluded, store excluded),

with the ratio, alternating the two ``--rounds`` times (the median counts) so that a change of load on a
shared machine hits both alike; the ratio is given in wall-clock and in CPU seconds of the process (steadier
when other jobs share the CPUs). Run it on an idle machine: ``make bench`` or
``.venv/bin/python bench/throughput.py --per-dataset 40``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_texts(per_dataset: int) -> list[dict]:
    records = []
    if SHARED.exists():
        for path in sorted(SHARED.glob("*/dev.jsonl")):
            with path.open(encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i >= per_dataset:
                        break
                    rec = json.loads(line)
                    records.append(
                        {
                            "id": f"{path.parent.name}:{rec['id']}",
                            "text": rec["text"],
                            "published": rec.get("publication_date"),
                        }
                    )
    if not records:
        print("../shared/data not found: benchmarking the bundled example x50", file=sys.stderr)
        text = (ROOT / "examples" / "article.txt").read_text("utf-8")
        records = [{"id": f"seed-{i}", "text": text, "published": None} for i in range(50)]
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-dataset", type=int, default=30, help="documents taken from each dev set")
    ap.add_argument("--rounds", type=int, default=3, help="alternate spaCy and wirecoder this many times")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a config override for wirecoder, e.g. stages.analyse.fast_attributes=false (repeatable)",
    )
    args = ap.parse_args()

    from wirecoder.analysis.nlp import load_nlp
    from wirecoder.ingest.readers import article_from_record
    from wirecoder.pipeline import Pipeline

    records = sample_texts(args.per_dataset)
    texts = [r["text"] for r in records]
    chars = sum(map(len, texts))

    load_before = os.getloadavg()
    overrides = dict(item.split("=", 1) for item in args.set)
    pipeline = Pipeline.from_config(overrides=overrides)  # loads spaCy and every stage's data once
    # the plain spaCy pipeline: the same model, as spaCy ships it (no wirecoder component, no replacement)
    nlp = load_nlp.__wrapped__(
        pipeline.get_stage("analyse").model,
        line_breaks=False,
        fast_attributes=False,
        fast_lemmas=False,
        fast_entities=False,
    )
    assert not [name for name in nlp.pipe_names if name.startswith("wirecoder_")], nlp.pipe_names
    # warm-up so that lazy loading is not timed
    list(pipeline.pipe([article_from_record(records[0], "warm")]))
    list(nlp.pipe(texts[:2]))

    rounds = []
    n_tokens = n_events = failed = 0
    pipeline.timings.clear()
    cpu_rounds = []
    for _ in range(args.rounds):  # interleaved, so that a change of load hits both alike
        t0, c0 = time.perf_counter(), time.process_time()
        n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
        spacy_s, spacy_cpu = time.perf_counter() - t0, time.process_time() - c0
        arts = [article_from_record(r, r["id"]) for r in records]
        t0, c0 = time.perf_counter(), time.process_time()
        coded = list(pipeline.pipe(arts))
        wc_s, wc_cpu = time.perf_counter() - t0, time.process_time() - c0
        n_events = sum(len(a.events) for a in coded)
        failed = sum(a.failed for a in coded)
        del coded, arts
        rounds.append((spacy_s, wc_s))
        cpu_rounds.append((spacy_cpu, wc_cpu))
    spacy_s = statistics.median(s for s, _ in rounds)
    wc_s = statistics.median(w for _, w in rounds)
    wc_total = sum(w for _, w in rounds)

    figures = {
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "overrides": overrides,
        "documents": len(texts),
        "characters": chars,
        "tokens": n_tokens,
        "rounds": len(rounds),
        "spacy_articles_per_s": round(len(texts) / spacy_s, 2),
        "spacy_tokens_per_s": round(n_tokens / spacy_s),
        "wirecoder_articles_per_s": round(len(texts) / wc_s, 2),
        "wirecoder_tokens_per_s": round(n_tokens / wc_s),
        "wirecoder_over_spacy_speed": round(statistics.median(s / w for s, w in rounds), 3),
        "ratio_per_round": [round(s / w, 3) for s, w in rounds],
        # CPU seconds of this process: on a shared machine, steadier than the wall clock
        "wirecoder_over_spacy_cpu": round(statistics.median(s / w for s, w in cpu_rounds), 3),
        "cpu_ratio_per_round": [round(s / w, 3) for s, w in cpu_rounds],
        "events": n_events,
        "failed_documents": failed,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "stage_share": {k: round(v / wc_total, 3) for k, v in pipeline.timings.items()},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(texts)} documents, {n_tokens} tokens, {chars} characters  ({figures['machine']})")
    print(f"load average before / after: {figures['load_average_before_after']}; overrides: {overrides or 'none'}")
    print(
        f"plain spaCy nlp.pipe : {figures['spacy_articles_per_s']:8.2f} articles/s  "
        f"{figures['spacy_tokens_per_s']:8d} tokens/s  (median of {len(rounds)})"
    )
    print(
        f"wirecoder pipeline   : {figures['wirecoder_articles_per_s']:8.2f} articles/s  "
        f"{figures['wirecoder_tokens_per_s']:8d} tokens/s  ({n_events} events)"
    )
    per_round = ", ".join(f"{r:.3f}" for r in figures["ratio_per_round"])
    print(f"ratio wirecoder/spaCy speed: {figures['wirecoder_over_spacy_speed']:.3f} (median; rounds: {per_round})")
    per_round = ", ".join(f"{r:.3f}" for r in figures["cpu_ratio_per_round"])
    print(f"same in CPU seconds        : {figures['wirecoder_over_spacy_cpu']:.3f} (median; rounds: {per_round})")
    print(f"peak RSS (whole process): {figures['peak_rss_mb']:.0f} MB")
    print("share of wirecoder time by stage:")
    for name, share in sorted(figures["stage_share"].items(), key=lambda kv: -kv[1]):
        print(f"  {share:6.1%}  {name}")


if __name__ == "__main__":
    main()
