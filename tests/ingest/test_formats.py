"""The readers of JSON arrays, CSV/TSV tables, RSS/Atom feeds and WARC archives, on small hand-made files."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from wirecoder.ingest.readers import choose_reader, read_data, read_paths

GOOD = "Rebels attacked an army convoy near Goma on Friday, killing four soldiers."


def _codes(arts):
    return [(a.id, a.failed, a.errors[0].code if a.errors else None) for a in arts]


# ---------------------------------------------------------------- JSON arrays


def test_json_array_of_records(tmp_path):
    rows = [
        {"id": "a1", "text": GOOD, "published": "2021-03-02", "url": "http://x/a1"},
        {"text": "Police arrested ten people in Kano."},
        ["not", "a", "record"],
        {"id": "a4", "title": "no text"},
    ]
    p = tmp_path / "batch.json"
    p.write_text(json.dumps(rows, indent=2), "utf-8")
    arts = list(read_paths([str(p)]))
    assert _codes(arts) == [
        ("a1", False, None),
        ("batch:8", False, None),
        ("batch:11", True, "E104"),
        ("a4", True, "E105"),
    ]
    assert arts[0].published.isoformat() == "2021-03-02" and arts[0].url == "http://x/a1"
    assert "line 11" in arts[2].errors[0].message


def test_json_array_streams_through_a_small_buffer(tmp_path, monkeypatch):
    import wirecoder.ingest.json_records as jr

    monkeypatch.setattr(jr, "CHUNK", 7)  # records straddle every chunk boundary
    rows = [{"id": f"r{i}", "text": f"{GOOD} Number {i}.\u2028Line two."} for i in range(50)]
    p = tmp_path / "many.json"
    p.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    arts = list(read_paths([str(p)]))
    assert [a.id for a in arts] == [f"r{i}" for i in range(50)]
    assert all(a.text == r["text"] for a, r in zip(arts, rows, strict=True))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[]", []),
        (b"  [ ]  \n", []),
        (b"", [("empty", True, "E101")]),
        (b'[{"id": "k", "text": "Troops clashed."}, {"id": ', [("k", False, None), ("empty:1", True, "E104")]),
        (b'[{"id": "k", "text": "Troops clashed."} {"id": "m"}]', [("k", False, None), ("empty:1", True, "E104")]),
        (b'"just a string"', [("empty:1", True, "E104")]),
        (b'{"id": "k", "text": "Troops clashed."} trailing', [("k", False, None), ("empty:1", True, "E104")]),
        (  # JSON lines in a .json file
            b'{"id": "k", "text": "Troops clashed."}\n{"text": "Police fired."}\n\n7\n',
            [("k", False, None), ("empty:2", False, None), ("empty:4", True, "E104")],
        ),
    ],
)
def test_json_edge_cases(tmp_path, content, expected):
    p = tmp_path / "empty.json"
    p.write_bytes(content)
    assert _codes(read_paths([str(p)])) == expected


def test_json_array_is_sniffed_without_extension():
    data = b'[\n  {"id": "s1", "text": "Rebels attacked."}\n]'
    assert choose_reader(None, data) == "wirecoder.json_reader.v1"
    assert [a.id for a in read_data(data)] == ["s1"]
    assert choose_reader(None, b"[Reuters] Rebels attacked.") == "wirecoder.text_reader.v1"


# ---------------------------------------------------------------- CSV / TSV


def test_csv_rows_with_quoted_multiline_text(tmp_path):
    p = tmp_path / "sheet.csv"
    p.write_text(
        "ID,Title,Text,Published,Extra\n"
        'c1,Goma clash,"' + GOOD + '\nSecond paragraph, with a comma.",2021-03-02,x\n'
        ",,Police arrested ten people in Kano.,,\n"
        ",,,,\n"
        "c4,Empty,,,\n",
        "utf-8",
    )
    arts = list(read_paths([str(p)]))
    assert _codes(arts) == [("c1", False, None), ("sheet:4", False, None), ("c4", True, "E101")]
    assert arts[0].text == GOOD + "\nSecond paragraph, with a comma."
    assert arts[0].title == "Goma clash" and arts[0].published.isoformat() == "2021-03-02"


def test_tsv_and_another_text_column(tmp_path):
    p = tmp_path / "wire.tsv"
    p.write_text("id\tbody\tsource\nt1\t" + GOOD + "\tAFP\nt2\tA café in Bogotá was bombed.\tEFE\n", "utf-8")
    (art,) = read_paths([str(p)])
    assert art.failed and art.errors[0].code == "E115" and "body" in art.errors[0].message
    arts = list(read_paths([str(p)], options={"text_column": "Body"}))
    assert [(a.id, a.source) for a in arts] == [("t1", "AFP"), ("t2", "EFE")]
    assert arts[1].text == "A café in Bogotá was bombed."


def test_options_go_only_to_readers_that_take_them(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.csv").write_text("body\n" + GOOD + "\n", "utf-8")
    arts = list(read_paths([str(tmp_path)], options={"text_column": "body"}))
    assert _codes(arts) == [("a", False, None), ("b:2", False, None)]


def test_csv_gzipped_and_cp1252(tmp_path):
    p = tmp_path / "old.csv.gz"
    p.write_bytes(gzip.compress("id,text\nw1,Bogotá bombing in the centre\n".encode("cp1252")))
    (art,) = read_paths([str(p)])
    assert (art.id, art.text) == ("w1", "Bogotá bombing in the centre")


# ---------------------------------------------------------------- RSS / Atom

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example Wire</title><link>http://example.org/</link><description>News</description>
<item><title>Convoy attacked near Goma</title><link>http://example.org/goma</link>
<guid>urn:example:goma</guid><pubDate>Fri, 05 Mar 2021 10:00:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Rebels attacked an army convoy near Goma on Friday.</p><p>Four soldiers died.</p>
<script>track()</script>]]></content:encoded></item>
<item><title>Protest in Lagos</title><link>http://example.org/lagos</link>
<description>Protesters &lt;b&gt;gathered&lt;/b&gt; in Lagos on Saturday.</description></item>
<item><title>Empty</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:feed</id>
<updated>2021-03-06T00:00:00Z</updated>
<entry><title>Shelling in Kharkiv</title><id>urn:entry:1</id><link href="http://example.org/kharkiv"/>
<updated>2021-03-06T08:00:00Z</updated><published>2021-03-05T08:00:00Z</published>
<content type="html">&lt;p&gt;Artillery shelled Kharkiv overnight.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries(tmp_path):
    p = tmp_path / "wire.rss"
    p.write_text(RSS, "utf-8")
    arts = list(read_paths([str(p)]))
    assert _codes(arts) == [
        ("urn:example:goma", False, None),
        ("http://example.org/lagos", False, None),
        ("wire:3", True, "E101"),
    ]
    goma, lagos = arts[0], arts[1]
    assert goma.text == "Rebels attacked an army convoy near Goma on Friday.\n\nFour soldiers died."
    assert (goma.title, goma.url) == ("Convoy attacked near Goma", "http://example.org/goma")
    assert goma.source == "Example Wire"
    assert goma.published.isoformat() == "2021-03-05" and goma.published_source == "metadata"
    assert lagos.text == "Protesters gathered in Lagos on Saturday."


def test_atom_entries_and_sniffing(tmp_path):
    p = tmp_path / "feed.xml"  # .xml is claimed by no reader: a file named on the command line is sniffed
    p.write_text(ATOM, "utf-8")
    assert choose_reader(p) == "wirecoder.feed_reader.v1"
    (art,) = read_paths([str(p)])
    assert (art.id, art.text, art.url) == (
        "urn:entry:1",
        "Artillery shelled Kharkiv overnight.",
        "http://example.org/kharkiv",
    )
    assert art.published.isoformat() == "2021-03-05" and art.source == "Atom Wire"
    assert choose_reader(None, ATOM.encode()) == "wirecoder.feed_reader.v1"
    # a feed quoting a page is still a feed; a page is still a page
    assert choose_reader(None, RSS.replace("Short summary.", "<![CDATA[<html>x</html>]]>").encode()) == (
        "wirecoder.feed_reader.v1"
    )
    assert choose_reader(None, b"<!DOCTYPE html><html><body>rss feed</body></html>") == "wirecoder.html_reader.v1"


def test_broken_feed_is_coded(tmp_path):
    p = tmp_path / "broken.rss"
    p.write_text("<rss><channel><title>x</title><oops", "utf-8")
    (art,) = read_paths([str(p)])
    assert art.failed and art.errors[0].code == "E116"
    p.write_text("not xml at all", "utf-8")
    (art,) = read_paths([str(p)])
    assert art.failed and art.errors[0].code == "E116"


# ---------------------------------------------------------------- WARC

PAGE = """<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World</nav><article>
<p>{title}: rebels attacked an army convoy near the city of Goma on Friday, killing four soldiers, officials
said.</p><p>The attack was the third on the road this month, according to a local monitoring group.</p>
</article></body></html>"""


def _warc(gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)

    def response(uri, body, ctype="text/html; charset=utf-8", status="200 OK"):
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))

    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    response("http://example.org/a", PAGE.format(title="Story A").encode())
    response("http://example.org/logo.png", b"\x89PNG\r\n", ctype="image/png")
    response("http://example.org/moved", b"", status="301 Moved Permanently")
    response("http://example.org/b", PAGE.format(title="Récit B").encode("latin-1"), ctype="text/html; charset=latin-1")
    return out.getvalue()


@pytest.mark.parametrize(("name", "gz"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses(tmp_path, name, gz):
    p = tmp_path / name
    p.write_bytes(_warc(gz))
    arts = list(read_paths([str(p)]))
    assert _codes(arts) == [("http://example.org/a", False, None), ("http://example.org/b", False, None)]
    assert "Story A: rebels attacked" in arts[0].text and "Home | World" not in arts[0].text
    assert arts[0].title == "Story A" and arts[0].url == "http://example.org/a"
    assert arts[1].text.startswith("Récit B")
    assert choose_reader(None, p.read_bytes()[:4096]) == "wirecoder.warc_reader.v1"


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("where", ["headers", "body", "end"])
def test_truncated_warc_keeps_the_records_before(tmp_path, gz, where):
    data = _warc(gz)
    full = list(read_paths([str(_write(tmp_path / "full.warc", data))]))
    assert [a.failed for a in full] == [False, False]
    cut = {"headers": len(data) * 3 // 4, "body": len(data) - 120, "end": len(data) - 10}[where]
    arts = list(read_paths([str(_write(tmp_path / "cut.warc", data[:cut]))]))
    assert arts[0].id == "http://example.org/a" and not arts[0].failed
    assert len(arts) == 2  # page b is the damaged one: reported, or read whole (a gzip trailer lost)
    assert (arts[-1].failed and arts[-1].errors[0].code == "E117") or arts[-1].text == full[1].text
    if not gz or where != "end":
        assert arts[-1].failed


def test_not_a_warc_is_coded(tmp_path):
    (art,) = read_paths([str(_write(tmp_path / "x.warc", b"WARC/1.0\r\nnot really\r\n"))])
    assert art.failed and art.errors[0].code == "E117"
    (art,) = read_paths([str(_write(tmp_path / "y.warc", b"hello"))])
    assert art.failed and art.errors[0].code == "E117"


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_html_to_text_of_feed_markup():
    from wirecoder.ingest.feeds import html_to_text

    assert html_to_text("One<br/>two &amp; three<ul><li>four</li></ul><style>p{}</style>") == (
        "One\n\ntwo & three\n\nfour"
    )


def test_mixed_directory_of_every_format_in_one_run(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"id": "b1", "text": "Troops clashed."}\n'))
    (tmp_path / "c.json").write_text(json.dumps([{"id": "c1", "text": "Police fired."}]), "utf-8")
    (tmp_path / "d.csv").write_text("id,text\nd1,Rebels shelled a town.\n", "utf-8")
    (tmp_path / "e.atom").write_text(ATOM, "utf-8")
    (tmp_path / "f.html").write_text(PAGE.format(title="Page F"), "utf-8")
    (tmp_path / "g.warc.gz").write_bytes(_warc(gz=True))
    (tmp_path / "h.pdf").write_bytes(b"%PDF-1.4")
    arts = list(read_paths([str(tmp_path)]))
    assert _codes(arts) == [
        ("a", False, None),
        ("b1", False, None),
        ("c1", False, None),
        ("d1", False, None),
        ("urn:entry:1", False, None),
        ("f", False, None),
        ("http://example.org/a", False, None),
        ("http://example.org/b", False, None),
        ("h", True, "E112"),
    ]


def test_counts_for_progress_match_the_articles_read(tmp_path):
    from wirecoder.ingest.readers import count_documents

    (tmp_path / "a.json").write_text(json.dumps([{"id": f"c{i}", "text": "Police fired."} for i in range(7)]), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"id": "one", "text": "Police fired."}), "utf-8")
    (tmp_path / "c.csv").write_text('id,text\nd1,"Rebels\n\nshelled a town."\n,,\nd2,Police fired.\n', "utf-8")
    (tmp_path / "d.tsv.gz").write_bytes(gzip.compress(b"id\ttext\nt1\tTroops clashed.\n"))
    (tmp_path / "e.rss").write_text(RSS, "utf-8")
    (tmp_path / "f.warc.gz").write_bytes(_warc(gz=True))
    (tmp_path / "g.json").write_text('[{"id": "x", "text": "Police fired."}, {"id": ', "utf-8")  # cut: 1 + damage
    arts = list(read_paths([str(tmp_path)]))
    assert len(arts) == 7 + 1 + 2 + 1 + 3 + 2 + 2
    assert count_documents([str(tmp_path)]) == len(arts)
    for name, n in (("a.json", 7), ("c.csv", 2), ("e.rss", 3), ("f.warc.gz", 2), ("g.json", 2)):
        assert count_documents([str(tmp_path / name)]) == n, name
