"""Ingest: turn files, JSONL records, HTML pages and stdin into :class:`Article` objects.

Readers are registered in :data:`wirecoder.registry.readers` with the file
extensions they claim and a content sniffer; :func:`read_paths` (files,
directories, stdin) and :func:`read_data` (bytes in memory) choose one through
the registry (:func:`choose_reader`): by extension first, then, for a
document whose extension no reader claims or that has none (stdin, a file
named ``story``), by the first reader whose sniffer recognises its first
bytes, else as plain text. A directory is read recursively, taking the files
with a claimed extension.

A reader is called ``reader(path, max_chars=..., data=None)`` and yields
articles: ``path`` is the file (None for stdin; its stem is the article id),
``data`` the document's bytes when they were already read (stdin, an upload).
A document that cannot be read (empty, binary, undecodable, malformed JSON)
still yields an ``Article``, marked failed, with a coded entry in
``article.errors``: the run goes on and the failure is recorded in the store
with its reason.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..doc import Article, StageError
from ..errors import Errors, IngestError
from ..registry import readers

#: Documents above this many characters are truncated (E107) unless configured otherwise.
DEFAULT_MAX_CHARS = 200_000
#: The reader of documents that neither their extension nor a sniffer assigns to another.
DEFAULT_READER = "wirecoder.text_reader.v1"
#: How many leading bytes of a document the sniffers see.
SNIFF_BYTES = 4096
#: Stdin as an input path, and the id and name its documents get.
STDIN = "-"
STDIN_ID = "stdin"
STDIN_NAME = "<stdin>"


def _failed(id: str, code: str | None, message: str, path: str | None = None) -> Article:
    art = Article(id=id, text="", path=path)
    art.errors.append(StageError(stage="ingest", message=message, code=code))
    art.failed = True
    return art


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a document's bytes, refusing binary content.

    Tries UTF-8 (with or without BOM), UTF-16 when a BOM says so, then
    Windows-1252, the usual encoding of older news archives.

    RETURNS (str): the text.
    RAISES IngestError: with its code, E102 (binary) or E103 (undecodable).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(Errors.E103.format(name=name, reason=exc)) from exc
    head = data[:4096]
    if b"\x00" in head:
        raise IngestError(Errors.E102.format(name=name, reason="contains NUL bytes"))
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        raise IngestError(Errors.E102.format(name=name, reason=f"{controls} control bytes in the first {len(head)}"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_exc:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise IngestError(Errors.E103.format(name=name, reason=utf8_exc)) from utf8_exc


def guess_title(text: str) -> str | None:
    """The first line of a plain-text article when it looks like a headline."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 200 and not line.endswith((".", ":", ",")) and len(line.split()) >= 2:
            return line
        return None
    return None


def parse_date(value: object) -> date | None:
    """A ``date`` from YYYY-MM-DD (or a longer ISO timestamp); None when absent or invalid."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _finish(art: Article, max_chars: int) -> Article:
    if not art.text.strip():
        return _failed(art.id, "E101", Errors.E101.format(name=art.id), art.path)
    if len(art.text) > max_chars:
        art.errors.append(
            StageError("ingest", Errors.E107.format(name=art.id, size=len(art.text), limit=max_chars), "E107")
        )
        art.text = art.text[:max_chars]
    return art


def article_from_text(text: str, id: str, max_chars: int = DEFAULT_MAX_CHARS, path: str | None = None) -> Article:
    """An article from plain text; its headline is the first line when it looks like one."""
    art = Article(id=id, text=text, title=guess_title(text), path=path)
    return _finish(art, max_chars)


def article_from_record(record: dict, name: str, max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """An article from a JSON record: ``id``, ``text``, optional ``title``, ``published``
    (or ``publication_date``), ``url``, ``source``.

    record (dict): the parsed JSON object.
    name (str): fallback id (e.g. "file.jsonl:12") when the record has none.
    """
    rid = str(record.get("id") if record.get("id") is not None else name)
    text = record.get("text")
    if not isinstance(text, str):
        return _failed(rid, "E105", Errors.E105.format(line=name.rsplit(":", 1)[-1], name=name))
    raw_pub = record.get("published", record.get("publication_date"))
    art = Article(
        id=rid,
        text=text,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        published=parse_date(raw_pub),
        source=record.get("source") if isinstance(record.get("source"), str) else None,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        path=name,
    )
    if art.published is not None:
        art.published_source = "metadata"
    elif raw_pub not in (None, ""):
        art.errors.append(StageError("ingest", Errors.E108.format(value=raw_pub, name=rid), "E108"))
    return _finish(art, max_chars)


def _doc_id(path: Path | None) -> str:
    return path.stem if path is not None else STDIN_ID


def _doc_name(path: Path | None) -> str:
    return str(path) if path is not None else STDIN_NAME


def _decoded(path: Path | None, data: bytes | None) -> str:
    """The document's text, from ``data`` when given, else read from ``path``; RAISES IngestError."""
    raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
    return decode_bytes(raw, _doc_name(path))


def sniff_text(head: bytes) -> str:
    """A document's first bytes as text for the sniffers: BOM-aware and lenient (a cut character is dropped)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8-sig", errors="ignore")


def looks_like_jsonl(head: str) -> bool:
    """JSON lines: the first non-blank character opens an object."""
    return head.lstrip().startswith("{")


def looks_like_html(head: str) -> bool:
    """An HTML page: it opens with a tag, and an HTML doctype or ``<html>`` tag comes early."""
    start = head.lstrip().lower()
    return start.startswith("<") and ("<!doctype html" in start or "<html" in start)


def count_lines(path: Path) -> int:
    """Non-blank lines of a file (JSON lines), counted without parsing."""
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


@readers.register("wirecoder.text_reader.v1", extensions=(".txt", ".text", ".md"))
def read_text_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None
) -> Iterator[Article]:
    """One article per plain-text document; id = file name without extension ("stdin" for stdin)."""
    try:
        text = _decoded(path, data)
    except IngestError as exc:
        yield _failed(_doc_id(path), exc.code, str(exc), _doc_name(path))
        return
    yield article_from_text(text, id=_doc_id(path), max_chars=max_chars, path=_doc_name(path))


@readers.register(
    "wirecoder.jsonl_reader.v1", extensions=(".jsonl", ".ndjson"), sniff=looks_like_jsonl, count=count_lines
)
def read_jsonl_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None
) -> Iterator[Article]:
    """One article per JSON line; a malformed line yields a failed article and the file goes on."""
    name = _doc_name(path)
    try:
        content = _decoded(path, data)
    except IngestError as exc:
        yield _failed(_doc_id(path), exc.code, str(exc), name)
        return
    for i, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _failed(f"{Path(name).stem}:{i}", "E104", Errors.E104.format(line=i, name=name, reason=exc), name)
            continue
        if not isinstance(record, dict):
            yield _failed(
                f"{Path(name).stem}:{i}", "E104", Errors.E104.format(line=i, name=name, reason="not an object"), name
            )
            continue
        yield article_from_record(record, f"{name}:{i}", max_chars=max_chars)


@readers.register("wirecoder.html_reader.v1", extensions=(".html", ".htm", ".xhtml"), sniff=looks_like_html)
def read_html_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None
) -> Iterator[Article]:
    """One article per HTML page: main text and metadata extracted with trafilatura."""
    try:
        html = _decoded(path, data)
    except IngestError as exc:
        yield _failed(_doc_id(path), exc.code, str(exc), _doc_name(path))
        return
    yield article_from_html(html, id=_doc_id(path), max_chars=max_chars, path=_doc_name(path))


def article_from_html(html: str, id: str, max_chars: int = DEFAULT_MAX_CHARS, path: str | None = None) -> Article:
    """Extract the article body and metadata (title, date, url, site) from an HTML page."""
    import trafilatura  # imported lazily: only HTML input needs it

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        return _failed(id, "E109", Errors.E109.format(name=path or id), path)
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = data.get("text") or ""
    if not text.strip():
        return _failed(id, "E109", Errors.E109.format(name=path or id), path)
    art = Article(
        id=id,
        text=text,
        title=data.get("title"),
        published=parse_date(data.get("date")),
        source=data.get("sitename") or data.get("hostname"),
        url=data.get("url"),
        path=path,
    )
    if art.published:
        art.published_source = "metadata"
    return _finish(art, max_chars)


def choose_reader(path: Path | None, head: bytes | None = None) -> str:
    """The registered reader for a document: the one claiming its extension; else the first whose
    sniffer recognises its first bytes (the latest registered asked first, so an installed package's
    sniffer comes before the built-ins'); else :data:`DEFAULT_READER`.

    path (Path | None): the document's file or name (None for stdin).
    head (bytes | None): its first bytes; read from ``path`` when None and needed.
    RETURNS (str): a name registered in :data:`wirecoder.registry.readers`.
    """
    if path is not None and path.suffix:
        claimed = readers.for_extension(path.suffix)
        if claimed is not None:
            return claimed
    if head is None and path is not None:
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except OSError:  # the reader reports it
            head = b""
    return readers.sniff(sniff_text(head or b"")) or DEFAULT_READER


def _expand(paths: Iterable[str]) -> Iterator[Path | str]:
    for p in paths:
        if p == STDIN:
            yield STDIN
            continue
        path = Path(p)
        if path.is_dir():
            claimed = readers.extensions()
            yield from sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in claimed)
        else:
            yield path


def count_documents(paths: Iterable[str]) -> int | None:
    """How many articles :func:`read_paths` will yield (None when stdin is among the inputs).

    Cheap: a reader with a counter (JSONL: non-empty lines) counts without parsing; others give one per file.
    """
    total = 0
    for item in _expand(paths):
        if item == STDIN:
            return None
        assert isinstance(item, Path)
        counter = readers.info(choose_reader(item)).count if item.exists() else None
        total += counter(item) if counter is not None else 1
    return total


def read_data(data: bytes, name: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """Articles from a document already in memory (stdin, an upload), read by the reader
    :func:`choose_reader` picks from ``name``'s extension or by sniffing.

    data (bytes): the document.
    name (str | None): its file name (the article id is its stem); None for stdin ("stdin").
    RETURNS (Iterator[Article]): one per document it holds, failed ones with a coded error.
    """
    path = Path(name) if name is not None else None
    reader = readers.get(choose_reader(path, data[:SNIFF_BYTES]))
    yield from reader(path, max_chars=max_chars, data=data)


def read_paths(paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """Articles from files, directories (recursive) and ``-`` (stdin), in input order.

    Each document is read by the reader :func:`choose_reader` picks (stdin by sniffing: JSON lines,
    an HTML page, else one text article).
    """
    for item in _expand(paths):
        if item == STDIN:
            yield from read_data(sys.stdin.buffer.read(), max_chars=max_chars)
            continue
        assert isinstance(item, Path)
        if not item.exists():
            yield _failed(item.stem or str(item), "E106", Errors.E106.format(name=item), str(item))
            continue
        yield from readers.get(choose_reader(item))(item, max_chars=max_chars)
