"""License declarations in weight-file headers (GGUF general.license, safetensors __metadata__)."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

from click.testing import CliRunner

from licscan.cli import main
from licscan.sources.weights import declared_license

TEXTS = Path(__file__).resolve().parents[1] / "license_texts"


def gguf(path: Path, metadata: dict[str, object], tensors: int = 0) -> None:
    """A GGUF v3 header as llama.cpp writes it (strings, a uint32 and an array), no tensor data."""

    def string(value: str) -> bytes:
        raw = value.encode()
        return struct.pack("<Q", len(raw)) + raw

    body = b""
    for key, value in metadata.items():
        body += string(key)
        if isinstance(value, str):
            body += struct.pack("<I", 8) + string(value)
        elif isinstance(value, int):
            body += struct.pack("<I", 4) + struct.pack("<I", value)
        elif isinstance(value, list):
            body += struct.pack("<I", 9) + struct.pack("<I", 8) + struct.pack("<Q", len(value)) + b"".join(string(v) for v in value)
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, tensors, len(metadata)) + body)


def safetensors(path: Path, metadata: dict[str, str]) -> None:
    header = json.dumps({"__metadata__": metadata, "w": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}).encode()
    path.write_bytes(struct.pack("<Q", len(header)) + header + b"\x00\x00")


def test_gguf_and_safetensors_headers_are_read(tmp_path):
    gguf(tmp_path / "m.gguf", {"general.architecture": "llama", "tokenizer.ggml.tokens": ["a", "b"], "general.file_type": 7,
                               "general.license": "llama3.1"})
    safetensors(tmp_path / "m.safetensors", {"format": "pt", "license": "cc-by-nc-4.0"})
    assert declared_license(tmp_path / "m.gguf") == ("llama3.1", None)
    assert declared_license(tmp_path / "m.safetensors") == ("cc-by-nc-4.0", None)


def test_truncated_and_hostile_headers_are_problems_not_crashes(tmp_path):
    (tmp_path / "a.gguf").write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 5) + struct.pack("<Q", 10**12))
    (tmp_path / "b.safetensors").write_bytes(struct.pack("<Q", 2**40))
    (tmp_path / "c.safetensors").write_bytes(struct.pack("<Q", 4) + b"{{{{")
    for name in ("a.gguf", "b.safetensors", "c.safetensors"):
        license_id, problem = declared_license(tmp_path / name)
        assert license_id is None and problem.startswith(name)


def test_header_that_disagrees_with_the_card_is_a_conflict_and_the_stricter_wins(tmp_path):
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n# m\n")
    shutil.copyfile(TEXTS / "apache-2.0.txt", folder / "LICENSE")
    gguf(folder / "m-Q4_K_M.gguf", {"general.license": "cc-by-nc-4.0"})
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - path: models/m\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "models.lock"), "--format", "json"])
    assert result.exit_code == 1
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert checkpoint["verdict"] == "denied"
    assert "cc-by-nc-4.0" in checkpoint["license"]["applies"]
    assert any("m-Q4_K_M.gguf header declares 'cc-by-nc-4.0' but the card declares apache-2.0" in c for c in checkpoint["conflicts"])


def test_the_stability_model_spec_license_key_is_read(tmp_path):
    # SDXL-family safetensors carry the Stability AI model spec ("modelspec.*" keys)
    safetensors(tmp_path / "m.safetensors", {"modelspec.architecture": "stable-diffusion-xl-v1-base",
                                             "modelspec.license": "cc-by-nc-4.0"})
    assert declared_license(tmp_path / "m.safetensors") == ("cc-by-nc-4.0", None)
