"""review53's false allows in lineage and in the access gate's links (acc54).

1. A "Base model:" line not written as a bare org/X beside a card's own license was not followed: a Hub address
   ("Base model: https://huggingface.co/acme/secret-nc-7b": base_ids._A_SITE took huggingface.co for another site), a
   link whose words are not the id ("[secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)": its target is), a table
   row ("| Base model | acme/secret-nc-7b |"), a label in another language ("基础模型：acme/secret-nc-7b": phrases.yaml
   base_model_labels) and the line in the card's translation (README_zh.md). A local path, another site, the model
   itself, a dataset's Hub address and "Base model: none" stay as they were.
2. "converted from" names the base as "quantized from" does ("This model was converted from Llama-2-7b-chat to ONNX."):
   the family's license applies; "converted from PyTorch to ONNX" names none.
3. A gate that has the user accept a license by a link into the repository to a file that is not there ("accept the
   [Acme Model License](LICENSE_WEIGHTS.md)") is terms licscan did not read: unknown. A link to the LICENSE read stays.
4. The files read for what they hold were the first 8 by name: a WEIGHTS.md holding CC BY-NC 4.0 after nine documents was
   never read. Names that speak of weights, a model, terms or a license are read first, and the files left past the cap
   are named in a note (not a problem: a repository of many documents is not incomplete for it).

The cards are review53's (local folders, judged under the card's MIT license, license_texts/mit.txt); the base
acme/secret-nc-7b is not on the fake Hub, so a card that follows it is unknown offline.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.evaluate import Result
from tests.test_acc28_lineage_files import TEXTS, judge

CARD = """---
license: mit{extra}
---

# Acme-7B

Acme-7B is a 7B text model trained by Acme Labs.

## Usage

```python
from transformers import AutoModel
m = AutoModel.from_pretrained('acme/Acme-7B')
```

{line}
"""
UNREAD_BASE = "base model acme/secret-nc-7b could not be checked"


def _folder(tmp_path: Path, line: str, files: dict[str, str] | None = None, extra: str = "",
            license_file: str | None = "mit.txt") -> Path:
    folder = tmp_path / "Acme-7B"
    folder.mkdir()
    (folder / "README.md").write_text(CARD.format(line=line, extra=extra), encoding="utf-8")
    if license_file:
        shutil.copyfile(TEXTS / license_file, folder / "LICENSE")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _reasons(result: Result) -> str:
    return " | ".join(result.reasons)


@pytest.mark.parametrize("line", [
    "- **Base model:** https://huggingface.co/acme/secret-nc-7b",                               # c064
    "Base model: https://huggingface.co/acme/secret-nc-7b",                                     # c139
    "Base model: hf.co/acme/secret-nc-7b",
    "- **Base model:** [secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)",              # c140
    "| Base model | acme/secret-nc-7b |",                                                      # c066
    "| **Base Model** | [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b) |",      # c142
    "基础模型：acme/secret-nc-7b",                                                               # c067
    "Basismodell: acme/secret-nc-7b",
])
def test_a_base_model_line_however_written_is_followed(tmp_path: Path, line: str) -> None:
    result = judge(_folder(tmp_path, line), "acme/Acme-7B")
    assert result.verdict == "unknown", _reasons(result)
    assert UNREAD_BASE in _reasons(result)


def test_the_base_model_line_of_the_cards_translation_is_followed(tmp_path: Path) -> None:   # c068
    readme_zh = "# Acme-7B\n\nAcme-7B 是 Acme Labs 训练的 7B 文本模型。\n\n- **Base Model:** acme/secret-nc-7b\n"
    result = judge(_folder(tmp_path, "", {"README_zh.md": readme_zh}), "acme/Acme-7B")
    assert result.verdict == "unknown", _reasons(result)
    assert UNREAD_BASE in _reasons(result)


@pytest.mark.parametrize("line", [
    "- **Base model:** /home/me/models/secret-nc-7b",                                          # a local path
    "- **Base model:** https://github.com/acme/secret-nc-7b",                                  # another site
    "- **Base model:** https://huggingface.co/acme/Acme-7B",                                   # the model itself
    "- **Base model:** [Acme-7B](https://huggingface.co/acme/Acme-7B)",
    "- **Base model:** https://huggingface.co/datasets/acme/pile-clean",                       # a dataset
    "- **Base model:** none",
    "| Base model | None (trained from scratch) |",
    "基础模型：无（从头训练）",
])
def test_a_line_that_names_no_other_hub_model_stays_allowed(tmp_path: Path, line: str) -> None:
    result = judge(_folder(tmp_path, line), "acme/Acme-7B")
    assert result.verdict == "allowed", _reasons(result)


@pytest.mark.parametrize("line", [
    "This model was converted from Llama-2-7b-chat to ONNX.",                                  # c144
    "Converted from: Llama-2-7b-chat",                                                         # c058
])
def test_converted_from_a_family_gives_the_familys_license(tmp_path: Path, line: str) -> None:
    result = judge(_folder(tmp_path, line, license_file=None), "acme/Acme-7B")
    assert result.verdict == "conditional", _reasons(result)
    assert "llama2" in result.classification.candidates


def test_converted_from_a_framework_names_no_base(tmp_path: Path) -> None:
    result = judge(_folder(tmp_path, "This model was converted from PyTorch to ONNX.", license_file=None), "acme/Acme-7B")
    assert result.verdict == "allowed", _reasons(result)


@pytest.mark.parametrize("prompt", [
    "To access this model you must accept the [Acme Model License](LICENSE_WEIGHTS.md).",      # c029
    "You must agree to the [model license](./MODEL_LICENSE.md) to access the weights.",        # c138
])
def test_a_gate_accepting_a_repository_file_that_is_not_there_is_unknown(tmp_path: Path, prompt: str) -> None:
    result = judge(_folder(tmp_path, "", extra=f"\nextra_gated_prompt: {prompt}"), "acme/Acme-7B")
    assert result.verdict == "unknown", _reasons(result)
    assert "did not read" in _reasons(result)


def test_a_gate_accepting_the_license_file_read_stays_allowed(tmp_path: Path) -> None:   # c137
    prompt = "To access this model you must accept the [Acme Model License](LICENSE)."
    result = judge(_folder(tmp_path, "", extra=f"\nextra_gated_prompt: {prompt}"), "acme/Acme-7B")
    assert result.verdict == "allowed", _reasons(result)


DOCS = ["ARCHITECTURE", "BENCHMARKS", "DEPLOYMENT", "FAQ", "INSTALL", "QUICKSTART", "RESULTS", "SAFETY", "TUNING"]


def _docs() -> dict[str, str]:
    return {f"{name}.md": f"# {name}\n\nNotes on {name.lower()} for Acme-7B.\n" for name in DOCS}


def test_a_weights_file_after_many_documents_is_read(tmp_path: Path) -> None:   # c014
    by_nc = (TEXTS / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")
    result = judge(_folder(tmp_path, "", {**_docs(), "WEIGHTS.md": by_nc}), "acme/Acme-7B")
    assert result.verdict == "denied", _reasons(result)
    assert "WEIGHTS.md matches cc-by-nc-4.0" in _reasons(result)
    assert "not read for a license's words past the cap of 8" in _reasons(result)


def test_many_documents_are_a_note_not_a_problem(tmp_path: Path) -> None:
    result = judge(_folder(tmp_path, "", {**_docs(), "USAGE_NOTES.md": "# Usage\n\nRun it on one GPU.\n"}), "acme/Acme-7B")
    assert result.verdict == "allowed", _reasons(result)
    assert result.evidence.complete
    assert "2 more small text files not read for a license's words past the cap of 8" in _reasons(result)


def test_every_ascii_spelling_of_a_foreign_base_model_label_opens_the_label_reader():
    # a card of ASCII text is read for another language's "Base model:" label only when base_ids' gate finds one of its
    # ASCII labels (the classifier package stays unimported otherwise): every string the data's labels match that is
    # ASCII must pass that gate, else a label added to phrases.yaml would be read on non-ASCII cards only
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from licscan.base_ids import _ASCII_FOREIGN_LABEL
    from licscan.classify.card_words import load_card_words

    labels = load_card_words().base_model_labels

    @settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.from_regex(f"(?:{labels})", fullmatch=True))
    def ascii_ones_pass(label: str) -> None:
        if label.isascii():
            assert _ASCII_FOREIGN_LABEL.search(label), label

    ascii_ones_pass()
