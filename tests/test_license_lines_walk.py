"""One walk over a card's lines answers both questions license_lines.py is asked (license_lines_read: the
licenses its license lines name, said of nothing else or beside something else; own_license_names: what a line
gives as the checkpoint's own license when licscan knows none of it). Before it, each question walked the card on
its own, reading each line's words again; the two walks are kept here as they were written (the reference) and
both answers compared on real cards of the benchmark (benchmarks/real_cards/cases: a spread of ~400, every one with
--every-real-card, tests/real_card_sample.py), as the card strategies read them: as written and with plain Latin
letters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from licscan.classify.card_words import load_card_words
from licscan.classify.strategies import license_lines as ll
from licscan.classify.strategies import license_sections as ls
from licscan.classify.strategies.card_links import words_of_line
from licscan.classify.strategies.card_tables import LICENSE_WORD, dataset_table_rows
from licscan.classify.strategies.denied_licenses import without_denied_licenses
from licscan.classify.strategies.prose import SENTENCE_END, prose_licenses
from licscan.matcher import Matcher
from licscan.model import ManifestEntry
from licscan.normalize import MAX_CLASSIFY_CHARS, plain_latin_letters
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.real_card_sample import case_folders

# ---- the two walks as they were before one walk gave both answers (licscan 5b3071d) ----

def _old_lines_of_sections(body: str, label_headings: bool = False) -> Iterator[tuple[str, bool, str, str]]:
    in_section, heading, lead_in = False, "", ""
    dataset_rows = dataset_table_rows(body)
    for line in body[:MAX_CLASSIFY_CHARS].splitlines():
        if line.lstrip().startswith("#"):
            in_section, heading, lead_in = bool(LICENSE_WORD.search(line)), line, ""
            if not (label_headings and ls._HEADING_LABEL.match(line)):
                continue
        if not line.strip():
            continue
        lead = lead_in if lead_in.rstrip().endswith((":", "：")) else ""
        lead_in = line if in_section else ""
        if line not in dataset_rows:
            yield line, in_section, heading, lead


def _old_license_lines_read(kb, matcher, body: str) -> tuple[dict[str, str], dict[str, str]]:
    words = load_card_words()
    found: dict[str, str] = {}
    mixed: dict[str, str] = {}
    for line, in_section, heading, lead in _old_lines_of_sections(body):
        plain = without_denied_licenses(ll._LINK.sub(r"\1", words_of_line(kb, line)))
        if not in_section and not ls.LICENSE_LABEL.match(plain):
            continue
        for at, said in enumerate(SENTENCE_END.split(plain)):
            sentence = ll.without_reason(matcher, words, said)
            kind, named = ll.license_line_sentence(kb, matcher, words, heading, lead, sentence, in_section, at == 0)
            for rule_id in named:
                (mixed if kind == "mixed" else found).setdefault(rule_id, line.strip()[:200])
    return found, mixed


def _old_own_license_names(kb, matcher, body: str) -> list[tuple[str, str]]:
    words = load_card_words()
    out: list[tuple[str, str]] = []
    for line, in_section, heading, lead in _old_lines_of_sections(body, label_headings=True):
        plain = ll._LINK.sub(r"\1", words_of_line(kb, line))
        sentence = ll.without_reason(matcher, words, SENTENCE_END.split(plain, maxsplit=1)[0])
        label = ls.LICENSE_LABEL.match(sentence)
        if label is None:
            label = ll._TERMS_LABEL.match(sentence)
            if label is not None and "weight" in label.group(0).lower() and not LICENSE_WORD.search(sentence):
                continue
        if label is not None:
            given = sentence[label.end():]
        elif in_section and (ll._A_LICENSE_NAME.match(plain) and ll._a_name(plain) or ll._TERMS_WITHOUT_A_NAME.match(plain)):
            given = sentence = plain
        else:
            continue
        if (ll._line_licenses(kb, matcher, line) or prose_licenses(kb, plain)
                or ls.kind_of_license_line(words, heading, lead, sentence, in_section) != "bare"):
            continue
        out.append((given.strip(" *_|`\"'"), line.strip()[:200]))
    return out


# ---- the comparison ----

@pytest.fixture(scope="module")
def kb_and_matcher():
    kb = load_knowledge_base()
    return kb, Matcher(kb)


def _real_card_bodies() -> list[tuple[str, str]]:
    bodies = []
    for folder in case_folders(600):   # every fourth card of 2,013 (every fifth: 42 with a license line read, at the floor)
        body = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1)).card_body
        if not body:
            continue
        bodies.append((folder.name, body))
        if plain_latin_letters(body) != body:
            bodies.append((folder.name + " (plain letters)", plain_latin_letters(body)))
    return bodies


def test_one_walk_gives_both_answers_the_two_walks_gave_on_real_cards(kb_and_matcher):
    kb, matcher = kb_and_matcher
    bodies = _real_card_bodies()
    assert len(bodies) > 300
    differ = []
    read_some = owned_some = mixed_some = 0
    for name, body in bodies:
        ll._last_walk = None
        # a label alone and the license's name after it are one line to both walks (acc41: "**License:**\nApache
        # License 2.0" on lmsys's FastChat-T5 and Vicuna cards), joined before the lines are read
        joined = ll.labels_with_their_values(kb, matcher, body)
        expected_read, expected_own = _old_license_lines_read(kb, matcher, joined), _old_own_license_names(kb, matcher, joined)
        # both orders: the walk answers the second question from what it read for the first
        own_then_read = ll.own_license_names(kb, matcher, body), ll.license_lines_read(kb, matcher, body)
        ll._last_walk = None
        read_then_own = ll.license_lines_read(kb, matcher, body), ll.own_license_names(kb, matcher, body)
        if own_then_read != (expected_own, expected_read) or read_then_own != (expected_read, expected_own):
            differ.append(name)
        read_some += bool(expected_read[0])
        mixed_some += bool(expected_read[1])
        owned_some += bool(expected_own)
    assert not differ, f"{len(differ)} cards read differently: {differ[:10]}"
    # the comparison covers every kind of answer, not only empty ones
    assert read_some > 40 and mixed_some >= 2 and owned_some > 5, (read_some, mixed_some, owned_some)


def test_a_heading_that_gives_the_license_is_a_line_only_for_the_own_license_name(kb_and_matcher):
    """"## License: Acme Model License" gives an own license name as a line would; for the license lines a heading
    is no line ("## License: CC BY-NC 4.0" names nothing there, as before): the one walk reads it for one answer only."""
    kb, matcher = kb_and_matcher
    for body in ("# Acme\n\n## License:\nAcme Model License\n",
                 "## License: Acme Model License\n\nThe code is released under:\nApache 2.0\n",
                 "## License: CC BY-NC 4.0\n\nSee the paper.\n",
                 "## License:\nCC BY-NC 4.0\n\n## Code license\nMIT\n"):
        ll._last_walk = None
        assert ll.license_lines_read(kb, matcher, body) == _old_license_lines_read(kb, matcher, body)
        assert ll.own_license_names(kb, matcher, body) == _old_own_license_names(kb, matcher, body)
    ll._last_walk = None
    assert ll.license_lines_read(kb, matcher, "## License: CC BY-NC 4.0\n") == ({}, {})
    assert ll.own_license_names(kb, matcher, "## License: Acme Model License\n") == [("Acme Model License", "## License: Acme Model License")]
