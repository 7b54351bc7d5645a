"""Throughput benchmark: wirecoder end to end vs a plain spaCy parse of the same texts.

Codes a fixed sample of texts from ../shared/data/*/dev.jsonl (the first N of
each dataset, in file order; falls back to the bundled example repeated when
the shared data is absent) and prints articles/s, tokens/s and peak RSS for

1. ``nlp.pipe`` of the spaCy pipeline alone (all components), and
2. wirecoder's whole pipeline (ingest excluded, store excluded),

with the ratio. Run it on an idle machine: ``make bench`` or
``.venv/bin/python bench/throughput.py --per-dataset 40``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
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
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    from wirecoder.analysis.nlp import load_nlp
    from wirecoder.ingest.readers import article_from_record
    from wirecoder.pipeline import Pipeline

    records = sample_texts(args.per_dataset)
    texts = [r["text"] for r in records]
    chars = sum(map(len, texts))

    pipeline = Pipeline.from_config()  # loads spaCy and every stage's data once
    nlp = load_nlp(pipeline.config["nlp"]["model"])
    # warm-up so that lazy loading is not timed
    list(pipeline.pipe([article_from_record(records[0], "warm")]))

    t0 = time.perf_counter()
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    spacy_s = time.perf_counter() - t0

    arts = [article_from_record(r, r["id"]) for r in records]
    pipeline.timings.clear()
    t0 = time.perf_counter()
    coded = list(pipeline.pipe(arts))
    wc_s = time.perf_counter() - t0
    n_events = sum(len(a.events) for a in coded)
    failed = sum(a.failed for a in coded)

    figures = {
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        "documents": len(texts),
        "characters": chars,
        "tokens": n_tokens,
        "spacy_articles_per_s": round(len(texts) / spacy_s, 2),
        "spacy_tokens_per_s": round(n_tokens / spacy_s),
        "wirecoder_articles_per_s": round(len(texts) / wc_s, 2),
        "wirecoder_tokens_per_s": round(n_tokens / wc_s),
        "wirecoder_over_spacy_speed": round(spacy_s / wc_s, 3),
        "events": n_events,
        "failed_documents": failed,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "stage_share": {k: round(v / wc_s, 3) for k, v in pipeline.timings.items()},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(texts)} documents, {n_tokens} tokens, {chars} characters  ({figures['machine']})")
    print(
        f"plain spaCy nlp.pipe : {figures['spacy_articles_per_s']:8.2f} articles/s  "
        f"{figures['spacy_tokens_per_s']:8d} tokens/s"
    )
    print(
        f"wirecoder pipeline   : {figures['wirecoder_articles_per_s']:8.2f} articles/s  "
        f"{figures['wirecoder_tokens_per_s']:8d} tokens/s  ({n_events} events)"
    )
    print(f"ratio wirecoder/spaCy speed: {figures['wirecoder_over_spacy_speed']:.3f}")
    print(f"peak RSS (whole process): {figures['peak_rss_mb']:.0f} MB")
    print("share of wirecoder time by stage:")
    for name, share in sorted(figures["stage_share"].items(), key=lambda kv: -kv[1]):
        print(f"  {share:6.1%}  {name}")


if __name__ == "__main__":
    main()
