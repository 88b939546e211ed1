"""safetext's fast path: a text that str.isprintable() accepts (newlines and tabs aside) is returned
untouched, which is only right if every character the escaping regular expression matches is one that
isprintable() refuses. Checked over all of Unicode, so a character added to the expression (or a
Python whose Unicode tables change) cannot slip through the fast path unescaped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from licscan.model import CardMetadata, Evidence, EvidenceFile, ManifestEntry
from licscan.safetext import _UNSAFE, inert, inert_value

ROOT = Path(__file__).resolve().parents[1]


def test_every_escaped_character_is_one_isprintable_refuses():
    matched = [code for code in range(0x110000) if _UNSAFE.match(chr(code))]
    assert len(matched) > 2000       # C0, C1, bidi, zero-width, tags, surrogates
    assert [hex(code) for code in matched if chr(code).isprintable()] == []


def test_a_license_text_with_a_hidden_override_is_escaped_and_a_clean_one_is_kept():
    text = (ROOT / "license_texts" / "apache-2.0.txt").read_text(encoding="utf-8")
    assert inert(text) is text
    hostile = text.replace("Licensor", "Licen\u202esor", 1).replace("\n", "\r\n", 3) + "\x1b]52;c;aGk=\x07"
    shown = inert(hostile)
    assert "<U+202E>" in shown and "\\x1b]52;c;aGk=\\x07" in shown and "\r" not in shown and "\u202e" not in shown


def test_a_record_with_nothing_to_escape_is_returned_as_it_is_and_one_with_something_is_rebuilt():
    text = (ROOT / "license_texts" / "mit.txt").read_text(encoding="utf-8")
    file = EvidenceFile("LICENSE", "0" * 64, len(text), text, "license")
    evidence = Evidence(ManifestEntry("org/model", "hub", 3), "hub", None, CardMetadata(licenses=("mit",)), files=(file,))
    assert inert_value(evidence) is evidence
    hostile = replace(evidence, card=CardMetadata(licenses=("mit",), license_name="MIT\x1b[2J"))
    shown = inert_value(hostile)
    assert shown.card.license_name == "MIT\\x1b[2J" and shown.files[0] is file and hostile.card.license_name == "MIT\x1b[2J"


def test_a_long_text_seen_again_is_answered_as_the_first_time_and_a_clean_one_is_still_itself():
    # inert keeps its answer for a long text by the text: a second copy read from another checkpoint (an equal string,
    # another object) must get the same escaping, and a text with nothing to escape must come back as that copy
    # itself (an equal one kept from before would make the walk rebuild every record holding it)
    def read(name: str) -> str:   # as licscan reads a file: "\r\n" kept
        return (ROOT / "license_texts" / name).read_bytes().decode("utf-8")

    for name in ("tencent-hunyuan-7b.txt", "llama3.1.txt", "tencent-hunyuan-large.txt"):
        first, again = read(name), read(name)
        assert first == again and first is not again
        shown_first, shown_again = inert(first), inert(again)
        assert shown_again == shown_first
        if name == "tencent-hunyuan-large.txt":   # an em space isprintable() refuses, nothing to escape
            assert shown_first is first and shown_again is again
        else:                                      # "\r\n" line ends; a LINE SEPARATOR
            assert shown_again != again and "\r" not in shown_again and "\u2028" not in shown_again
    file = EvidenceFile("LICENSE", "0" * 64, 1, read("tencent-hunyuan-large.txt"), "license")
    evidence = Evidence(ManifestEntry("org/model", "hub", 3), "hub", None, CardMetadata(licenses=("other",)), files=(file,))
    assert inert_value(evidence) is evidence
