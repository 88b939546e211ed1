"""acc29: the weight files past the header caps (4 a folder, 16 a checkpoint) are read lightly, not passed over.

A folder of one model's quantizations (model.IQ2_M.gguf ... model.Q8_0.gguf, 20 files as bartowski's and TheBloke's
repositories lay them out) was `unknown` after acc28 for the 16 headers it left unread. Each file past the caps is now
read up to its first tokenizer key (GGUF) or to the end of a leading __metadata__ (safetensors), within its first
64 KiB: a license one of them declares still counts, and one whose keys do not end there is still named as not read.
The GGUF headers are laid out as llama.cpp's converter writes them (general.*, the architecture's keys, the tokenizer's
vocabulary, then general.quantization_version), with a vocabulary larger than the light read's 64 KiB.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

from licscan.model import GGUF_BASE_KEY
from licscan.sources import weights
from licscan.sources.weights import LIGHT_HEADER_BYTES, MAX_WEIGHT_FILES_PER_FOLDER, read_weight_headers, weight_files
from tests.test_acc28_lineage_files import checkpoint, judge, verdict
from tests.test_weights import gguf

# bartowski's quantizations of one model, 20 files
QUANTS = ["IQ2_M", "IQ3_M", "IQ3_XS", "IQ4_XS", "Q2_K", "Q2_K_L", "Q3_K_L", "Q3_K_M", "Q3_K_S", "Q3_K_XL",
          "Q4_0", "Q4_K_L", "Q4_K_M", "Q4_K_S", "Q5_K_L", "Q5_K_M", "Q5_K_S", "Q6_K", "Q6_K_L", "Q8_0"]
VOCABULARY = [f"tok{index}" for index in range(8000)]    # about 110 KB of header: past the light read's 64 KiB


def quant_header(quant: str, license_id: str | None = "apache-2.0", description: str | None = None,
                 base_url: str | None = None) -> dict[str, object]:
    general: dict[str, object] = {"general.architecture": "llama", "general.type": "model", "general.name": "Helper 8B",
                                  "general.size_label": "8B"}
    if description is not None:
        general["general.description"] = description
    if license_id is not None:
        general["general.license"] = license_id
    if base_url is not None:
        general.update({"general.base_model.count": 1, "general.base_model.0.repo_url": base_url})
    return {**general, "general.tags": ["text-generation"], "llama.block_count": 32, "llama.context_length": 8192,
            "general.file_type": 15, "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.tokens": VOCABULARY,
            "tokenizer.ggml.bos_token_id": 1, "general.quantization_version": 2, "quantize.imatrix.file": f"helper-8b-{quant}.dat"}


def quant_folder(folder: Path, **changed: dict[str, object]) -> Path:
    checkpoint(folder, "apache-2.0.txt", "apache-2.0", {})
    for quant in QUANTS:
        gguf(folder / f"helper-8b-{quant}.gguf", changed.get(quant, quant_header(quant)))
    return folder


def safetensors_header(path: Path, metadata: dict[str, str] | None, tensors: int = 900, metadata_first: bool = True) -> None:
    """A safetensors file's header as the safetensors library writes it (__metadata__ first, then every tensor's entry;
    900 tensors: about 100 KB, a 7B model's size), and no tensor data."""
    entries: dict[str, object] = {f"model.layers.{i // 9}.w{i % 9}.weight": {"dtype": "BF16", "shape": [4096, 4096],
                                                                              "data_offsets": [0, 0]} for i in range(tensors)}
    header = {"__metadata__": metadata, **entries} if metadata_first else {**entries, "__metadata__": metadata}
    raw = json.dumps(header if metadata is not None else entries, separators=(",", ":")).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw)


def test_twenty_quantizations_of_one_model_are_all_read_and_allowed_as_their_license_says(tmp_path):
    folder = quant_folder(tmp_path / "quants")
    assert (folder / "helper-8b-Q8_0.gguf").stat().st_size > LIGHT_HEADER_BYTES
    assert len(weight_files(folder)) == MAX_WEIGHT_FILES_PER_FOLDER
    result = judge(folder)
    assert verdict(result) == ("allowed", "apache-2.0") and result.evidence.complete
    assert sorted(result.evidence.weight_licenses) == sorted((f"helper-8b-{quant}.gguf", "apache-2.0") for quant in QUANTS)
    assert not any("not read" in problem for problem in result.evidence.problems)


def test_a_quantization_past_the_old_cap_that_says_cc_by_nc_is_denied(tmp_path):
    # review25's d-gguf-many: the 18th quant said cc-by-nc-4.0
    eighteenth = QUANTS[17]
    folder = quant_folder(tmp_path / "quants", **{eighteenth: quant_header(eighteenth, "cc-by-nc-4.0")})
    assert f"helper-8b-{eighteenth}.gguf" not in [name for name, _ in weight_files(folder)]
    result = judge(folder)
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates
    assert (f"helper-8b-{eighteenth}.gguf", "cc-by-nc-4.0") in result.evidence.weight_licenses
    # a base model recorded past the old cap is lineage too
    based = quant_folder(tmp_path / "based", Q8_0=quant_header("Q8_0", base_url="https://huggingface.co/meta-llama/Llama-3.1-8B"))
    headers = read_weight_headers(*_listed(based))
    # (the other files' general.name "Helper 8B" is recorded too, as a name: acc30)
    assert [(base.file, base.value) for base in headers.bases if base.key == GGUF_BASE_KEY] == [
        ("helper-8b-Q8_0.gguf", "https://huggingface.co/meta-llama/Llama-3.1-8B")]


def test_a_quantization_whose_general_keys_do_not_end_within_the_budget_is_unknown(tmp_path):
    # a model card copied into general.description, longer than the light read, before general.license
    long = "A support assistant. " * 4000
    folder = quant_folder(tmp_path / "quants", Q8_0=quant_header("Q8_0", description=long))
    result = judge(folder)
    assert result.verdict == "unknown" and not result.evidence.complete
    unread = [problem for problem in result.evidence.problems if "weight-file headers not read" in problem]
    assert len(unread) == 1 and unread[0].startswith("helper-8b-Q8_0.gguf: ")
    # the same header among the first four, read whole: its license is read
    folder = quant_folder(tmp_path / "first", IQ2_M=quant_header("IQ2_M", description=long))
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


def test_files_past_the_light_read_cap_are_still_unknown(tmp_path, monkeypatch):
    monkeypatch.setattr(weights, "MAX_LIGHT_FILES", 10)
    folder = quant_folder(tmp_path / "quants")
    result = judge(folder)
    assert result.verdict == "unknown"
    assert any(problem.startswith("helper-8b-Q5_K_L.gguf, helper-8b-Q5_K_M.gguf, helper-8b-Q5_K_S.gguf and 3 more: "
                                  "weight-file headers not read") for problem in result.evidence.problems)


def test_safetensors_past_the_caps_are_read_up_to_a_leading_metadata(tmp_path):
    names = [f"helper-{variant}.safetensors" for variant in ("bf16", "fp16", "fp32", "fp8", "int4", "int8", "nf4")]

    def folder_of(name: str, **last: object) -> Path:
        folder = checkpoint(tmp_path / name, "apache-2.0.txt", "apache-2.0", {})
        for file in names[:-1]:
            safetensors_header(folder / file, {"format": "pt", "license": "apache-2.0"})
        safetensors_header(folder / names[-1], **{"metadata": {"format": "pt", "license": "apache-2.0"}, **last})
        return folder

    assert (folder_of("same") / names[-1]).stat().st_size > LIGHT_HEADER_BYTES
    assert verdict(judge(tmp_path / "same")) == ("allowed", "apache-2.0")
    denied = judge(folder_of("nc", metadata={"format": "pt", "license": "cc-by-nc-4.0"}))
    assert denied.verdict == "denied" and ("helper-nf4.safetensors", "cc-by-nc-4.0") in denied.evidence.weight_licenses
    # metadata written after the tensors' entries, past the 64 KiB read: not known
    late = judge(folder_of("late", metadata={"format": "pt", "license": "cc-by-nc-4.0"}, metadata_first=False))
    assert late.verdict == "unknown"
    assert any(problem.startswith("helper-nf4.safetensors: weight-file headers not read") for problem in late.evidence.problems)
    # no metadata before the tensors' entries in a header past the 64 KiB read: none may come after them, as above, so
    # that is not known either (a limit of the light read: such a file among the first four is read whole)
    assert judge(folder_of("none", metadata=None)).verdict == "unknown"
    # ... in a header within the 64 KiB, read whole: there is none
    assert verdict(judge(folder_of("small", metadata=None, tensors=90))) == ("allowed", "apache-2.0")


def _listed(folder: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    skipped: list[tuple[str, Path]] = []
    return weight_files(folder, skipped=skipped), skipped
