"""Ingest: turn files, JSONL records, HTML pages and stdin into :class:`Article` objects.

Readers are registered by name (``wirecoder.text_reader.v1``, ...) and chosen
by file extension in :func:`read_paths`. A document that cannot be read
(empty, binary, undecodable, malformed JSON) still yields an ``Article``,
marked failed, with a coded entry in ``article.errors``: the run goes on and
the failure is recorded in the store with its reason.

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

#: File extensions read when a directory is given.
TEXT_EXTS = {".txt", ".text", ".md"}
JSONL_EXTS = {".jsonl", ".ndjson"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
KNOWN_EXTS = TEXT_EXTS | JSONL_EXTS | HTML_EXTS

#: Documents above this many characters are truncated (E107) unless configured otherwise.
DEFAULT_MAX_CHARS = 200_000


def _failed(id: str, code: str | None, message: str, path: str | None = None) -> Article:
    art = Article(id=id, text="", path=path)
    art.errors.append(StageError(stage="ingest", message=message, code=code))
    art.extra["failed"] = True
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


@readers.register("wirecoder.text_reader.v1")
def read_text_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """One article per plain-text file; id = file name without extension."""
    try:
        text = decode_bytes(path.read_bytes(), str(path))
    except IngestError as exc:
        yield _failed(path.stem, exc.code, str(exc), str(path))
        return
    yield article_from_text(text, id=path.stem, max_chars=max_chars, path=str(path))


@readers.register("wirecoder.jsonl_reader.v1")
def read_jsonl_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, lines: Iterable[str] | None = None
) -> Iterator[Article]:
    """One article per JSON line; a malformed line yields a failed article and the file goes on."""
    name = str(path) if path else "<stdin>"
    if lines is None:
        try:
            content = decode_bytes(path.read_bytes(), name)  # type: ignore[union-attr]
        except IngestError as exc:
            yield _failed(path.stem if path else "stdin", exc.code, str(exc), name)
            return
        lines = content.splitlines()
    for i, line in enumerate(lines, 1):
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


@readers.register("wirecoder.html_reader.v1")
def read_html_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """One article per HTML page: main text and metadata extracted with trafilatura."""
    try:
        html = decode_bytes(path.read_bytes(), str(path))
    except IngestError as exc:
        yield _failed(path.stem, exc.code, str(exc), str(path))
        return
    yield article_from_html(html, id=path.stem, max_chars=max_chars, path=str(path))


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


def _expand(paths: Iterable[str]) -> Iterator[Path | str]:
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_EXTS)
        else:
            yield path


def count_documents(paths: Iterable[str]) -> int | None:
    """How many articles :func:`read_paths` will yield (None when stdin is among the inputs).

    Cheap: JSONL files are scanned for non-empty lines, nothing is parsed.
    """
    total = 0
    for item in _expand(paths):
        if item == "-":
            return None
        assert isinstance(item, Path)
        if item.suffix.lower() in JSONL_EXTS and item.exists():
            with item.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


def read_paths(paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """Articles from files, directories (recursive) and ``-`` (stdin), in input order.

    Stdin holding JSON lines is read as JSONL, anything else as one text article.
    """
    for item in _expand(paths):
        if item == "-":
            data = sys.stdin.buffer.read()
            try:
                text = decode_bytes(data, "<stdin>")
            except IngestError as exc:
                yield _failed("stdin", exc.code, str(exc), "<stdin>")
                continue
            if text.lstrip().startswith("{"):
                yield from read_jsonl_file(None, max_chars=max_chars, lines=text.splitlines())
            else:
                yield article_from_text(text, id="stdin", max_chars=max_chars, path="<stdin>")
            continue
        assert isinstance(item, Path)
        if not item.exists():
            yield _failed(item.stem or str(item), "E106", Errors.E106.format(name=item), str(item))
            continue
        suffix = item.suffix.lower()
        if suffix in JSONL_EXTS:
            yield from readers.get("wirecoder.jsonl_reader.v1")(item, max_chars=max_chars)
        elif suffix in HTML_EXTS:
            yield from readers.get("wirecoder.html_reader.v1")(item, max_chars=max_chars)
        else:
            yield from readers.get("wirecoder.text_reader.v1")(item, max_chars=max_chars)
