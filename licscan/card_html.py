"""A model card's HTML read as the Markdown it stands for, so that every card strategy reads it as it reads Markdown.

A card is Markdown, and many write parts of it in HTML: a table of the model's facts (``<tr><td>License</td><td>CC
BY-NC 4.0</td></tr>``), a centred row of badges (``<a href="LICENSE"><img src="https://img.shields.io/badge/License-CC
--BY--NC--4.0-lightgrey.svg"></a>``), a ``<details>`` block holding a license text. The Hub renders both the same
way; licscan's readers of a card's words (license lines, table rows, badges, sections) were written for Markdown, so
the HTML is rewritten as that Markdown before they read it (review37):

- a ``<table>`` (read with BeautifulSoup: rows, header and data cells, row and column spans) is a Markdown table:
  one line per row, ``| cell | cell |``, its first row the header, as a Markdown table's is;
- ``<img src=URL alt=ALT>`` is ``![ALT](URL)`` and ``<a href=URL>words</a>`` is ``[words](URL)``;
- ``<h2>License</h2>`` is ``## License``, a ``<li>`` a list item;
- another block's tags (``<p>``, ``<div>``, ``<details>``, ``<summary>``) break the line, an inline one's (``<b>``,
  ``<span>``) are only the look of the words they wrap and go, ``<br>`` is a space (a line break inside a sentence);
  their names never become words of the text (``<summary>`` before a pasted license text is no word of it);
- a closed comment ``<!-- -->`` is hidden from every reader of the rendered card, and is not read
  (docs/failure-behaviour.md, "Hidden text is unread text"); an unclosed one is left as it is (the source names it).

Only the names of HTML elements are tags: ``<YEAR>``, ``<your name>`` or ``<https://...>`` stay as written. Fenced code
blocks are shown as written and are left as they are.
"""

from __future__ import annotations

import html
import re

from .lazy_regex import lazy
from .normalize import _beautiful_soup

# Elements whose tags break the line when rendered (HTML's block-level and table elements, and those shown as blocks)
_BLOCK = frozenset("address article aside blockquote caption center col colgroup dd details dialog dir div dl dt fieldset "
                   "figcaption figure footer form header hgroup hr legend main menu nav ol p pre section summary table tbody "
                   "td tfoot th thead tr ul".split())
# Elements that only style the words they wrap, or show no words of their own
_INLINE = frozenset("abbr acronym audio b bdi bdo big cite code data del dfn em font i ins kbd label mark meter nobr picture "
                    "progress q rp rt ruby s samp small source span strike strong sub sup time tt u var video wbr".split())
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_ELEMENTS = _BLOCK | _INLINE | _HEADINGS | {"a", "br", "img", "li", "script", "style", "template"}

# an attribute's value in quotes may hold what ends a tag elsewhere ("a > b"), not another tag
_ATTRIBUTES = r"((?:\s(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*)?)"
_TAG = lazy(r"<(/?)([A-Za-z][A-Za-z0-9]*)" + _ATTRIBUTES + r"/?>")
_CLOSED_COMMENT = lazy(r"<!--.*?-->", re.DOTALL)
_FENCE = lazy(r"^[ \t]{0,3}(`{3,}|~{3,})")
_TABLE_TAG = lazy(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_TABLE_PART = lazy(r"</?(?:table|caption|colgroup|col|thead|tbody|tfoot|tr|td|th)\b[^>]*>", re.IGNORECASE)
_HEADING = lazy(r"<(h[1-6])\b(?:\s[^<>]*)?>(.{0,2000}?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_LINK = lazy(r"<a" + _ATTRIBUTES + r">(.{0,2000}?)</a\s*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = lazy(r"([A-Za-z_:][-\w:.]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+))")
_SPACES = lazy(r"\s+")
# How far a table's spans are followed: a card's table of facts spans a few rows or columns, not thousands
_MAX_SPAN = 50
_MAX_ROWS = 5000


def card_html_as_markdown(text: str) -> str:
    """The card's text with its HTML written as the Markdown it renders like (this module's docstring). A card whose
    HTML nests deeper than Python's recursion allows (a hostile card: 2,000 tables one in another) is left as it is,
    read as before this reader (its tags dropped by the readers' own markup handling), never a traceback."""
    if "<" not in text or not _has_an_element(text):
        return text
    try:
        return _rendered(text)
    except RecursionError:
        return text


def _rendered(text: str) -> str:
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        marker = _FENCE.match(line)
        if fence is None and marker is not None:
            out.append(_as_markdown("".join(prose)))
            prose = []
            fence = marker.group(1)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if marker is not None and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) \
                    and not line[marker.end():].strip():
                fence = None
        else:
            prose.append(line)
    out.append(_as_markdown("".join(prose)))
    return "".join(out)


def _has_an_element(text: str) -> bool:
    return "<!--" in text or any(tag.group(2).lower() in _ELEMENTS for tag in _TAG.finditer(text))


def _as_markdown(text: str) -> str:
    if "<" not in text:
        return text
    if "<!--" in text:
        text = _CLOSED_COMMENT.sub("", text)
    text = _tables_as_markdown(text)
    text = _HEADING.sub(lambda h: f"\n\n{'#' * int(h.group(1)[1])} {_inline(h.group(2))}\n\n", text)
    return _tags_as_markdown(text, block="\n")


def _tags_as_markdown(text: str, block: str) -> str:
    """Links and images as Markdown's, the other elements' tags out: a block's as ``block``, a list item as one."""
    text = _LINK.sub(_link, text)

    def tag(found: re.Match[str]) -> str:
        closing, name = found.group(1), found.group(2).lower()
        if name not in _ELEMENTS:
            return found.group(0)
        if name == "img":
            return _image(found.group(3))
        if name == "li":
            return block if closing or block != "\n" else "\n- "
        if name == "br":
            return " "
        return block if name in _BLOCK or name in _HEADINGS else ""
    return _TAG.sub(tag, text)


def _inline(text: str) -> str:
    """An element's content on one line: what a table cell, a heading or a link's words show."""
    return _SPACES.sub(" ", html.unescape(_tags_as_markdown(text, block=" "))).strip()


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), html.unescape(double or single or bare))
    return found


def _url(url: str) -> str:
    """A URL as a Markdown link's target: no spaces or parentheses to end it early."""
    return url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("\n", "")


def _words(text: str) -> str:
    """Words as a Markdown link's or image's text: one line, no brackets to end it early."""
    return _SPACES.sub(" ", text).replace("[", "(").replace("]", ")").strip()


def _image(attributes: str) -> str:
    found = _attributes(attributes)
    alt, src = _words(found.get("alt", "")), found.get("src", "").strip()
    return f"![{alt}]({_url(src)})" if src else alt


def _link(found: re.Match[str]) -> str:
    href = _attributes(found.group(1)).get("href", "").strip()
    words = _inline(found.group(2))
    if not href or not words:
        return words
    # an image inside keeps its brackets: "[![License](badge)](LICENSE)" as a Markdown badge is written
    return f"[{words if words.startswith('![') else _words(words)}]({_url(href)})"


def _tables_as_markdown(text: str) -> str:
    """Each outermost ``<table>...</table>`` as a Markdown table; one never closed runs to the last tag of its rows."""
    if "<t" not in text.lower():
        return text
    out: list[str] = []
    at, depth, start = 0, 0, 0
    for tag in _TABLE_TAG.finditer(text):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(text[at:start])
                out.append(_table(text[start:tag.end()]))
                at = tag.end()
    if depth:
        # a table never closed (a "</table>" left out, a stray "</tbody>" after its last row): a browser draws it as a
        # table all the same, its rows up to the last of its tags; what follows them is read as it was (review40)
        last = max((tag.end() for tag in _TABLE_PART.finditer(text, start)), default=len(text))
        out.append(text[at:start])
        out.append(_table(text[start:last]))
        at = last
    out.append(text[at:])
    return "".join(out)


def _table(fragment: str) -> str:
    """One HTML table as a Markdown table (its first row the header), with a blank line before and after. Nothing in it
    is left out: a cell outside any row (``</tr><th colspan="12">Released for research purposes only.</th>``, a real
    card's) is a row of its own, as are words between rows; a caption is a line before the table; a row inside a row (a
    ``</tr>`` left out) is the next row."""
    soup = _beautiful_soup()(fragment, "html.parser")
    from bs4.element import NavigableString, Tag  # imported with BeautifulSoup, on the first card with a table

    table = soup.find("table")
    if table is None:
        return f"\n{_inline(fragment)}\n"
    rows: list[list[str]] = []
    captions: list[str] = []
    spanned: dict[int, tuple[int, str]] = {}   # column: (rows it still spans, its text)

    def span_into(row: list[str], column: int) -> None:
        left, said = spanned[column]
        row.append(said)
        if left > 1:
            spanned[column] = (left - 1, said)
        else:
            del spanned[column]

    def add(cells: list[Tag]) -> None:
        if not cells or len(rows) >= _MAX_ROWS:
            return
        # a table inside a cell is drawn as a table: its rows are rows, after the row that holds it (review40)
        inner: list[Tag] = []
        for cell in cells:
            while (table := cell.find("table")) is not None:
                inner.append(table.extract())
        if inner and not any(_cell_words(str(cell)) for cell in cells):
            for table in inner:
                walk(table)
            return
        row: list[str] = []
        for said, columns, spans in [part for cell in cells for part in split(cell)]:
            while len(row) in spanned:
                span_into(row, len(row))
            column = len(row)
            row.append(said)
            row.extend([""] * (columns - 1))
            if spans > 1:
                spanned[column] = (spans - 1, said)
        for column in sorted(spanned):
            if column >= len(row):
                row.extend([""] * (column - len(row)))
                span_into(row, column)
        rows.append(row)
        for table in inner:
            walk(table)

    def split(cell: Tag) -> list[tuple[str, int, int]]:
        """A cell's words and spans, and those of the cells inside it: "<td>License<td>CC BY-NC" (a "</td>" left
        out) is two cells, as a browser shows it."""
        if cell.name not in ("td", "th"):
            return [(_cell_words(str(cell)), 1, 1)]
        own: list[str] = []
        inner: list[tuple[str, int, int]] = []
        for child in cell.children:
            if isinstance(child, Tag) and child.name in ("td", "th"):
                inner.extend(split(child))
            elif inner:
                inner.append((_cell_words(str(child)), 1, 1))
            else:
                own.append(str(child))
        return [(_cell_words("".join(own)), _span(cell.get("colspan")), _span(cell.get("rowspan"))),
                *(part for part in inner if part[0])]

    def walk(container: Tag) -> None:
        cells: list[Tag] = []   # the cells of the row being read
        for child in container.children:
            if isinstance(child, Tag):
                element = child
            elif type(child) is NavigableString and child.strip():
                element = soup.new_tag("span")   # words outside any cell, read as a cell's are
                element.string = str(child)
            else:
                continue
            if element.name in ("tr", "thead", "tbody", "tfoot"):
                add(cells)
                cells = []
                walk(element)
            elif element.name == "caption":
                captions.append(_inline(element.decode_contents()))   # a line before the table, as its title
            elif element.name in ("td", "th") or container.name == "tr":
                cells.append(element)   # in a row, what is not a cell (words, a <b>) is shown all the same
            else:
                add(cells)   # words or an element between rows: a row of its own
                cells = []
                add([element])
        add(cells)

    walk(table)
    if not rows:
        return f"\n\n{_inline(table.decode_contents())}\n\n"
    width = max(len(row) for row in rows) or 1
    lines = [f"| {' | '.join(row + [''] * (width - len(row)))} |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n\n" + "".join(f"{caption}\n\n" for caption in captions if caption) + "\n".join(lines) + "\n\n"


def _cell_words(content: str) -> str:
    return _inline(content).replace("|", "\\|")


def _span(value: object) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(value).strip()))) if value is not None else 1
    except ValueError:
        return 1
