"""The WARC reader (warcio): one article per HTML response record of a web archive.

Response records whose HTTP status is 2xx and whose ``Content-Type`` is HTML go through the HTML
path (:func:`wirecoder.ingest.readers.article_from_html`: trafilatura's main text and metadata);
request, metadata and other records, redirects, errors, images and scripts are passed over. The id
is the record's ``WARC-Target-URI`` (also the ``url`` when the page names none), else ``<file
id>:<record number>``. Records are streamed one at a time (warcio undoes per-record gzip of
``.warc.gz``). A truncated or corrupt archive ends with one failed article (E117); the records
before the damage stand.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from ..doc import Article
from ..errors import Errors, IngestError
from ..registry import readers
from .readers import (
    DEFAULT_MAX_CHARS,
    article_from_html,
    decode_bytes,
    doc_id,
    doc_name,
    failed_article,
    os_reason,
)

#: Bytes read at a time when skipping to a record's end.
CHUNK = 1 << 16
#: Bytes after the last complete record taken for padding, not for a cut record.
TRAILING_SLACK = 4
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def looks_like_warc(head: str) -> bool:
    """A WARC file: it opens with a ``WARC/1.x`` version line."""
    return head.startswith("WARC/")


def _html_of(body: bytes, content_type: str, name: str) -> str:
    match = _CHARSET.search(content_type)
    if match:
        try:
            return body.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(body, name)


def count_pages(path: Path) -> int:
    """HTML response records of a WARC file, for progress: the record headers are read, the pages are
    not extracted; one more for the damage of a cut archive."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                n += _is_page(record)
    except Exception:  # warcio raises many kinds on damaged input; the reader reports it
        return n + 1
    return max(n, 1)


def _is_page(record) -> bool:
    """A response record of an HTML page with a 2xx status."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and "html" in (record.http_headers.get_header("Content-Type") or "").lower()


@readers.register("wirecoder.warc_reader.v1", extensions=(".warc",), sniff=looks_like_warc, count=count_pages)
def read_warc_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None, id: str | None = None
) -> Iterator[Article]:
    """Articles from a WARC (or ``.warc.gz``) file, one per HTML response record (see the module)."""
    from warcio.archiveiterator import ArchiveIterator  # imported lazily: only WARC input needs it

    name, base = doc_name(path), doc_id(path, id)
    count = 0  # records read whole
    try:
        stream = io.BytesIO(data) if data is not None else path.open("rb")  # type: ignore[union-attr]
    except OSError as exc:
        yield failed_article(base, "E111", Errors.E111.format(name=name, reason=os_reason(exc)), name)
        return
    with stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                number = count + 1
                if record.rec_type is None:
                    raise ValueError(f"record {number} has no WARC-Type header")
                art = _article(record, name, base, number, max_chars)
                while record.raw_stream.read(CHUNK):  # to the record's end, to see whether it is all there
                    pass
                if getattr(record.raw_stream, "limit", 0):
                    raise EOFError(f"record {number} is cut short")
                count = number
                if art is not None:
                    yield art
            if stream.tell() - records.offset > TRAILING_SLACK:
                raise EOFError(f"an incomplete record follows record {count}")
        except Exception as exc:  # warcio raises many kinds on damaged input; all mean the same here
            message = Errors.E117.format(name=name, count=count, reason=exc or type(exc).__name__)
            yield failed_article(f"{base}:{count + 1}", "E117", message, name)


def _article(record, name: str, base: str, count: int, max_chars: int) -> Article | None:
    """The article of one WARC record, or None for a record that is not an HTML page."""
    if not _is_page(record):
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    rid, where = uri or f"{base}:{count}", f"{name}:{count}"
    body = record.content_stream().read()
    try:
        html = _html_of(body, content_type, where)
    except IngestError as exc:
        return failed_article(rid, exc.code, str(exc), where)
    art = article_from_html(html, id=rid, max_chars=max_chars, path=where)
    if uri and not art.failed and not art.url:
        art.url = uri
    return art
