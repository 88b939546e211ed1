"""licscan.html_text gives BeautifulSoup's text without bs4, or says it cannot (issue 17).

normalize.html_to_text reads an HTML page with html_text.page_text and falls back to bs4 (the
project's declared HTML reader) when that returns None. The two must agree on every text: compared
here on every text file in the tree, the license corpus, the variant corpus (its HTML pages among
them), each text as plain_text hands it over, hand-written edge cases of bs4's tree building and
generated tag soup. The constants the light reader copies from bs4 are pinned against bs4's own.
"""

from __future__ import annotations

import random
import re
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.builder import HTMLParserTreeBuilder
from bs4.dammit import EntitySubstitution

from fixtures.variants import tolerance_variants, variants
from licscan import html_text
from licscan.normalize import _HTML_COMMENT, html_to_text, looks_like_html
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "license-corpus"
_SKIPPED_DIRS = {".git", "__pycache__", ".cache", ".scancode-venv", ".hypothesis", "node_modules"}


def bs4_text(text: str) -> str:
    """What html_to_text returned before the light reader: bs4 alone."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="It looks like you're using an HTML parser to parse an XML document")
        soup = BeautifulSoup(text, "html.parser")
    for element in soup(["script", "style", "template", "meta", "link"]):
        element.decompose()
    return soup.get_text("\n")


def as_plain_text_hands_it(text: str) -> str:
    text = text[:400_000].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _HTML_COMMENT.sub("", text) if "<!--" in text else text


def tree_texts() -> dict[str, str]:
    out = {}
    for folder in (ROOT, CORPUS):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or _SKIPPED_DIRS & set(path.relative_to(folder).parts) or path.stat().st_size > 2_000_000:
                continue
            try:
                out[str(path)] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
    return out


def assert_same(texts: dict[str, str]) -> int:
    """Every text read alike (or left to bs4); returns how many the light reader read itself."""
    light_read, differ = 0, []
    for name, text in texts.items():
        light = html_text.page_text(text)
        if light is None:
            continue
        light_read += 1
        if light != bs4_text(text):
            differ.append(name)
    assert differ == []
    return light_read


def test_constants_are_bs4s() -> None:
    builder = HTMLParserTreeBuilder()
    assert frozenset(builder.empty_element_tags) == html_text.VOID
    assert frozenset(builder.string_containers) == html_text.STRING_CONTAINERS
    assert frozenset(builder.preserve_whitespace_tags) == html_text.PRESERVE_WHITESPACE
    assert html_text.ASCII_SPACES == BeautifulSoup.ASCII_SPACES
    for name, character in html_text.ENTITIES.items():
        assert EntitySubstitution.HTML_ENTITY_TO_CHARACTER[name] == character


# an ampersand before letters that are not one of the entities the light reader knows, with its ";"
_BARE_AMPERSAND = re.compile("&(?!(?:" + "|".join(html_text.ENTITIES) + ");)[A-Za-z]")


def test_same_text_on_every_file_in_the_tree_and_the_corpus() -> None:
    texts = tree_texts()
    assert len(texts) > 1000 and any(name.startswith(str(CORPUS)) for name in texts)
    html_files = {name: text for name, text in texts.items() if looks_like_html(text)}
    assert any(name.endswith("USE_POLICY.md") for name in html_files)   # the example checkpoint's HTML file
    both = {**texts, **{f"{name} (as plain_text hands it)": as_plain_text_hands_it(text) for name, text in texts.items()}}
    light_read = assert_same(both)
    # the HTML files are what it is for: it must read most of them itself. Those it leaves to bs4 are cards whose prose
    # has an ampersand before letters it does not know ("Q&A", "MITRE ATT&CK", "&ensp;", "&nbsp" without its ";", "W&B"): bs4 keeps an
    # unknown name as text, which this reader, knowing six entities only, cannot tell from a real one (10 of the 98
    # after real-card rounds 7-10; 19 of 124 after round 17, whose huggingtweets cards all say "[W&B repo]"; 33 of 147
    # after rounds 20-23, which sampled more huggingtweets and huggingartists cards; 53 of 207 after the seeded samples of
    # rounds 33-35; 71 of 227 after rounds 37-38). Every file it leaves has that cause: it reads every other one itself
    # (a share of the tree's files would move with each round of cards; the count it reads only grows with them).
    left = {name for name, text in html_files.items() if html_text.page_text(text) is None}
    assert not {name for name in left if not _BARE_AMPERSAND.search(html_files[name])}
    assert len(html_files) - len(left) >= 150 and light_read >= 0.9 * len(both)


def test_same_text_on_the_variant_corpus() -> None:
    kb = load_knowledge_base()
    texts = {f"{v.name} ({v.kind})": v.text for v in (*variants(kb), *tolerance_variants(kb))}
    pages = {name: text for name, text in texts.items() if looks_like_html(text)}
    assert len(pages) >= 166   # an HTML page of every reference text, at least
    assert assert_same(pages) >= 0.9 * len(pages)
    assert assert_same({name: as_plain_text_hands_it(text) for name, text in pages.items()}) >= 0.9 * len(pages)


EDGE_CASES = [
    "<p>a</p><p>b</p>",
    "one<br>two</br>three",                     # bs4 swallows the redundant </br>: one string 'twothree'
    "one<br/>two</br>three",                    # a self-closed void element leaves nothing to swallow
    "<p>unclosed<div>inner</p>after",           # </p> closes the div opened after it
    "a</span>b",                                # an end tag with nothing to close still ends the string
    "<pre>\n\n   </pre><p>   </p><p>\n \n</p>",  # whitespace kept in pre, folded elsewhere
    "<textarea>  </textarea> ",
    "<title>T<p>in title</p></title>body",
    "<title>never closed<p>everything after",
    "<template>hidden<b>too</b></template>shown",
    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>",
    "<script>if (a < b) { x = '</p>' }</script>after",
    "<style>p { color: red }</style><nav>menu</nav><footer>foot</footer>body",
    "<meta charset=utf-8><link rel=x>text</meta></link>more",
    "x &amp; y &lt;z&gt; &quot;q&quot; &apos;a&apos; &nbsp;end",
    "&#65;&#x42;&#X43;&#169;&#8212;",
    "a &unknownentity; b",                      # bs4 keeps '&unknownentity' as text: left to bs4
    "&#128;&#0;&#x110000;&#xD800;",              # Windows-1252 guesses and replacements: left to bs4
    "<![CDATA[data]]>",                         # CDATA is text to bs4: left to bs4
    "<!DOCTYPE html><?php echo 1 ?><!-- c -->x",
    "a<!-- c -->b",
    "<p>a<b>b<i>c</b>d</i>e</p>",
    "<ul><li>one<li>two</ul>",
    "<p>& bare ampersand &; &# x</p>",
    "<img src='x'></img></img>text",
    "<hr></hr><hr>",
    "<br><br></br></br></br>x",
    "<",
    "<p",
    "a < b > c",
    "</>",
    "<p>unterminated <b attr='x",
    "<P>Upper<BR>case</P>",
    "",
    "   ",
    "\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_of_bs4s_tree_building(text: str) -> None:
    light = html_text.page_text(text)
    assert light is None or light == bs4_text(text)
    assert html_to_text(text) == bs4_text(text)


def test_light_reader_reads_the_cases_it_claims() -> None:
    unsupported = {"a &unknownentity; b", "&#128;&#0;&#x110000;&#xD800;", "<![CDATA[data]]>"}
    for text in EDGE_CASES:
        assert (html_text.page_text(text) is None) == (text in unsupported), text


_FRAGMENTS = [
    "<p>", "</p>", "<br>", "</br>", "<br/>", "<pre>", "</pre>", "<textarea>", "</textarea>", "  ", "\n", " \t\n ",
    "word", "Other words", "<script>x<y</script>", "<title>", "</title>", "<template>", "</template>", "<rt>", "</rt>",
    "<rp>", "</rp>", "<nav>", "</nav>", "<footer>", "</footer>", "<meta name=x>", "</meta>", "<link/>", "&amp;",
    "&#x27;", "&#65;", "&nbsp;", "&copy;", "&#150;", "<!-- c -->", "<!DOCTYPE html>", "<?pi?>", "<b>", "</b>", "</i>",
    "<img src=x>", "</img>", "<div>", "</div>", "&", "<", ">", "<style>a{}</style>", "<hr/>", "</hr>", "<li>", "</ul>",
    "<![CDATA[z]]>", "<span class='a b'>", "</span>", "\r\n", "\u00a0", "</html>", "<body>", "<head>",
]


def test_same_text_on_generated_tag_soup() -> None:
    rng = random.Random(17)
    soups = {}
    for n in range(4000):
        soups[f"soup {n}"] = "".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 30)))
    assert assert_same(soups) >= len(soups) // 2
