"""Offline evidence remembered between runs (licscan/sources/remembered_snapshots.py): a second offline fetch of
an unchanged cached commit gives the evidence the first read, without reading a file; anything that could change
what the files say reads them again: a file rewritten (even to the same size and modification time), a file added
to the snapshot or removed, a link pointed at another blob, another lock record, another knowledge base, a file
changed too recently to tell a later change apart, a damaged cache file.

Snapshots are laid out as huggingface_hub lays them out (blobs named by their hash, the snapshot's files links to
them), holding real cards and license files of the real-card benchmark."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from licscan import remembered_keys
from licscan.model import Evidence, LockedFile, LockRecord, ManifestEntry
from licscan.remembered_keys import evidence_digest
from licscan.rules import load_knowledge_base
from licscan.sources import hub as hub_module
from licscan.sources import remembered_snapshots
from licscan.sources.hub import HubSource
from tests.real_card_sample import case_folders

KB = load_knowledge_base()
REVISION = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def settled(monkeypatch) -> None:
    """Files written a moment ago count as settled (the tests cannot wait RACY_SECONDS after each write)."""
    monkeypatch.setattr(remembered_snapshots, "RACY_SECONDS", -3600.0)


def put_blob(hub_cache: Path, repo: str, name: str, data: bytes) -> Path:
    """``name`` in the cached snapshot of ``repo`` at REVISION, a link to its blob, as huggingface_hub writes it."""
    folder = hub_cache / ("models--" + repo.replace("/", "--"))
    blob = folder / "blobs" / hashlib.sha256(data).hexdigest()
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(data)
    link = folder / "snapshots" / REVISION / name
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(blob, link.parent))
    return link


def cache_case(hub_cache: Path, case: Path) -> tuple[str, tuple[str, ...]]:
    """A real card's repository files in the Hub cache: its repo id and the files' names."""
    repo = case.name.replace("__", "/", 1)
    names = []
    for path in sorted((case / "files").rglob("*")):
        if path.is_file():
            name = path.relative_to(case / "files").as_posix()
            put_blob(hub_cache, repo, name, path.read_bytes())
            names.append(name)
    return repo, tuple(names)


def entry_for(repo: str, names: tuple[str, ...], line: int = 1) -> ManifestEntry:
    lock = LockRecord(license="other", files=tuple(LockedFile(name, "0" * 64) for name in names if name != "README.md"))
    return ManifestEntry(ref=repo, kind="hub", line=line, revision=REVISION, lock=lock)


def source(hub_cache: Path, kb=KB) -> HubSource:
    """A new source, as a new process makes: nothing remembered in memory."""
    return HubSource(cache_dir=hub_cache, offline=True, token=False, kb=kb)


def fetch_and_save(hub_cache: Path, entry: ManifestEntry, kb=KB) -> Evidence:
    hub = source(hub_cache, kb)
    evidence = hub.fetch(entry)
    hub.save_remembered()
    return evidence


@pytest.fixture
def nothing_read(monkeypatch) -> list[str]:
    """Each repo whose files are collected from here on."""
    collected: list[str] = []
    real = hub_module.collect

    def counting(listing, fetch, **kwargs):
        listing = list(listing)
        collected.append(",".join(item.name for item in listing))
        return real(listing, fetch, **kwargs)

    monkeypatch.setattr(hub_module, "collect", counting)
    return collected


CASES = case_folders(24)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_remembered_snapshot_gives_the_evidence_read_before(case, tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache = tmp_path / "hub"
    repo, names = cache_case(hub_cache, case)
    entry = entry_for(repo, names)
    read = fetch_and_save(hub_cache, entry)
    assert read.files and not read.fetch_failed
    assert len(nothing_read) == 1

    remembered_keys._RECENT.clear()
    again = fetch_and_save(hub_cache, entry)

    assert len(nothing_read) == 1          # not read again
    assert again == read                   # field by field, every file's text and hash
    remembered_digest = evidence_digest(again)
    remembered_keys._RECENT.clear()
    assert remembered_digest == evidence_digest(again)   # the digest kept beside it is the record's own


def test_only_the_entry_line_may_differ(tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache = tmp_path / "hub"
    repo, names = cache_case(hub_cache, CASES[0])
    entry = entry_for(repo, names)
    fetch_and_save(hub_cache, entry)

    moved = replace(entry, line=40)
    again = fetch_and_save(hub_cache, moved)
    assert len(nothing_read) == 1 and again.entry == moved

    relocked = replace(entry, lock=replace(entry.lock, license="apache-2.0"))
    assert fetch_and_save(hub_cache, relocked).entry == relocked
    assert len(nothing_read) == 2

    expecting_more = replace(entry, lock=replace(entry.lock, files=(*entry.lock.files, LockedFile("LICENSE.txt", "1" * 64))))
    evidence = fetch_and_save(hub_cache, expecting_more)
    assert len(nothing_read) == 3
    assert "LICENSE.txt: not in the local Hub cache" in evidence.problems

    unlocked = fetch_and_save(hub_cache, replace(entry, lock=None))
    assert len(nothing_read) == 4 and not unlocked.complete


CARD = b"---\nlicense: apache-2.0\n---\n# A model!!\n"
NC_CARD = b"---\nlicense: cc-by-nc-4.0\n---\n# A model\n"   # the same size


def one_card(tmp_path: Path) -> tuple[Path, ManifestEntry]:
    """A Hub cache holding one checkpoint, acme/m, whose card (CARD) is its only file, and its locked entry."""
    hub_cache = tmp_path / "hub"
    put_blob(hub_cache, "acme/m", "README.md", CARD)
    return hub_cache, ManifestEntry(ref="acme/m", kind="hub", line=1, revision=REVISION, lock=LockRecord("apache-2.0", ()))


def test_a_rewritten_file_is_read_again_even_with_its_size_and_times_put_back(tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache, entry = one_card(tmp_path)
    link = hub_cache / "models--acme--m" / "snapshots" / REVISION / "README.md"
    assert fetch_and_save(hub_cache, entry).card.licenses == ("apache-2.0",)
    assert fetch_and_save(hub_cache, entry).card.licenses == ("apache-2.0",) and len(nothing_read) == 1   # remembered

    blob = link.resolve()
    before = blob.stat()
    time.sleep(0.05)   # past the file system clock's tick (a coarse clock ticks every 1-10 ms): a change time of its own
    assert len(CARD) == len(NC_CARD)
    blob.write_bytes(NC_CARD)                                            # in place: the same inode
    os.utime(blob, ns=(before.st_atime_ns, before.st_mtime_ns))          # the modification time put back

    assert fetch_and_save(hub_cache, entry).card.licenses == ("cc-by-nc-4.0",) and len(nothing_read) == 2


def test_a_link_whose_blob_is_gone_is_never_remembered(tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache, entry = one_card(tmp_path)
    license_link = put_blob(hub_cache, "acme/m", "LICENSE", b"MIT License")
    license_link.resolve().unlink()
    for _ in range(2):
        evidence = fetch_and_save(hub_cache, entry)
        assert not evidence.complete and any(p.startswith("LICENSE: cannot read") for p in evidence.problems), evidence.problems
    assert len(nothing_read) == 2


def test_a_link_to_another_blob_and_an_added_or_removed_file_are_read_again(tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache, entry = one_card(tmp_path)
    fetch_and_save(hub_cache, entry)

    put_blob(hub_cache, "acme/m", "README.md", NC_CARD)                  # another blob, the link replaced
    assert fetch_and_save(hub_cache, entry).card.licenses == ("cc-by-nc-4.0",)

    license_text = (Path(__file__).resolve().parents[1] / "license_texts" / "cc-by-nc-4.0.txt").read_bytes()
    license_link = put_blob(hub_cache, "acme/m", "LICENSE", license_text)
    assert [f.name for f in fetch_and_save(hub_cache, entry).files] == ["README.md", "LICENSE"]

    license_link.unlink()
    assert [f.name for f in fetch_and_save(hub_cache, entry).files] == ["README.md"]
    assert len(nothing_read) == 4
    fetch_and_save(hub_cache, entry)
    assert len(nothing_read) == 4


@pytest.mark.parametrize("modified_an_hour_ago", [False, True], ids=["just written", "written now, modification time set back"])
def test_files_changed_a_moment_ago_are_not_remembered(tmp_path, cache_dir, nothing_read, monkeypatch, modified_an_hour_ago) -> None:
    # a change within the same clock tick could go unseen. "A moment" is a minute here, so that a slow machine does not
    # make these files old enough; a file whose modification time was set back has a change time of now all the same
    monkeypatch.setattr(remembered_snapshots, "RACY_SECONDS", 60.0)
    hub_cache, entry = one_card(tmp_path)
    if modified_an_hour_ago:
        blob = (hub_cache / "models--acme--m" / "snapshots" / REVISION / "README.md").resolve()
        os.utime(blob, ns=(time.time_ns() - 3600 * 10**9, time.time_ns() - 3600 * 10**9))
    fetch_and_save(hub_cache, entry)
    fetch_and_save(hub_cache, entry)
    assert len(nothing_read) == 2
    assert not list(cache_dir.glob("snapshots*"))


@pytest.mark.parametrize("name", ["LICENSE", "adapter_config.json", "model_index.json"])
def test_a_file_the_system_kept_from_being_read_is_a_problem_and_read_again_next_time(tmp_path, cache_dir, settled, monkeypatch,
                                                                                     nothing_read, name) -> None:
    # an I/O error, too many open files: the next run may read the file, and it may name a base or hold the terms
    hub_cache, entry = one_card(tmp_path)
    config = b'{"base_model_name_or_path": "acme/noncommercial-base"}'
    put_blob(hub_cache, "acme/m", name, b"MIT License\n\nPermission is hereby granted" if name == "LICENSE" else config)
    real_open, failed = os.open, []

    def failing_once(path, *args, **kwargs):
        if str(path).endswith("/" + name) and not failed:
            failed.append(path)
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_once)
    unread = fetch_and_save(hub_cache, entry)
    assert failed and not unread.complete and f"{name}: cannot read (Input/output error)" in unread.problems
    monkeypatch.setattr(os, "open", real_open)

    again = fetch_and_save(hub_cache, entry)
    assert len(nothing_read) == 2 and again.complete, again.problems
    if name == "adapter_config.json":
        assert [c.value for c in again.config_lineage] == ["acme/noncommercial-base"]


def test_another_knowledge_base_reads_again(tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache, entry = one_card(tmp_path)
    fetch_and_save(hub_cache, entry)
    other = replace(KB, version=KB.version + "+project")
    fetch_and_save(hub_cache, entry, other)
    fetch_and_save(hub_cache, entry, other)
    assert len(nothing_read) == 2


def test_a_damaged_cache_file_is_read_past(tmp_path, cache_dir, settled, nothing_read) -> None:
    hub_cache, entry = one_card(tmp_path)
    first = fetch_and_save(hub_cache, entry)
    (written,) = cache_dir.glob("snapshots*")
    for damage in (written.read_bytes()[:40], b"not marshal", b""):
        written.write_bytes(damage)
        assert fetch_and_save(hub_cache, entry) == first
    assert len(nothing_read) == 4


def test_without_a_cache_folder_nothing_is_remembered(tmp_path, monkeypatch, settled, nothing_read) -> None:
    monkeypatch.setenv("LICSCAN_CACHE_DIR", "off")
    hub_cache, entry = one_card(tmp_path)
    fetch_and_save(hub_cache, entry)
    fetch_and_save(hub_cache, entry)
    assert len(nothing_read) == 2


def test_a_check_saves_what_it_read(tmp_path, cache_dir, settled) -> None:
    """The pipeline writes the remembered snapshots at the end of a run, as it does the classifications."""
    from licscan.manifest import parse_manifest_text
    from licscan.pipeline import Options, Scanner

    hub_cache = tmp_path / "hub"
    put_blob(hub_cache, "acme/m", "README.md", CARD)
    text = f"version: 1\nproject:\n  name: p\n  use: internal\nmodels:\n  - id: acme/m\n    revision: {REVISION}\n"
    manifest = parse_manifest_text(text, "models.lock", tmp_path)
    Scanner(KB, Options(offline=True, cache_dir=str(hub_cache), token=False)).run(manifest)
    assert len(list(cache_dir.glob("snapshots*"))) == 1
    shutil.rmtree(hub_cache)


def test_a_record_marshal_cannot_hold_is_left_out_and_the_rest_of_its_shard_kept(tmp_path, cache_dir, settled, monkeypatch,
                                                                                  nothing_read) -> None:
    # no field of an Evidence holds such a value today; if one ever does, that record is read again, not the check stopped
    class Marked(str):
        pass

    hub_cache, entry = one_card(tmp_path)
    shard = zlib.crc32(b"acme/m") % remembered_snapshots.SHARDS
    neighbour = next(f"acme/n{i}" for i in range(10_000) if zlib.crc32(f"acme/n{i}".encode()) % remembered_snapshots.SHARDS == shard)
    put_blob(hub_cache, neighbour, "README.md", CARD)
    other = replace(entry, ref=neighbour)
    real = hub_module.collect

    def marking(listing, fetch, **kwargs):
        collected = real(listing, fetch, **kwargs)
        return replace(collected, card_body=Marked(collected.card_body)) if "acme--m" in str(fetch("README.md")) else collected

    monkeypatch.setattr(hub_module, "collect", marking)
    hub = source(hub_cache)
    marked, plain = hub.fetch(entry), hub.fetch(other)
    hub.save_remembered()
    assert type(marked.card_body) is Marked and type(plain.card_body) is str
    assert len(list(cache_dir.glob("snapshots*"))) == 1      # the shard both are in

    hub = source(hub_cache)
    assert hub.fetch(other) == plain and len(nothing_read) == 2    # remembered
    assert hub.fetch(entry) == marked and len(nothing_read) == 3   # left out: read again
