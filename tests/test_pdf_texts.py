"""A PDF's extracted text kept in the cache folder by the file's sha256 (sources/pdf_texts.py): read back
it is the same evidence as extracted, PDFium is not asked again, and anything else is extracted afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.sources import pdf_texts, reader
from licscan.sources.collect import MAX_EVIDENCE_BYTES
from licscan.sources.reader import read_evidence_file

ROOT = Path(__file__).resolve().parents[1]
PDFS = (ROOT / "tests/fakehub/repos/acme/pdf-license-model/LICENSE.pdf",
        ROOT / "benchmarks/real_cards/cases/baichuan-inc__Baichuan-13B-Chat/files/Community License for Baichuan-13B Model.pdf")


def read(path: Path):
    return read_evidence_file(path, path.name, MAX_EVIDENCE_BYTES)


def kept_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("pdftext-*.marshal"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(folder))
    return folder


def no_pdfium(handle, name):
    raise AssertionError(f"{name} was extracted again")


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_a_kept_text_is_the_evidence_extracted_and_pypdf_is_not_asked_again(cache, monkeypatch, pdf):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", "off")
    uncached = read(pdf)
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(cache))
    first = read(pdf)
    assert len(kept_files(cache)) == 1
    monkeypatch.setattr(reader, "_pdf_text", no_pdfium)
    again = read(pdf)

    assert not isinstance(uncached, str) and uncached.text.strip()
    assert first == uncached and again == uncached


def test_another_file_a_damaged_or_foreign_record_is_extracted_again(cache, tmp_path, monkeypatch):
    pdf = tmp_path / "LICENSE.pdf"
    shutil.copyfile(PDFS[0], pdf)
    expected = read(pdf)
    [kept] = kept_files(cache)

    kept.write_bytes(b"\x00not marshal")
    assert read(pdf) == expected
    # a well-formed record of another file under this file's name is not taken for it
    data = pdf_texts.marshal.loads(kept.read_bytes())
    kept.write_bytes(pdf_texts.marshal.dumps((data[0], "0" * 64, "MIT License", False)))
    assert read(pdf) == expected

    # a changed file has another sha256: its own text, never the kept one
    changed = tmp_path / "CHANGED.pdf"
    shutil.copyfile(PDFS[1], changed)
    assert read(changed).text != expected.text


def test_a_pdf_that_could_not_be_read_is_not_kept(cache, tmp_path):
    (tmp_path / "TERMS.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF body\n")
    first = read(tmp_path / "TERMS.pdf")
    assert isinstance(first, str) and "could not be read" in first
    assert kept_files(cache) == []
    assert read(tmp_path / "TERMS.pdf") == first


def test_other_limits_are_another_key(cache, monkeypatch):
    first = read(PDFS[0])
    monkeypatch.setattr(reader, "_PDF_LIMITS", (10, 1))
    monkeypatch.setattr(reader, "_pdf_text", no_pdfium)
    with pytest.raises(AssertionError, match="extracted again"):
        read(PDFS[0])
    monkeypatch.setattr(reader, "_PDF_LIMITS", (reader.MAX_CLASSIFY_CHARS, reader.MAX_PDF_PAGES))
    assert read(PDFS[0]) == first
