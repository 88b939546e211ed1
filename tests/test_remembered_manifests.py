"""Large manifests remembered as parsed (licscan/remembered_manifests.py): the same text at the same place parses
to the same Manifest without composing the YAML again; an edited text, another folder, a damaged cache file parse
again; a manifest with an error is reported every time and never remembered; a small one is never remembered."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from licscan import yamlnodes
from licscan.errors import InputError
from licscan.manifest import parse_manifest
from licscan.remembered_manifests import MIN_CHARS

LICENSE_SHA = "15ec800f93139ec3f09a72d6afafca51496ad40cb3adf5112fd80c28e69d5140"
HEAD = """version: 1
project:
  name: big-project
  use: commercial
  monthly_active_users: 1200000
  distribution: saas
  region: eu
models:
"""


def entry(i: int) -> str:
    """Every shape an entry takes: locked with files, bases, applies and an unconfirmed license; unlocked; a
    branch; a local folder with a lock."""
    sha = f"{i:040x}"
    if i % 4 == 0:
        return (f"  - id: acme/model-{i}\n    revision: {sha}\n    lock:\n      license: llama3.1\n      files:\n"
                f"        LICENSE: {LICENSE_SHA}\n        USE_POLICY.md: {LICENSE_SHA}\n"
                f"      card_license_sha256: {LICENSE_SHA}\n      base_models: [meta-llama/Llama-3.1-8B@{sha}]\n"
                "      applies: [llama3.1, apache-2.0]\n      confirmed: false\n")
    if i % 4 == 1:
        return f"  - id: acme/model-{i}\n    revision: {sha}\n"
    if i % 4 == 2:
        return f"  - id: acme/model-{i}\n    revision: main\n"
    return f"  - path: checkpoints/model-{i}\n    lock:\n      license: mit\n      files:\n        LICENSE: {LICENSE_SHA}\n"


def big_manifest(entries: int = 300) -> str:
    text = HEAD + "".join(entry(i) for i in range(entries))
    assert len(text) >= MIN_CHARS
    return text


@pytest.fixture
def composed(monkeypatch) -> list[str]:
    """The documents composed from here on, by name."""
    names: list[str] = []
    real = yamlnodes.compose

    def counting(text: str, path: str):
        names.append(path)
        return real(text, path)

    monkeypatch.setattr(yamlnodes, "compose", counting)
    return names


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_large_manifest_parses_once_to_the_same_manifest(tmp_path, cache_dir, composed) -> None:
    path = write(tmp_path / "p" / "models.lock", big_manifest())
    first, warnings = parse_manifest(path)
    again, warnings_again = parse_manifest(path)

    assert composed == [str(path)]
    assert again == first and warnings_again == warnings
    assert len(first.entries) == 300 and first.entries[0].lock is not None
    assert first.entries[0].lock.base_models == (f"meta-llama/Llama-3.1-8B@{0:040x}",) and not first.entries[0].lock.confirmed
    lines = path.read_text(encoding="utf-8").splitlines()
    assert first.entries[3].kind == "local" and first.entries[299].line == lines.index("  - path: checkpoints/model-299") + 1
    assert first.project.monthly_active_users == 1200000 and first.project.region == "EU"
    assert any("branch or tag" in w for w in warnings)


def test_an_edited_text_or_another_folder_parses_again(tmp_path, cache_dir, composed) -> None:
    text = big_manifest()
    path = write(tmp_path / "p" / "models.lock", text)
    first, _ = parse_manifest(path)
    edited, _ = parse_manifest(write(path, text.replace("license: mit", "license: cc-by-nc-4.0", 1)))
    assert edited.entries[3].lock is not None and edited.entries[3].lock.license == "cc-by-nc-4.0"
    assert first.entries[3].lock is not None and first.entries[3].lock.license == "mit"

    elsewhere = write(tmp_path / "q" / "models.lock", text)
    moved, _ = parse_manifest(elsewhere)
    assert moved.base_dir == str(elsewhere.parent) and moved.path == str(elsewhere)
    assert len(composed) == 3


def test_a_manifest_with_an_error_is_reported_every_time(tmp_path, cache_dir, composed) -> None:
    path = write(tmp_path / "p" / "models.lock", big_manifest() + "  - id: acme/model-0\n")   # a duplicate entry
    for _ in range(2):
        with pytest.raises(InputError, match="duplicate entry 'acme/model-0'"):
            parse_manifest(path)
    assert len(composed) == 2
    assert not list(cache_dir.glob("manifest-*"))


def test_a_small_manifest_is_not_remembered(tmp_path, cache_dir, composed) -> None:
    path = write(tmp_path / "p" / "models.lock", HEAD + entry(0))
    parse_manifest(path)
    parse_manifest(path)
    assert len(composed) == 2 and not cache_dir.exists()


def test_a_damaged_cache_file_is_parsed_past(tmp_path, cache_dir, composed) -> None:
    path = write(tmp_path / "p" / "models.lock", big_manifest())
    first, _ = parse_manifest(path)
    (remembered,) = cache_dir.glob("manifest-*")
    form, key, _row = marshal.loads(remembered.read_bytes())
    # cut short, not marshal, empty; and rows of another shape under the right key
    damaged = [remembered.read_bytes()[:100], b"\x00", b"", *(marshal.dumps((form, key, row)) for row in (
        (1,), ("p", (), ((1,),), "b"), ("p", (), ((None,) * 3,), "b"), ("p", (), (("a", "hub", 1, None, (1,)),), "b")))]
    for damage in damaged:
        remembered.write_bytes(damage)
        assert parse_manifest(path)[0] == first
    assert len(composed) == 1 + len(damaged)
