"""One evidence collector: a local folder, the Hub online and the Hub cache offline read the same files.

The repositories come from tests/fakehub/repos/ (verbatim license texts; a PDF and a DOCX made from
verbatim texts, see tests/fakehub/SOURCES.md). Online traffic replays tests/cassettes/test_sources/;
the local folder of a repository is written from the same data the fake Hub serves.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import zlib
from pathlib import Path

import pytest

from licscan.manifest import parse_manifest
from licscan.model import Evidence, LockedFile, LockRecord, ManifestEntry
from licscan.pipeline import Options, Scanner
from licscan.sources import collect as collect_module
from licscan.sources.collect import MAX_EVIDENCE_BYTES, MIN_FILE_CHARGE, Listed, plan
from licscan.sources.common import is_evidence_name
from licscan.sources.hub import HubSource
from licscan.sources.local import LocalSource
from licscan.sources.reader import TooLarge, read_evidence_file
from tests.fakehub.server import REPOS_DIR, load_repos

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
REPOS = load_repos()
MANY = "acme/many-license-files"
NESTED = "acme/nested-license-model"
PDF = "acme/pdf-license-model"
DOCX = "acme/docx-license-model"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text(name: str) -> bytes:
    return (TEXTS / name).read_bytes()


def local_copy(repo_id: str, project: Path) -> Path:
    """The repository's main commit as a folder 'ckpt' in ``project``, byte for byte as the fake Hub
    serves it. Weight files are left out: a local folder's weight headers are read for declared
    licenses, which the Hub path never downloads (and the fake Hub's weights are placeholders)."""
    folder = project / "ckpt"
    folder.mkdir(parents=True)
    repo = REPOS[repo_id]
    for name, served in repo.commits[repo.branches["main"]].files.items():
        if served.lfs:
            continue
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(served.content)
    return folder


def fetch_local(project: Path, folder: str = "ckpt") -> Evidence:
    (project / "models.lock").touch()
    return LocalSource(project, str(project / "models.lock")).fetch(ManifestEntry(ref=folder, kind="local", line=1))


def summary(evidence: Evidence) -> dict:
    """What must not depend on where the evidence came from."""
    return {
        "files": sorted((f.name, f.sha256, f.size, f.role, f.truncated) for f in evidence.files),
        "texts": {f.name: f.text for f in evidence.files},
        "complete": evidence.complete,
        "problems": sorted(evidence.problems),
        "card": (evidence.card.licenses, evidence.card.license_name, evidence.card_body),
    }


def hub(endpoint: str, cache: Path, offline: bool = False) -> HubSource:
    return HubSource(endpoint=endpoint, token=False, cache_dir=cache, offline=offline, sleep=lambda s: None)


# --- the same repository, three ways -------------------------------------------------------------


@pytest.mark.parametrize("repo_id", [MANY, NESTED, PDF, DOCX, "openai/gpt-oss-20b"], ids=lambda r: r.split("/")[1])
def test_local_folder_hub_and_cache_read_the_same_files(repo_id, tmp_path, fake_hub_endpoint, hub_cache, hub_cassette):
    local_copy(repo_id, tmp_path / "project")
    local = fetch_local(tmp_path / "project")
    online = hub(fake_hub_endpoint, hub_cache).fetch(ManifestEntry(ref=repo_id, kind="hub", line=1))
    # Offline, the repository's file list is what `licscan lock` recorded (plus what is cached).
    lock = LockRecord(license="-", files=tuple(LockedFile(f.name, f.sha256) for f in online.files if f.role != "card"))
    offline = hub(fake_hub_endpoint, hub_cache, offline=True).fetch(
        ManifestEntry(ref=repo_id, kind="hub", line=1, revision=online.revision, lock=lock))

    assert (local.source, online.source, offline.source) == ("local", "hub", "cache")
    assert not online.fetch_failed and not offline.fetch_failed
    assert summary(local) == summary(online) == summary(offline)
    served = REPOS[repo_id].commits[REPOS[repo_id].branches["main"]].files
    expected = sorted(name for name in served if name == "README.md" or is_evidence_name(name))
    read = sorted(f.name for f in online.files)
    unread = sorted(p.split(":")[0] for p in online.problems)
    assert sorted(read + unread) == expected, "every license-like file is read or named as unread"


def test_all_25_license_files_are_read(tmp_path, fake_hub_endpoint, hub_cache, hub_cassette):
    online = hub(fake_hub_endpoint, hub_cache).fetch(ManifestEntry(ref=MANY, kind="hub", line=1))

    files = {f.name: f for f in online.files}
    assert len([n for n in files if n.startswith("LICENSE")]) == 25
    assert files["LICENSE-weights.txt"].sha256 == sha256(text("cc-by-nc-4.0.txt"))   # the 25th by name
    assert files["LICENSE-component-01.txt"].sha256 == sha256(text("mit.txt"))
    assert online.complete and online.problems == ()


def test_files_beyond_the_top_twenty_in_folders_and_in_pdfs_decide_the_verdict(tmp_path, fake_hub_endpoint, hub_cache, hub_cassette):
    """Each of these used to pass as apache-2.0 or on card metadata: the CC BY-NC text was not read."""
    path = tmp_path / "models.lock"
    path.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
                    f"  - id: {MANY}\n  - id: {NESTED}\n  - id: {PDF}\n", encoding="utf-8")
    manifest, _ = parse_manifest(path)
    scanner = Scanner(options=Options(endpoint=fake_hub_endpoint, token=False, cache_dir=str(hub_cache), jobs=1, lineage=False))

    results = {r.entry.ref: r for r in scanner.run(manifest).results}

    for repo_id, governing in ((MANY, "LICENSE-weights.txt"), (NESTED, "weights/LICENSE"), (PDF, "LICENSE.pdf")):
        result = results[repo_id]
        assert result.classification.license_id == "cc-by-nc-4.0", repo_id
        assert result.verdict == "denied" and result.failed, (repo_id, result.reasons)
        assert any(f"{governing} matches cc-by-nc-4.0" in r for r in result.reasons), result.reasons
    pdf_finding = next(f for f in results[PDF].classification.findings if f.file == "LICENSE.pdf")
    assert pdf_finding.match.status == "exact"


# --- the cap is on bytes, and what it leaves out is named -----------------------------------------


def test_plan_reads_the_card_first_then_by_depth_and_names_what_does_not_fit():
    listing = [Listed("weights/LICENSE", 10), Listed("LICENSE", 10), Listed("README.md", 10), Listed("config.json", 10),
               Listed("z/LICENSE-huge.txt", MAX_EVIDENCE_BYTES), Listed("NOTICE", 10)]

    to_read, over = plan(listing)

    assert [i.name for i in to_read] == ["README.md", "LICENSE", "NOTICE", "weights/LICENSE"]
    assert [i.name for i in over] == ["z/LICENSE-huge.txt"]


def test_many_tiny_files_are_bounded_by_the_per_file_charge():
    listing = [Listed(f"LICENSE-{i:05d}", 1) for i in range(MAX_EVIDENCE_BYTES // MIN_FILE_CHARGE + 5)]

    to_read, over = plan(listing)

    assert len(to_read) == MAX_EVIDENCE_BYTES // MIN_FILE_CHARGE and len(over) == 5


def test_a_file_over_the_cap_is_not_read_and_is_named(tmp_path):
    folder = local_copy(NESTED, tmp_path / "project")
    with open(folder / "LICENSE-data.txt", "wb") as handle:       # sparse: costs no disk
        handle.truncate(MAX_EVIDENCE_BYTES + 1)

    evidence = fetch_local(tmp_path / "project")

    assert not evidence.complete
    assert "LICENSE-data.txt" not in {f.name for f in evidence.files}
    (problem,) = [p for p in evidence.problems if p.startswith("LICENSE-data.txt:")]
    assert f"{MAX_EVIDENCE_BYTES + 1:,} bytes" in problem and "not read" in problem
    assert {"LICENSE", "weights/LICENSE"} <= {f.name for f in evidence.files}


def test_a_card_named_in_another_case_is_named_unread_and_the_evidence_incomplete(tmp_path):
    # review15: a folder whose card is "readme.md" declaring cc-by-nc-4.0 was allowed on its Apache LICENSE alone
    folder = tmp_path / "project" / "ckpt"
    folder.mkdir(parents=True)
    (folder / "LICENSE").write_bytes(text("apache-2.0.txt"))
    (folder / "readme.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# A model\n", encoding="utf-8")

    evidence = fetch_local(tmp_path / "project")

    assert not evidence.complete
    assert "no README.md (model card)" in evidence.problems
    assert any(p.startswith("readme.md:") and "must be named README.md" in p for p in evidence.problems), evidence.problems


def test_over_the_cap_the_unread_files_are_named_one_by_one_then_counted(tmp_path, monkeypatch):
    local_copy(MANY, tmp_path / "project")
    # Room for the card and three files: README.md, then LICENSE-component-01..03 by name.
    monkeypatch.setattr(collect_module, "MAX_EVIDENCE_BYTES", 4 * MIN_FILE_CHARGE)

    evidence = fetch_local(tmp_path / "project")

    assert not evidence.complete
    assert sorted(f.name for f in evidence.files) == ["LICENSE-component-01.txt", "LICENSE-component-02.txt",
                                                      "LICENSE-component-03.txt", "README.md"]
    named = [p for p in evidence.problems if p.startswith("LICENSE-") and "not read" in p]
    assert [p.split(":")[0] for p in named] == [f"LICENSE-component-{i:02d}.txt" for i in range(4, 24)]
    assert any(p.startswith("2 more license-like files not read") and "LICENSE-weights.txt" in p for p in evidence.problems)


def test_a_file_larger_than_its_listing_said_is_cut_off_not_read(tmp_path):
    path = tmp_path / "LICENSE"
    path.write_bytes(text("mit.txt"))

    with pytest.raises(TooLarge):
        read_evidence_file(path, "LICENSE", limit=len(text("mit.txt")) - 1)
    assert read_evidence_file(path, "LICENSE", limit=len(text("mit.txt"))).sha256 == sha256(text("mit.txt"))


# --- which names count ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("LICENSE", True), ("weights/LICENSE", True), ("a/b/c/USE_POLICY.md", True), ("LICENSE.pdf", True),
    ("LICENSE.docx", True), ("docs/license.png", True), ("LICENSES/Apache-2.0.txt", True), ("LICENSE.apache", True),
    ("README.md", False), ("weights/README.md", False), ("license_utils.py", False), ("src/notice.json", False),
    ("cc-by-nc-model.safetensors", False), ("config.json", False), ("LICENSE.lock", False),
])
def test_license_like_names_at_any_depth(name, expected):
    assert is_evidence_name(name) is expected


# --- documents that are not plain text -------------------------------------------------------------


def test_docx_and_images_are_evidence_that_could_not_be_read(tmp_path):
    folder = local_copy(DOCX, tmp_path / "project")
    (folder / "assets").mkdir()
    (folder / "assets" / "license.png").write_bytes(_png())

    evidence = fetch_local(tmp_path / "project")

    assert not evidence.complete
    assert any(p.startswith("LICENSE.docx: a Word document (.docx)") for p in evidence.problems), evidence.problems
    assert any(p.startswith("assets/license.png: an image (.png)") for p in evidence.problems), evidence.problems


def test_a_pdf_without_text_or_not_a_pdf_at_all_is_named_as_unread(tmp_path):
    import pypdfium2

    blank_pdf = pypdfium2.PdfDocument.new()
    blank_pdf.new_page(595, 842)
    blank_pdf.save(tmp_path / "LICENSE.pdf")
    blank_pdf.close()
    (tmp_path / "TERMS.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF body\n")

    blank = read_evidence_file(tmp_path / "LICENSE.pdf", "LICENSE.pdf", MAX_EVIDENCE_BYTES)
    broken = read_evidence_file(tmp_path / "TERMS.pdf", "TERMS.pdf", MAX_EVIDENCE_BYTES)

    assert isinstance(blank, str) and blank.startswith("LICENSE.pdf: a PDF without extractable text")
    assert isinstance(broken, str) and broken.startswith("TERMS.pdf: a PDF that could not be read")


def test_a_pdf_encrypted_with_a_password_is_named_as_unread():
    # tests/data/encrypted-blank.pdf: one blank page, encrypted with the user password "secret" (made with pypdf)
    path = Path(__file__).parent / "data" / "encrypted-blank.pdf"

    found = read_evidence_file(path, "LICENSE.pdf", MAX_EVIDENCE_BYTES)

    assert found == "LICENSE.pdf: an encrypted PDF, which licscan cannot read; not read"


def test_a_pdf_named_without_pdf_suffix_is_still_read_as_pdf(tmp_path):
    (tmp_path / "LICENSE").write_bytes((REPOS_DIR / PDF / "LICENSE.pdf").read_bytes())

    found = read_evidence_file(tmp_path / "LICENSE", "LICENSE", MAX_EVIDENCE_BYTES)

    assert "Attribution-NonCommercial 4.0 International" in found.text


# --- bounded reads: never a FIFO or a device ------------------------------------------------------


def test_a_fifo_named_license_is_a_problem_not_a_hang(tmp_path):
    folder = local_copy(NESTED, tmp_path / "project")
    os.mkfifo(folder / "weights" / "NOTICE")
    done: list[Evidence] = []

    worker = threading.Thread(target=lambda: done.append(fetch_local(tmp_path / "project")), daemon=True)
    worker.start()
    worker.join(60)                                    # a hang guard, not a timing assertion

    assert done, "reading a FIFO blocked"
    (evidence,) = done
    assert not evidence.complete
    assert "weights/NOTICE: not a regular file (a FIFO); not read" in evidence.problems
    assert "weights/LICENSE" in {f.name for f in evidence.files}


def test_a_device_is_never_read():
    found = read_evidence_file(Path("/dev/zero"), "LICENSE", MAX_EVIDENCE_BYTES)

    assert found == "LICENSE: not a regular file (a device); not read"


def test_a_subfolder_that_cannot_be_listed_makes_the_evidence_incomplete(tmp_path):
    folder = local_copy(NESTED, tmp_path / "project")
    hidden = folder / "legal"
    hidden.mkdir()
    (hidden / "LICENSE").write_bytes(text("cc-by-nc-4.0.txt"))
    hidden.chmod(0)
    try:
        evidence = fetch_local(tmp_path / "project")
    finally:
        hidden.chmod(0o755)

    if os.geteuid() == 0:        # root lists it anyway: then the file is read
        assert "legal/LICENSE" in {f.name for f in evidence.files}
    else:
        assert not evidence.complete and any(p.startswith("legal/: cannot be listed") for p in evidence.problems)


# --- offline -----------------------------------------------------------------------------------


def test_offline_without_a_lock_record_is_incomplete(tmp_path, fake_hub_endpoint, hub_cache, hub_cassette):
    online = hub(fake_hub_endpoint, hub_cache).fetch(ManifestEntry(ref=NESTED, kind="hub", line=1))
    offline = hub(fake_hub_endpoint, hub_cache, offline=True).fetch(
        ManifestEntry(ref=NESTED, kind="hub", line=1, revision=online.revision))

    assert online.complete and not offline.complete
    assert summary(offline)["files"] == summary(online)["files"]
    assert any("without a lock record the repository's file list is not known" in p for p in offline.problems)


def test_offline_a_locked_file_missing_from_the_cache_is_named(tmp_path, fake_hub_endpoint, hub_cache):
    lock = LockRecord(license="apache-2.0", files=(LockedFile("weights/LICENSE", "0" * 64),))
    snapshot = hub_cache / "models--acme--nested-license-model" / "snapshots" / ("a" * 40)
    snapshot.mkdir(parents=True)
    (snapshot / "README.md").write_bytes((REPOS_DIR / NESTED / "README.md").read_bytes())

    offline = hub(fake_hub_endpoint, hub_cache, offline=True).fetch(
        ManifestEntry(ref=NESTED, kind="hub", line=1, revision="a" * 40, lock=lock))

    assert not offline.complete
    assert "weights/LICENSE: not in the local Hub cache" in offline.problems


def _png() -> bytes:
    """A 1x1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff")) + chunk(b"IEND", b""))


def test_front_matter_after_a_blank_line_is_read_as_the_hub_reads_it() -> None:
    # A real diffusers LoRA training card (benchmarks/real_cards/cases/starsdeep__pokemon-lora): a blank
    # line precedes '---'. huggingface_hub's REGEX_YAML_BLOCK accepts it and the Hub shows its
    # license and base_model; licscan used to see no metadata at all and pass the LoRA.
    from huggingface_hub.repocard import RepoCard

    from licscan.sources.common import split_card

    card = (ROOT / "benchmarks" / "real_cards" / "cases" / "starsdeep__pokemon-lora" / "files" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("\n---\n")
    data, body, problems = split_card(card)
    assert data == RepoCard(card).data.to_dict()
    assert data["license"] == "creativeml-openrail-m" and data["base_model"] == "runwayml/stable-diffusion-v1-5"
    assert problems == () and not body.lstrip().startswith("---")
