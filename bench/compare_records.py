"""Compare two sets of ``wirecoder/1`` records, article by article: did a change alter any output?

A refactoring that should not change behaviour is checked by coding the same documents before and
after (``wirecoder eval-all --save DIR`` or ``wirecoder extract ... --all-events > FILE``) and
running::

    python bench/compare_records.py BEFORE AFTER [--show 5]

BEFORE and AFTER are JSONL files or folders of them (matched by file name). Records are matched by
``article.id``; ids present on one side only are listed (a ``--limit`` run compares its subset).
Exit code 0 when every shared record is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _load(path: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                out[str(rec["article"]["id"])] = rec
    return out


def _diff(a: object, b: object, where: str = "") -> list[str]:
    if type(a) is not type(b):
        return [f"{where or '/'}: {a!r} -> {b!r}"]
    if isinstance(a, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):  # type: ignore[arg-type]
            out += _diff(a.get(key), b.get(key), f"{where}/{key}")  # type: ignore[union-attr]
        return out
    if isinstance(a, list):
        if len(a) != len(b):  # type: ignore[arg-type]
            return [f"{where}: {len(a)} items -> {len(b)} items"]  # type: ignore[arg-type]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[arg-type]
            out += _diff(x, y, f"{where}/{i}")
        return out
    return [] if a == b else [f"{where}: {a!r} -> {b!r}"]


def _pairs(before: Path, after: Path) -> list[tuple[str, Path, Path]]:
    if before.is_file() and after.is_file():
        return [(after.name, before, after)]
    return [(p.name, before / p.name, p) for p in sorted(after.glob("*.jsonl")) if (before / p.name).exists()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--show", type=int, default=3, help="differences shown per differing article")
    args = ap.parse_args(argv)
    changed = compared = 0
    for name, old_path, new_path in _pairs(args.before, args.after):
        old, new = _load(old_path), _load(new_path)
        shared = [i for i in new if i in old]
        diffs = {i: _diff(old[i], new[i]) for i in shared}
        bad = {i: d for i, d in diffs.items() if d}
        compared += len(shared)
        changed += len(bad)
        print(f"{name}: {len(shared)} compared, {len(bad)} changed, {len(set(new) - set(old))} new only")
        for i, d in list(bad.items())[:10]:
            print(f"  {i}:")
            for line in d[: args.show]:
                print(f"    {line[:300]}")
    print(f"total: {compared} compared, {changed} changed")
    return 1 if changed or not compared else 0


if __name__ == "__main__":
    sys.exit(main())
