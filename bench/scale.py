"""Long-run benchmark: memory and throughput over a stream of many synthetic articles (issue #18).

Builds articles from the paragraphs of the dev sets under ../shared/data (the bundled example when they are
absent): article i is ``--paragraphs`` (3-7 by default) paragraphs of dev documents, drawn by a generator
seeded with ``--seed`` and i, so every run sees the same stream and no two articles are the same text. It
streams them through one pipeline (``Pipeline.pipe``, batches of ``[nlp] batch_size``, nothing kept), and
every ``--every`` articles prints the resident memory of the process (RSS now, not the peak), the articles/s of
that window (wall clock and CPU time of this process), and the events found so far.
Flat memory and constant throughput mean that nothing accumulates from article to article.

    .venv/bin/python bench/scale.py --articles 100000 --every 5000
    .venv/bin/python bench/scale.py --articles 100000 --every 5000 --paragraphs 1-2   # short articles
    .venv/bin/python bench/scale.py --articles 10000 --every 1000 --markdown   # rows for docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "data"


def rss_mb() -> float:
    """The resident memory of this process now (Linux ``/proc``; the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def paragraphs(shared: Path = SHARED) -> list[str]:
    """The paragraphs (blank-line separated, 40+ characters) of every dev document, in file order."""
    texts: list[str] = []
    for path in sorted(shared.glob("*/dev.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    if not texts:
        texts = [(ROOT / "examples" / "article.txt").read_text("utf-8")]
    out = []
    for text in texts:
        out += [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if len(p.strip()) >= 40]
    return out


def synthetic_articles(
    n: int, seed: int = 0, pool: list[str] | None = None, paragraphs_per_article: tuple[int, int] = (3, 7)
) -> Iterator[dict]:
    """``n`` input records (id, text, publication_date) recombined from real paragraphs, reproducibly; each has
    between ``paragraphs_per_article`` paragraphs (inclusive)."""
    pool = pool if pool is not None else paragraphs()
    day0 = date(2020, 1, 1)
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        parts = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(*paragraphs_per_article))]
        yield {
            "id": f"synthetic-{seed}-{i}",
            "text": "\n\n".join(parts),
            "publication_date": (day0 + timedelta(days=i % 1500)).isoformat(),
        }


def run(pipeline, records: Iterable[dict], every: int) -> Iterator[dict]:
    """Code the records as a stream; after every ``every`` articles, one row of figures."""
    from wirecoder.ingest.readers import article_from_record

    articles = (article_from_record(r, r["id"]) for r in records)
    events = failed = 0
    t_wall, t_cpu = time.perf_counter(), time.process_time()
    start_wall, last_done = t_wall, 0
    for done, art in enumerate(pipeline.pipe(articles), 1):
        events += len(art.events)
        failed += art.failed
        if done % every == 0:
            now_wall, now_cpu = time.perf_counter(), time.process_time()
            yield {
                "articles": done,
                "rss_mb": round(rss_mb(), 1),
                "window_articles_per_s": round((done - last_done) / (now_wall - t_wall), 2),
                "window_articles_per_cpu_s": round((done - last_done) / max(now_cpu - t_cpu, 1e-9), 2),
                "events": events,
                "failed": failed,
                "elapsed_s": round(now_wall - start_wall, 1),
            }
            t_wall, t_cpu, last_done = now_wall, now_cpu, done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000, help="how many synthetic articles to code")
    ap.add_argument("--every", type=int, default=1000, help="print a row after this many articles")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic stream")
    ap.add_argument(
        "--paragraphs", default="3-7", help="paragraphs per article, MIN-MAX (1-2: short articles, a longer stream)"
    )
    ap.add_argument("--markdown", action="store_true", help="print the rows as a Markdown table")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON lines")
    args = ap.parse_args()

    from wirecoder.pipeline import Pipeline

    pipeline = Pipeline.from_config()
    pool = paragraphs()
    low, _, high = args.paragraphs.partition("-")
    span = (int(low), int(high or low))
    print(
        f"{args.articles} synthetic articles of {span[0]}-{span[1]} paragraphs from {len(pool)} dev-set paragraphs; "
        f"pipeline built, RSS "
        f"{rss_mb():.0f} MB; load average {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )
    if args.markdown:
        print("| articles | RSS MB | articles/s (window) | articles/CPU s (window) | events | failed | elapsed s |")
        print("|---|---|---|---|---|---|---|")
    for row in run(pipeline, synthetic_articles(args.articles, args.seed, pool, span), args.every):
        if args.json:
            print(json.dumps(row), flush=True)
        elif args.markdown:
            print(
                f"| {row['articles']} | {row['rss_mb']:.0f} | {row['window_articles_per_s']:.2f} | "
                f"{row['window_articles_per_cpu_s']:.2f} | {row['events']} | {row['failed']} | "
                f"{row['elapsed_s']:.0f} |",
                flush=True,
            )
        else:
            print(
                f"{row['articles']:>8} articles  RSS {row['rss_mb']:7.1f} MB  "
                f"{row['window_articles_per_s']:6.2f} art/s ({row['window_articles_per_cpu_s']:6.2f} per CPU s)  "
                f"{row['events']} events  {row['elapsed_s']:.0f} s",
                flush=True,
            )
    print(f"load average at the end {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
