"""An empty LICENSE (0 bytes, as the real OmarSamir/EGTTS-V0.1 repository ships beside its LICENSE.txt) holds no
license text: it is read as no license file, with a note, not as "a text no known license matches" (cards31: that
made a conflict, and would make every permissive card with such a placeholder unknown). A file with bytes whose text
cannot be read (a PDF of scanned pages) is not empty: it stays a license licscan cannot identify."""

from __future__ import annotations

from pathlib import Path

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CASES, CLASSIFIER, KB, judge

EGTTS = "OmarSamir__EGTTS-V0.1"


def test_an_empty_license_beside_the_real_license_text_is_only_noted():
    result = judge(EGTTS)
    assert (result.classification.license_id, result.verdict) == ("coqui-cpml-1.0", "denied")
    assert "note: LICENSE is empty: it holds no license text" in result.reasons
    assert not any("LICENSE does not match" in reason for reason in result.reasons)


def _permissive_with_empty_license(tmp_path: Path, license_bytes: bytes) -> list[str]:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n\n# tts\n\nA text-to-speech model.\n", encoding="utf-8")
    (folder / "LICENSE").write_bytes(license_bytes)
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1))
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ())
    return [result.verdict, result.classification.license_id, *result.reasons]


def test_the_real_empty_license_beside_a_permissive_key_is_no_license_file(tmp_path):
    empty = (CASES / EGTTS / "files" / "LICENSE").read_bytes()
    assert empty == b""
    verdict, license_id, *reasons = _permissive_with_empty_license(tmp_path, empty)
    assert (verdict, license_id) == ("allowed", "mit")
    assert "note: LICENSE is empty: it holds no license text" in reasons


def test_a_license_file_whose_bytes_hold_no_text_licscan_can_read_stays_unidentified(tmp_path):
    # a PDF licscan cannot extract text from is hundreds of bytes: never 'empty'
    pdf = b"%PDF-1.4\n" + b"%\xe2\xe3\xcf\xd3\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 10 + b"%%EOF\n"
    verdict, license_id, *reasons = _permissive_with_empty_license(tmp_path, pdf)
    assert verdict == "unknown"
    assert not any("is empty" in reason for reason in reasons)
