"""License declarations in weight-file headers (GGUF general.license, safetensors __metadata__)."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

from click.testing import CliRunner

from licscan.cli import main
from licscan.sources import weights
from licscan.sources.weights import MAX_WEIGHT_FILES, declared_license, weight_files

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


def test_headers_in_subfolders_are_read_as_diffusers_lays_them_out(tmp_path):
    # a diffusers pipeline whose card says apache-2.0 and whose transformer's header says CC BY-NC 4.0
    folder = tmp_path / "models" / "pipe"
    for sub in ("transformer", "text_encoder", "vae", "scheduler"):
        (folder / sub).mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: apache-2.0\nlibrary_name: diffusers\n---\n# pipe\n")
    shutil.copyfile(TEXTS / "apache-2.0.txt", folder / "LICENSE")
    safetensors(folder / "transformer" / "diffusion_pytorch_model.safetensors", {"format": "pt", "modelspec.license": "cc-by-nc-4.0"})
    safetensors(folder / "text_encoder" / "model.safetensors", {"format": "pt"})
    safetensors(folder / "vae" / "diffusion_pytorch_model.safetensors", {"format": "pt"})
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - path: models/pipe\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "models.lock"), "--format", "json"])
    assert result.exit_code == 1
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert checkpoint["verdict"] == "denied" and "cc-by-nc-4.0" in checkpoint["license"]["applies"]
    assert any("transformer/diffusion_pytorch_model.safetensors header declares 'cc-by-nc-4.0' but the card declares apache-2.0" in c
               for c in checkpoint["conflicts"])


def test_weight_files_are_bounded_by_folder_depth_count_and_links(tmp_path):
    for name in [f"model-{i:05d}-of-00030.safetensors" for i in range(1, 31)]:
        (tmp_path / name).write_bytes(b"")
    for sub in ("unet", "unet/fp16", "unet/fp16/deeper", ".git"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        (tmp_path / sub / "diffusion_pytorch_model.safetensors").write_bytes(b"")
    (tmp_path / "unet" / "notes.txt").write_text("not a weight file")
    (tmp_path / "elsewhere").symlink_to(tmp_path / "unet", target_is_directory=True)
    names = [name for name, _ in weight_files(tmp_path)]
    # four shards of the top-level model (its shards carry the same metadata), then each subfolder's
    assert names == [f"model-{i:05d}-of-00030.safetensors" for i in range(1, 5)] + [
        "unet/diffusion_pytorch_model.safetensors", "unet/fp16/diffusion_pytorch_model.safetensors"]
    for i in range(20):
        (tmp_path / f"part{i:02d}").mkdir()
        (tmp_path / f"part{i:02d}" / "model.safetensors").write_bytes(b"")
    assert len(weight_files(tmp_path)) == MAX_WEIGHT_FILES
    # a file the caller may not read (a link out of the project) is passed over
    assert all(not name.startswith("unet/") for name, _ in weight_files(tmp_path, lambda path: "unet" not in path.parts))


def test_header_bytes_are_bounded_per_checkpoint(tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        safetensors(tmp_path / f"{name}.safetensors", {"license": "mit", "padding": "x" * 300})
    size = (tmp_path / "a.safetensors").stat().st_size - 2     # the header: 8-byte length and JSON
    monkeypatch.setattr(weights, "MAX_HEADER_BYTES_READ", 2 * size + 10)
    read = weights.read_weight_headers(weight_files(tmp_path))
    assert read.licenses == (("a.safetensors", "mit"), ("b.safetensors", "mit"))
    assert len(read.problems) == 1
    assert read.problems[0].startswith("c.safetensors: header not read: larger than the 10 bytes licscan had left to read")
    # nothing left: the next header is named as not read, not opened
    monkeypatch.setattr(weights, "MAX_HEADER_BYTES_READ", 2 * size)
    problems = weights.read_weight_headers(weight_files(tmp_path)).problems
    assert len(problems) == 1 and problems[0].startswith("c.safetensors: header not read: licscan reads at most ")
