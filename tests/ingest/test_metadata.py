"""Input fields other than the article's own are kept as metadata and exported with the record."""

from __future__ import annotations

import json

from wirecoder.ingest.readers import read_paths
from wirecoder.schema import validate

GOOD = "Rebels attacked an army convoy near Goma on Friday, killing four soldiers."


def test_jsonl_json_and_csv_keep_their_other_fields(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "j1", "text": GOOD, "title": "Goma", "section": "Africa", "tags": ["drc"], "n": 3}) + "\n",
        "utf-8",
    )
    (tmp_path / "b.json").write_text(json.dumps([{"id": "r1", "text": GOOD, "byline": {"name": "A. Writer"}}]))
    (tmp_path / "c.csv").write_text("ID,Body,Section,url\nc1,Police fired.,Kenya,http://x.org/c1\n", "utf-8")
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "d1", "text": GOOD}) + "\n", "utf-8")
    arts = {a.id: a for a in read_paths([str(tmp_path)], options={"text_column": "body"})}
    assert arts["j1"].metadata == {"section": "Africa", "tags": ["drc"], "n": 3}
    assert arts["j1"].title == "Goma"
    assert arts["r1"].metadata == {"byline": {"name": "A. Writer"}}
    assert (arts["c1"].text, arts["c1"].url, arts["c1"].metadata) == (
        "Police fired.",
        "http://x.org/c1",
        {"section": "Kenya"},
    )
    assert arts["d1"].metadata == {}
    record = arts["j1"].to_record()
    assert record["article"]["metadata"] == {"section": "Africa", "tags": ["drc"], "n": 3}
    assert validate(record) == []
    bare = arts["d1"].to_record()
    assert "metadata" not in bare["article"] and validate(bare) == []  # records without metadata stay as before


def test_record_with_html_instead_of_text(tmp_path):
    page = (
        "<html><head><title>Page title</title></head><body><nav>Home | World</nav><article>"
        "<p>Rebels attacked an army convoy near Goma on Friday, killing four soldiers, officials said.</p>"
        "<p>The attack was the third on the road this month, according to a local monitoring group.</p>"
        "</article></body></html>"
    )
    (tmp_path / "p.jsonl").write_text(
        json.dumps({"id": "h1", "html": page, "published": "2021-03-05", "desk": "world"})
        + "\n"
        + json.dumps({"id": "h2", "html": "<html><body><script>x()</script></body></html>"})
        + "\n",
        "utf-8",
    )
    h1, h2 = read_paths([str(tmp_path / "p.jsonl")])
    assert h1.text.startswith("Rebels attacked an army convoy") and "Home | World" not in h1.text
    assert (h1.title, h1.published.isoformat(), h1.metadata) == ("Page title", "2021-03-05", {"desk": "world"})
    assert h2.failed and h2.errors[0].code == "E109"
