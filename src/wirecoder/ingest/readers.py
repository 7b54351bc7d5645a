"""Ingest: turn files, JSONL records, HTML pages and stdin into :class:`Article` objects.

Readers are registered in :data:`wirecoder.registry.readers` with the file
extensions they claim and a content sniffer; :func:`read_paths` (files,
directories, stdin) and :func:`read_data` (bytes in memory) choose one through
the registry (:func:`choose_reader`): by extension first (``.gz`` set aside:
``x.jsonl.gz`` is JSON lines), then, for a document whose extension no reader
claims or that has none (stdin, a file named ``story``), by the first reader
whose sniffer recognises its first bytes, else as plain text. Gzip is
undone transparently, whatever the extension (the built-in readers open
documents with :func:`open_document`).

A directory is read recursively, in sorted order, following links to
directories once (a link loop is a coded error, E111). Files with a claimed
extension are read; every other file is reported as a failed article with
E112 (so the run's summary and exit code account for it), never silently
skipped. Hidden entries (names starting with ``.``: ``.git``, ``.DS_Store``)
are passed over.

Reader protocol. A reader is called ``reader(path, max_chars=..., data=None)``
and yields articles: ``path`` is the file (None for stdin), ``data`` the
document's bytes when they were already read (stdin, an upload). Two more
keywords are passed when the reader's signature accepts them:

* ``id``: the document's identity, from :func:`read_paths`: the file name
  without its format extension for a file named on the command line
  (``article.txt`` -> ``article``), the path relative to the directory named
  on the command line for a file found in it (``story-a/index.html`` ->
  ``story-a/index``), ``stdin`` for stdin. A file holding one document uses it
  as the article id; a file of records uses each record's own id, else
  ``<id>:<line>``;
* reader options given to :func:`read_paths` as ``options`` (e.g.
  ``{"text_column": "body"}`` for the CSV reader): each goes to the readers
  whose function has a keyword of that name. The CLI is to pass ``--text-column
  NAME`` as ``options={"text_column": NAME}``.

Identity. Article ids are unique within one :func:`read_paths` call: a
repeated id (two JSONL records with the same ``id``, the same file given
twice) keeps the first, and later ones get the suffix ``#2``, ``#3``, ... and
a coded warning E114 in their errors; nothing is overwritten silently. (The set
of ids seen is the one thing :func:`read_paths` keeps per document.)

Errors. A document that cannot be read (unreadable, empty, binary,
undecodable, malformed JSON) still yields an ``Article``, marked failed, with a
coded entry in ``article.errors``: the run goes on and the failure is recorded
in the store with its reason. A reader that raises is caught too (E111 for an
operating-system error, E113 otherwise): the articles it yielded before stay,
the rest of its file becomes one failed article.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import codecs
import functools
import gzip
import inspect
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

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
#: The first bytes of a gzip stream, and the extension set aside when choosing a reader.
GZIP_MAGIC = b"\x1f\x8b"
GZIP_SUFFIX = ".gz"
#: The fields of an input record that make the article; any other field is kept in ``article.metadata``.
RECORD_FIELDS = re.compile(r"id|text|html|title|published|publication_date|url|source")
#: Separator between an id and the number that makes a repeated id unique (``id#2``).
DUPLICATE_MARK = "#"


def failed_article(id: str, code: str | None, message: str, path: str | None = None) -> Article:
    """An article that could not be read: no text, marked failed, with the coded reason in its errors."""
    art = Article(id=id, text="", path=path)
    art.errors.append(StageError(stage="ingest", message=message, code=code))
    art.failed = True
    return art


def check_binary(head: bytes, name: str) -> None:
    """RAISES IngestError (E102) when a document's first bytes are binary (NUL or many control bytes)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16: NUL bytes are expected
    head = head[:SNIFF_BYTES]
    if b"\x00" in head:
        raise IngestError(Errors.E102.format(name=name, reason="contains NUL bytes"))
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        raise IngestError(Errors.E102.format(name=name, reason=f"{controls} control bytes in the first {len(head)}"))


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
    check_binary(data, name)
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


def finish_article(art: Article, max_chars: int, size: int | None = None) -> Article:
    """The article as read: failed when it has no text (E101), truncated to ``max_chars`` (E107).

    size (int | None): the document's length in characters when ``art.text`` holds only its beginning.
    """
    if not art.text.strip():
        return failed_article(art.id, "E101", Errors.E101.format(name=art.id), art.path)
    size = len(art.text) if size is None else size
    if size > max_chars:
        art.errors.append(StageError("ingest", Errors.E107.format(name=art.id, size=size, limit=max_chars), "E107"))
        art.text = art.text[:max_chars]
    return art


def article_from_text(text: str, id: str, max_chars: int = DEFAULT_MAX_CHARS, path: str | None = None) -> Article:
    """An article from plain text; its headline is the first line when it looks like one."""
    art = Article(id=id, text=text, title=guess_title(text), path=path)
    return finish_article(art, max_chars)


def _text_field(record: Mapping, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def article_from_record(
    record: Mapping, name: str, max_chars: int = DEFAULT_MAX_CHARS, fallback_id: str | None = None
) -> Article:
    """An article from a JSON record (or a table row): ``id``, ``text`` (else ``html``: a page, whose main
    text is extracted), optional ``title``, ``published`` (or ``publication_date``), ``url``, ``source``;
    its other fields are kept as they are in ``article.metadata``.

    record (Mapping): the parsed JSON object.
    name (str): where it was read, "file.jsonl:12" (the article's ``path``).
    fallback_id (str | None): its id when the record has none (default: ``name``).
    """
    own = record.get("id")
    rid = str(own) if own is not None and own != "" else (fallback_id or name)
    text, html = _text_field(record, "text"), _text_field(record, "html")
    if text is None and html is None:
        return failed_article(rid, "E105", Errors.E105.format(line=name.rsplit(":", 1)[-1], name=name), name)
    if text is None:
        art = article_from_html(html, id=rid, max_chars=max_chars, path=name)  # type: ignore[arg-type]
        if art.failed:
            return art
    else:
        art = Article(id=rid, text=text, path=name)
    raw_pub = record.get("published", record.get("publication_date"))
    art.title = _text_field(record, "title") or art.title
    art.source = _text_field(record, "source") or art.source
    art.url = _text_field(record, "url") or art.url
    art.metadata = {k: v for k, v in record.items() if not RECORD_FIELDS.fullmatch(k)}
    if parse_date(raw_pub) is not None:
        art.published, art.published_source = parse_date(raw_pub), "metadata"
    elif raw_pub not in (None, ""):
        art.errors.append(StageError("ingest", Errors.E108.format(value=raw_pub, name=rid), "E108"))
    return finish_article(art, max_chars)


def strip_gz(path: Path) -> Path:
    """``x.jsonl.gz`` -> ``x.jsonl``: the name whose extension says the format."""
    return path.with_suffix("") if path.suffix.lower() == GZIP_SUFFIX else path


def doc_id(path: Path | None, id: str | None = None) -> str:
    """A document's id: ``id`` when given (see :func:`read_paths`), else its file name without the
    format extension (``article.txt``, ``article.txt.gz`` -> ``article``), "stdin" for stdin."""
    if id is not None:
        return id
    return strip_gz(path).stem if path is not None else STDIN_ID


def doc_name(path: Path | None) -> str:
    """How messages name a document: its path as given, ``<stdin>`` for stdin."""
    return str(path) if path is not None else STDIN_NAME


@contextmanager
def open_document(path: Path | None, data: bytes | None = None) -> Iterator[IO[bytes]]:
    """The document's bytes as a stream, gunzipped when they start with the gzip magic.

    path (Path | None): the file, read when ``data`` is None.
    data (bytes | None): the bytes when they were already read (stdin, an upload).
    RAISES OSError: when the file cannot be opened (the caller codes it, E111).
    """
    raw = io.BufferedReader(io.BytesIO(data)) if data is not None else path.open("rb")  # type: ignore[union-attr]
    try:
        if raw.peek(2)[:2] == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                yield io.BufferedReader(gz)  # type: ignore[arg-type]
        else:
            yield raw
    finally:
        raw.close()


def read_document(path: Path | None, data: bytes | None = None) -> bytes:
    """All the bytes of a document (gunzipped); RAISES IngestError (E111) when it cannot be read."""
    try:
        with open_document(path, data) as fh:
            return fh.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise IngestError(Errors.E111.format(name=doc_name(path), reason=os_reason(exc))) from exc


def _whole_characters(head: bytes) -> bytes:
    """The first bytes of a cut document without the character cut at their end (UTF-8 or UTF-16)."""
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16:
        head = head[: len(head) // 2 * 2]
    try:
        head.decode("utf-16" if utf16 else "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            return head[: exc.start]
    return head


def read_text_prefix(path: Path | None, data: bytes | None, max_chars: int) -> tuple[str, int | None]:
    """A plain-text document's text, read in bounded memory: at most enough bytes for ``max_chars``
    characters are decoded; the rest is only counted.

    RETURNS (tuple[str, int | None]): the text (the whole document, or its beginning of at least
        ``max_chars`` characters), and the document's length in characters when the text is cut (else None).
    RAISES IngestError: with its code (E102, E103, E111).
    """
    limit = 4 * max_chars + 4  # a character is at most 4 bytes; a BOM or a cut character fits in the rest
    name = doc_name(path)
    try:
        with open_document(path, data) as fh:
            head = fh.read(limit + 1)
            if len(head) <= limit:
                return decode_bytes(head, name), None
            head = _whole_characters(head)
            text = decode_bytes(head, name)
            encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            if encoding == "utf-16":
                decoder.decode(head[:2])  # the byte order
            rest = 0
            while chunk := fh.read(1 << 20):
                rest += len(decoder.decode(chunk))
            return text, len(text) + rest + len(decoder.decode(b"", final=True))
    except (OSError, EOFError, zlib.error) as exc:
        raise IngestError(Errors.E111.format(name=name, reason=os_reason(exc))) from exc


def os_reason(exc: BaseException) -> str:
    """A short reason for a read error ("permission denied"), for E111."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def _decoded(path: Path | None, data: bytes | None) -> str:
    """The document's text, from ``data`` when given, else read from ``path``; RAISES IngestError."""
    return decode_bytes(read_document(path, data), doc_name(path))


def decode_line(line: bytes, name: str, number: int) -> str:
    """One line of a line-based document: UTF-8, else Windows-1252; RAISES IngestError (E103)."""
    try:
        return line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as utf8_exc:
        try:
            return line.decode("cp1252")
        except UnicodeDecodeError:
            raise IngestError(Errors.E103.format(name=f"{name}:{number}", reason=utf8_exc)) from utf8_exc


def sniff_text(head: bytes) -> str:
    """A document's first bytes as text for the sniffers: gunzipped, BOM-aware and lenient (a cut
    character is dropped)."""
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return ""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8-sig", errors="ignore")


def looks_like_jsonl(head: str) -> bool:
    """JSON lines: the first non-blank character opens an object."""
    return head.lstrip().startswith("{")


def looks_like_html(head: str) -> bool:
    """An HTML page: it opens with a tag, and an HTML doctype or ``<html>`` tag comes early, before
    any feed element (an RSS item may quote a page)."""
    start = head.lstrip().lower()
    if not start.startswith("<"):
        return False
    found = [i for i in (start.find("<!doctype html"), start.find("<html")) if i >= 0]
    if not found:
        return False
    feed = [i for i in (start.find("<rss"), start.find("<feed"), start.find("<rdf:rdf")) if i >= 0]
    return not feed or min(found) < min(feed)


def count_lines(path: Path) -> int:
    """Non-blank lines of a file (JSON lines), counted without parsing."""
    try:
        with open_document(path) as fh:
            return sum(1 for line in fh if line.strip())
    except (OSError, EOFError, zlib.error):
        return 1  # read as one failed document


@readers.register("wirecoder.text_reader.v1", extensions=(".txt", ".text", ".md"))
def read_text_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None, id: str | None = None
) -> Iterator[Article]:
    """One article per plain-text document; id = file name without extension ("stdin" for stdin)."""
    try:
        text, size = read_text_prefix(path, data, max_chars)
    except IngestError as exc:
        yield failed_article(doc_id(path, id), exc.code, str(exc), doc_name(path))
        return
    art = Article(id=doc_id(path, id), text=text, title=guess_title(text), path=doc_name(path))
    yield finish_article(art, max_chars, size)


def iter_lines(fh: IO[bytes]) -> Iterator[bytes]:
    """The lines of a byte stream, split on ``\\n`` only (a U+2028 or U+0085 inside a JSON string
    stays in its line), ``\\r`` of ``\\r\\n`` kept (JSON ignores it)."""
    head = fh.peek(2)[:2]  # type: ignore[attr-defined]
    if head in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: re-encode line by line
        text = io.TextIOWrapper(fh, encoding="utf-16", newline="\n")  # type: ignore[type-var]
        for line in text:
            yield line.encode("utf-8")
        return
    yield from fh


@readers.register(
    "wirecoder.jsonl_reader.v1", extensions=(".jsonl", ".ndjson"), sniff=looks_like_jsonl, count=count_lines
)
def read_jsonl_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None, id: str | None = None
) -> Iterator[Article]:
    """One article per JSON line, streamed; a malformed line yields a failed article and the file goes on.

    Lines are split on ``\\n`` only (JSON strings may hold a raw U+2028 or U+0085); line numbers in
    messages and fallback ids (``<id>:<line>``) count every physical line, blank ones included.
    """
    name, base = doc_name(path), doc_id(path, id)
    try:
        with open_document(path, data) as fh:
            checked = False
            for i, raw in enumerate(iter_lines(fh), 1):
                if not checked:
                    check_binary(raw, name)
                    checked = True
                if not raw.strip():
                    continue
                try:
                    line = decode_line(raw, name, i)
                    record = json.loads(line)
                except IngestError as exc:
                    yield failed_article(f"{base}:{i}", exc.code, str(exc), f"{name}:{i}")
                    continue
                except json.JSONDecodeError as exc:
                    message = Errors.E104.format(line=i, name=name, reason=exc)
                    yield failed_article(f"{base}:{i}", "E104", message, f"{name}:{i}")
                    continue
                if not isinstance(record, dict):
                    message = Errors.E104.format(line=i, name=name, reason="not an object")
                    yield failed_article(f"{base}:{i}", "E104", message, f"{name}:{i}")
                    continue
                yield article_from_record(record, f"{name}:{i}", max_chars=max_chars, fallback_id=f"{base}:{i}")
    except IngestError as exc:
        yield failed_article(base, exc.code, str(exc), name)
    except (OSError, EOFError, zlib.error) as exc:
        yield failed_article(base, "E111", Errors.E111.format(name=name, reason=os_reason(exc)), name)


@readers.register("wirecoder.html_reader.v1", extensions=(".html", ".htm", ".xhtml"), sniff=looks_like_html)
def read_html_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None, id: str | None = None
) -> Iterator[Article]:
    """One article per HTML page: main text and metadata extracted with trafilatura."""
    try:
        html = _decoded(path, data)
    except IngestError as exc:
        yield failed_article(doc_id(path, id), exc.code, str(exc), doc_name(path))
        return
    yield article_from_html(html, id=doc_id(path, id), max_chars=max_chars, path=doc_name(path))


def article_from_html(html: str, id: str, max_chars: int = DEFAULT_MAX_CHARS, path: str | None = None) -> Article:
    """Extract the article body and metadata (title, date, url, site) from an HTML page.

    libxml2 (under trafilatura) cannot build the tree of a page nested deeper than 256 elements or with
    a text node over 10 MB, so scripts and styles over :data:`~wirecoder.ingest.html_text.MAX_SCRIPT_CHARS`
    are emptied first and elements nested too deep unwrapped (:func:`~wirecoder.ingest.html_text.flatten_deep`).
    When trafilatura still yields no text, the page's text is taken by a tokenizing parser without
    boilerplate removal, its ``<title>`` as the title, with a coded warning (E118).
    """
    import trafilatura  # imported lazily: only HTML input needs it

    from .html_text import drop_long_scripts, flatten_deep, page_text

    html = flatten_deep(drop_long_scripts(html))
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    data = {} if extracted is None else extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = data.get("text") or ""
    if not text.strip():
        text, title = page_text(html)
        if not text.strip():
            return failed_article(id, "E109", Errors.E109.format(name=path or id), path)
        art = Article(id=id, text=text, title=title, path=path)
        art.errors.append(StageError("ingest", Errors.E118.format(name=path or id), "E118"))
        return finish_article(art, max_chars)
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
    return finish_article(art, max_chars)


# ---------------------------------------------------------------------------- dispatch


def choose_reader(path: Path | None, head: bytes | None = None) -> str:
    """The registered reader for a document: the one claiming its extension (``.gz`` set aside);
    else the first whose sniffer recognises its first bytes (the latest registered asked first, so
    an installed package's sniffer comes before the built-ins'); else :data:`DEFAULT_READER`.

    path (Path | None): the document's file or name (None for stdin).
    head (bytes | None): its first bytes; read from ``path`` when None and needed.
    RETURNS (str): a name registered in :data:`wirecoder.registry.readers`.
    """
    if path is not None:
        claimed = claimed_by(path)
        if claimed is not None:
            return claimed
    if head is None and path is not None:
        try:
            with open_document(path) as fh:
                head = fh.read(SNIFF_BYTES)
        except (OSError, EOFError, zlib.error):  # the reader reports it
            head = b""
    return readers.sniff(sniff_text(head or b"")) or DEFAULT_READER


def claimed_by(path: Path) -> str | None:
    """The reader claiming ``path``'s extension (``x.jsonl.gz``: the one claiming ``.jsonl``), or None."""
    if path.suffix.lower() == GZIP_SUFFIX and readers.for_extension(GZIP_SUFFIX) is None:
        path = path.with_suffix("")
    return readers.for_extension(path.suffix) if path.suffix else None


@functools.lru_cache(maxsize=64)
def _keywords(reader: Callable[..., Any]) -> frozenset[str] | None:
    """The keyword names ``reader`` accepts; None when it takes ``**kwargs`` (all of them)."""
    try:
        params = inspect.signature(reader).parameters.values()
    except (TypeError, ValueError):
        return frozenset()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return frozenset(p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def _is_builtin(reader: Callable[..., Any]) -> bool:
    return (getattr(reader, "__module__", "") or "").startswith("wirecoder.ingest.")


def call_reader(
    name: str,
    path: Path | None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    data: bytes | None = None,
    id: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Iterator[Article]:
    """Articles from one document read by the registered reader ``name``, which never raises: an
    exception inside the reader becomes a failed article (E111 for an operating-system error such as
    a permission refused, E113 otherwise) and the articles it yielded before it stand.

    ``id`` and the ``options`` are passed only when the reader's signature has a keyword of that name.
    A third-party reader gets a gzipped file's bytes already gunzipped (as ``data``).
    """
    reader = readers.get(name)
    accepted = _keywords(reader)
    kwargs: dict[str, Any] = {"max_chars": max_chars, "data": data}
    if accepted is None or "id" in accepted:
        kwargs["id"] = id
    for key, value in (options or {}).items():
        if accepted is None or key in accepted:
            kwargs[key] = value
    base, where = doc_id(path, id), doc_name(path)
    try:
        if data is None and path is not None and not _is_builtin(reader) and path.suffix.lower() == GZIP_SUFFIX:
            kwargs["data"] = read_document(path)
        yield from reader(path, **kwargs)
    except IngestError as exc:
        yield failed_article(base, exc.code, str(exc), where)
    except (OSError, EOFError, zlib.error) as exc:
        yield failed_article(base, "E111", Errors.E111.format(name=where, reason=os_reason(exc)), where)
    except Exception as exc:  # a broken reader must not end the run
        yield failed_article(base, "E113", Errors.E113.format(reader=name, name=where, reason=exc), where)


# ---------------------------------------------------------------------------- inputs


class _Input:
    """One document found among the inputs: a file (with its id) or stdin, or a problem to report."""

    __slots__ = ("path", "id", "error")

    def __init__(self, path: Path | None, id: str, error: tuple[str, str] | None = None) -> None:
        self.path, self.id, self.error = path, id, error


def _relative_id(path: Path, root: Path) -> str:
    """``root/story-a/index.html`` -> ``story-a/index``: the path below the input root, POSIX
    separators, without the format extension (nor ``.gz``)."""
    rel = strip_gz(path.relative_to(root))
    return rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix()


def _walk(root: Path) -> Iterator[_Input]:
    """Every file below ``root``, sorted, depth first; links to directories followed once."""
    try:
        top = root.stat()
    except OSError as exc:
        yield _Input(root, root.name, ("E111", Errors.E111.format(name=root, reason=os_reason(exc))))
        return
    seen = {(top.st_dev, top.st_ino)}
    stack: list[Iterator[os.DirEntry]] = []

    def listing(folder: Path) -> Iterator[os.DirEntry] | _Input:
        try:
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            message = Errors.E111.format(name=folder, reason=os_reason(exc))
            return _Input(folder, _relative_id(folder, root), ("E111", message))
        return iter(entries)

    first = listing(root)
    if isinstance(first, _Input):
        yield first
        return
    stack.append(first)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        rid = _relative_id(path, root)
        try:
            st = path.stat()  # follows links
        except OSError as exc:
            reason = "broken symbolic link" if path.is_symlink() and not path.exists() else os_reason(exc)
            yield _Input(path, rid, ("E111", Errors.E111.format(name=path, reason=reason)))
            continue
        if entry.is_dir():
            key = (st.st_dev, st.st_ino)
            if key in seen:
                reason = "symbolic link loop (the directory it points to is already being read)"
                yield _Input(path, rid, ("E111", Errors.E111.format(name=path, reason=reason)))
                continue
            seen.add(key)
            sub = listing(path)
            if isinstance(sub, _Input):
                yield sub
            else:
                stack.append(sub)
            continue
        if claimed_by(path) is None:
            ext = path.suffix or "none"
            yield _Input(path, rid, ("E112", Errors.E112.format(name=path, ext=ext)))
            continue
        yield _Input(path, rid)


def _inputs(paths: Iterable[str]) -> Iterator[_Input]:
    for p in paths:
        if p == STDIN:
            yield _Input(None, STDIN_ID)
            continue
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        elif not os.path.lexists(path):
            yield _Input(path, strip_gz(path).stem or str(path), ("E106", Errors.E106.format(name=path)))
        elif not path.exists():
            reason = "broken symbolic link or symbolic link loop"
            yield _Input(path, strip_gz(path).stem or str(path), ("E111", Errors.E111.format(name=path, reason=reason)))
        else:
            yield _Input(path, doc_id(path))


def count_documents(paths: Iterable[str]) -> int | None:
    """How many articles :func:`read_paths` will yield (None when stdin is among the inputs).

    Cheap: a reader with a counter counts without making articles (JSON lines: non-empty lines; JSON: the
    records, decoded and dropped; CSV/TSV: the rows; feeds: the entry tags; WARC: the HTML response
    records); others give one per file, and one per reported problem (an unclaimed or unreadable file).
    """
    total = 0
    for item in _inputs(paths):
        if item.path is None:
            return None
        if item.error is not None:
            total += 1
            continue
        counter = readers.info(choose_reader(item.path)).count
        try:
            total += counter(item.path) if counter is not None else 1
        except Exception:  # a counter only serves the progress bar: the reader reports what is wrong
            total += 1
    return total


class UniqueIds:
    """Makes article ids unique within one read: a repeated id gets ``#2``, ``#3``, ... and E114."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def __call__(self, art: Article) -> Article:
        if art.id in self._seen:
            n = 2
            while f"{art.id}{DUPLICATE_MARK}{n}" in self._seen:
                n += 1
            new = f"{art.id}{DUPLICATE_MARK}{n}"
            message = Errors.E114.format(id=art.id, name=art.path or art.id, new=new)
            art.errors.append(StageError("ingest", message, "E114"))
            art.id = new
        self._seen.add(art.id)
        return art


def read_data(
    data: bytes,
    name: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    options: Mapping[str, Any] | None = None,
) -> Iterator[Article]:
    """Articles from a document already in memory (stdin, an upload), read by the reader
    :func:`choose_reader` picks from ``name``'s extension or by sniffing (gzip undone).

    data (bytes): the document.
    name (str | None): its file name (the article id is its stem); None for stdin ("stdin").
    options (Mapping | None): reader options (see :func:`read_paths`).
    RETURNS (Iterator[Article]): one per document it holds, failed ones with a coded error; ids unique.
    """
    path = Path(name) if name is not None else None
    unique = UniqueIds()
    reader = choose_reader(path, data[:SNIFF_BYTES])
    for art in call_reader(reader, path, max_chars=max_chars, data=data, id=doc_id(path), options=options):
        yield unique(art)


def read_paths(
    paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS, options: Mapping[str, Any] | None = None
) -> Iterator[Article]:
    """Articles from files, directories (recursive) and ``-`` (stdin), in input order, one at a time.

    Each document is read by the reader :func:`choose_reader` picks (stdin by sniffing: JSON lines,
    an HTML page, else one text article). Nothing raises: a missing (E106), unreadable (E111) or
    unclaimed (E112) file becomes a failed article, and so does a reader's failure (E113).

    paths (Iterable[str]): files, directories, ``-``.
    max_chars (int): longer documents are truncated (E107).
    options (Mapping | None): reader options, each passed to the readers with a keyword of that name:
        ``{"text_column": "body"}`` (the CSV/TSV reader's text column; CLI ``--text-column``).
    RETURNS (Iterator[Article]): ids unique within the call (see the module's Identity).
    """
    unique = UniqueIds()
    for item in _inputs(paths):
        if item.error is not None:
            code, message = item.error
            yield unique(failed_article(item.id, code, message, str(item.path)))
            continue
        if item.path is None:
            data = sys.stdin.buffer.read()
            reader = choose_reader(None, data[:SNIFF_BYTES])
            arts = call_reader(reader, None, max_chars=max_chars, data=data, id=STDIN_ID, options=options)
        else:
            reader = choose_reader(item.path)
            arts = call_reader(reader, item.path, max_chars=max_chars, id=item.id, options=options)
        for art in arts:
            yield unique(art)
