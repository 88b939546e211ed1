"""The text BeautifulSoup gives for an HTML page, without importing BeautifulSoup where that is certain.

normalize.html_to_text reads HTML with bs4's "html.parser" tree builder, drops the script, style,
title, meta, link, nav and footer elements and joins the remaining strings with newlines. Importing
bs4 costs more than reading a license page (~11 ms against ~0.2 ms), and most runs read one HTML
file at most, so this module computes the same text from the same parser events: it subclasses the
standard library's HTMLParser exactly as bs4's builder does (convert_charrefs=False), and applies
bs4's rules for what becomes a string of the tree without building the tree:

- a string is a run of data between two events that end it: a start tag, an end tag bs4 does not
  swallow (a redundant end tag of a void element it already closed), a comment, a declaration, a
  processing instruction, the end of the page (BeautifulSoup.endData);
- a run of ASCII spaces only becomes "\\n" if it holds a newline, else " ", unless a pre or textarea
  is open;
- an end tag closes every element opened after the most recent open one of its name, and nothing if
  none is open (BeautifulSoup._popToTag); a void element closes at once;
- a string inside a dropped element, or inside script, style, template, rt or rp (bs4 gives those
  strings classes of their own, which get_text leaves out), is not part of the text.

Whatever these rules do not cover ends the light reading and the caller uses bs4: a CDATA section or
other unknown declaration, a named reference other than the few below, a numeric reference outside
the plain ranges, or any error from the parser. tests/test_html_text.py compares the two readers on
every HTML text in the tree, the license corpus, the variant corpus and generated tag soup, and pins
these constants against bs4's own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# What normalize.html_to_text removes before taking the text (its elements' strings are not read): only what
# a browser never shows as text, code, style sheets and inert templates (meta and link hold no text). A
# footer, an aside, a nav or a header is shown to every reader, and a license page may state its terms
# there ("Additional terms: ... not for commercial purposes"); the title is kept too (third review).
DROPPED = frozenset({"script", "style", "template", "meta", "link"})
# bs4's HTMLTreeBuilder.DEFAULT_STRING_CONTAINERS: strings inside them are not NavigableString.
STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
# bs4's HTMLTreeBuilder.DEFAULT_PRESERVE_WHITESPACE_TAGS
PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
# bs4's HTMLTreeBuilder.empty_element_tags: closed as soon as opened
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem", "meta", "param",
    "source", "track", "wbr", "basefont", "bgsound", "command", "frame", "image", "isindex", "nextid", "spacer",
})
# Named references read without bs4's table (the test checks each against it); others go to bs4.
ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0"}
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"   # BeautifulSoup.ASCII_SPACES
_NUMERIC = re.compile(r"[0-9]{1,7}|[xX][0-9a-fA-F]{1,6}")


class Unsupported(Exception):
    """The page holds something only bs4 reads right."""


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.strings: list[str] = []
        self._run: list[str] = []
        self._open: list[str] = []           # names of the open elements, outermost first
        self._open_count: dict[str, int] = {}
        self._hiding = 0                     # open elements whose strings are not text
        self._preserving = 0                 # open pre and textarea elements
        self._closed_void: list[str] = []    # void elements whose end tag bs4 will swallow once

    def _end_run(self) -> None:
        if not self._run:
            return
        data = "".join(self._run)
        self._run = []
        if not self._preserving and not data.strip(ASCII_SPACES):
            data = "\n" if "\n" in data else " "
        if not self._hiding:
            self.strings.append(data)

    def _open_element(self, name: str) -> None:
        self._end_run()
        self._open.append(name)
        self._open_count[name] = self._open_count.get(name, 0) + 1
        self._hiding += name in DROPPED or name in STRING_CONTAINERS
        self._preserving += name in PRESERVE_WHITESPACE

    def _close_element(self, name: str) -> None:
        self._end_run()
        if not self._open_count.get(name):
            return
        while True:
            closed = self._open.pop()
            self._open_count[closed] -= 1
            self._hiding -= closed in DROPPED or closed in STRING_CONTAINERS
            self._preserving -= closed in PRESERVE_WHITESPACE
            if closed == name:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open_element(tag)
        if tag in VOID:
            self._close_element(tag)
            self._closed_void.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open_element(tag)
        self._close_element(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._closed_void:
            self._closed_void.remove(tag)
        else:
            self._close_element(tag)

    def handle_data(self, data: str) -> None:
        self._run.append(data)

    def handle_entityref(self, name: str) -> None:
        character = ENTITIES.get(name)
        if character is None:
            raise Unsupported(f"&{name};")
        self._run.append(character)

    def handle_charref(self, name: str) -> None:
        if _NUMERIC.fullmatch(name) is None:
            raise Unsupported(f"&#{name};")
        code = int(name[1:], 16) if name[0] in "xX" else int(name)
        if not (0x20 <= code < 0x7F or 0xA0 <= code < 0xD800):   # controls, surrogates, Windows-1252 guesses
            raise Unsupported(f"&#{name};")
        self._run.append(chr(code))

    # Not text: each ends the run before it (bs4 makes them strings of classes get_text leaves out).
    def handle_comment(self, data: str) -> None:
        self._end_run()

    def handle_decl(self, decl: str) -> None:
        self._end_run()

    def handle_pi(self, data: str) -> None:
        self._end_run()

    def unknown_decl(self, data: str) -> None:
        raise Unsupported("<![...]>")   # a CDATA section is text to bs4, in places this reader does not model


def page_text(text: str) -> str | None:
    """What ``BeautifulSoup(text, "html.parser")`` gives as ``get_text("\\n")`` once the DROPPED
    elements are decomposed; None when only bs4 can say."""
    reader = _TextReader()
    try:
        reader.feed(text)
        reader.close()
    except Exception:   # noqa: BLE001 - Unsupported, or the parser's own error: bs4 reads it (and raises what it raises)
        return None
    reader._end_run()
    return "\n".join(reader.strings)
