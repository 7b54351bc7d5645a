"""Plain text of HTML without a tree: the standard library's tokenizing parser, so no depth or size limit.

Two uses: the text of a feed entry's HTML fragment (:func:`html_to_text`), and the fallback of the HTML
reader when trafilatura yields nothing for a page that libxml2 cannot build a tree of (100,000 nested
``<div>``, a text node over 10 MB) (:func:`page_text`). Scripts, styles and, for a whole page, its
navigation, header, footer, asides and forms are left out; block elements separate paragraphs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Elements that start a new paragraph or line.
_BLOCK = re.compile(r"p|div|br|li|tr|h[1-6]|blockquote|section|article|main|pre|dd|dt|figcaption|td|th")
#: Elements whose content is never text.
_SKIP = re.compile(r"script|style|noscript|template|svg")
#: Elements of a page's chrome, left out of a whole page's text.
_CHROME = re.compile(r"nav|header|footer|aside|form|menu|button|select")
#: ``<script>`` and ``<style>`` elements, with their content (as an HTML parser ends them: at the first end tag).
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
#: Scripts and styles longer than this many characters are emptied before a page goes to trafilatura:
#: libxml2 refuses a text node over 10 MB and the whole page loses its text.
MAX_SCRIPT_CHARS = 100_000


class _Text:
    """Text outside skipped elements, a line break at each block element, and the ``<title>``, collected from
    an :class:`HTMLParser`'s callbacks (set on the instance)."""

    def __init__(self, skip: re.Pattern[str]) -> None:
        self.skip, self.skipping, self.in_title = skip, 0, False
        self.parts: list[str] = []
        self.title: list[str] = []

    def start(self, tag: str, *_: object) -> None:
        if tag == "title":
            self.in_title = True
        elif self.skip.fullmatch(tag):
            self.skipping += 1
        elif _BLOCK.fullmatch(tag):
            self.parts.append("\n")

    def empty(self, tag: str, *_: object) -> None:
        if _BLOCK.fullmatch(tag):
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif self.skip.fullmatch(tag):
            self.skipping = max(0, self.skipping - 1)
        elif _BLOCK.fullmatch(tag):
            self.parts.append("\n")

    def data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n\n".join(line for line in lines if line)


def _parse(html: str, skip: re.Pattern[str]) -> _Text:
    found = _Text(skip)
    parser = HTMLParser(convert_charrefs=True)
    hooks = {"handle_starttag": found.start, "handle_startendtag": found.empty, "handle_endtag": found.end}
    for hook, handler in {**hooks, "handle_data": found.data}.items():
        setattr(parser, hook, handler)
    parser.feed(html)
    parser.close()
    return found


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line, spaces collapsed, scripts and
    styles dropped."""
    return _parse(html, _SKIP).text()


def page_text(html: str) -> tuple[str, str | None]:
    """The text of a whole page, its chrome (navigation, header, footer, asides, forms) left out, and its
    ``<title>`` (None when it has none)."""
    parser = _parse(html, re.compile(f"{_SKIP.pattern}|{_CHROME.pattern}"))
    title = " ".join("".join(parser.title).split())
    return parser.text(), title or None


def drop_long_scripts(html: str) -> str:
    """The page with the content of every script or style longer than :data:`MAX_SCRIPT_CHARS` removed
    (shorter ones, such as JSON-LD metadata, are kept)."""

    def empty(m: re.Match[str]) -> str:
        if len(m.group(2)) <= MAX_SCRIPT_CHARS:
            return m.group(0)
        return m.group(0)[: m.start(2) - m.start(0)] + m.group(0)[m.end(2) - m.start(0) :]

    return _SCRIPT.sub(empty, html) if len(html) > MAX_SCRIPT_CHARS else html


#: Tags, as the flattening pass sees them: end mark, name, and a closing ``/`` of a self-closed tag.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
#: Elements that have no end tag.
_VOID = re.compile(r"area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr")
#: Elements whose end tag may be left out: the next one of the same name closes them.
_SIBLINGS = re.compile(r"p|li|dt|dd|tr|td|th|option")
_END_OF = {"script": re.compile(r"</script", re.IGNORECASE), "style": re.compile(r"</style", re.IGNORECASE)}
#: Elements nested deeper than this are unwrapped (their content kept) before a page goes to trafilatura;
#: libxml2 stops building the tree at a depth of 256 and the rest of the page is lost.
MAX_DEPTH = 200
#: Paragraph-level elements are kept down to this depth (below 256), so deep text keeps its paragraphs.
MAX_CONTENT_DEPTH = 240
_CONTENT = re.compile(r"p|h[1-6]|li|ul|ol|blockquote|pre|table|tr|td|th|a|em|strong|b|i")


def flatten_deep(html: str, limit: int = MAX_DEPTH) -> str:
    """The page with every start and end tag nested deeper than ``limit`` removed, the text inside kept
    (paragraph-level elements are kept down to :data:`MAX_CONTENT_DEPTH`); the page itself when nothing is
    that deep. Scripts and styles are skipped over whole."""
    stack: list[tuple[str, bool]] = []  # (name, kept)
    drop: list[tuple[int, int]] = []
    depth = 0  # kept elements open
    pos = 0
    while True:
        m = _TAG.search(html, pos)
        if m is None:
            break
        pos = m.end()
        name = m.group(2).lower()
        if m.group(1):  # an end tag closes the innermost open element of its name, and those inside it
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    if not stack[i][1]:
                        drop.append(m.span())
                    depth -= sum(kept for _, kept in stack[i:])
                    del stack[i:]
                    break
            continue
        if _VOID.fullmatch(name) or m.group(3):
            continue
        if _SIBLINGS.fullmatch(name) and stack and stack[-1][0] == name:
            depth -= stack.pop()[1]
        if name in _END_OF:
            end = _END_OF[name].search(html, pos)
            pos = len(html) if end is None else end.start()
            stack.append((name, True))
            depth += 1
            continue
        kept = depth < limit or (_CONTENT.fullmatch(name) is not None and depth < MAX_CONTENT_DEPTH)
        stack.append((name, kept))
        depth += kept
        if not kept:
            drop.append(m.span())
    if not drop:
        return html
    parts, last = [], 0
    for start, end in drop:
        parts.append(html[last:start])
        last = end
    parts.append(html[last:])
    return "".join(parts)
