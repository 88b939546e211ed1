"""review52's false allows from files licscan did not read (ACC52), end to end through the CLI, beside an MIT LICENSE and
`license: mit` (licscan's verbatim license texts; the cards are review52's own short prose):

1. the card in another language or under another name (README_zh.md, README_CN.md, README_EN.md, README_JA.md,
   MODEL_CARD.md) is read as the card's words are, and what it says of the weights counts, with the file named;
2. a license text under a name no rule knew ("LICENSING", "legalcode.txt", "WEIGHTS.md", "by-nc.txt",
   "legal/weights.txt") is read: by its name (licensing, legalcode) or, a small text file at the top or in legal/, for
   what it holds;
3. a card that links to "LICENSE.pdf" it does not have, beside a LICENSE, points to terms that could not be read.
Each twin keeps its verdict: a translation that says what README.md says, a real model card's safety subcard (nvidia's
safety.md, which names the licenses) that is no license text, a link to "LICENSE.md" beside the LICENSE.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.own_licenses import check_json

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
SAFETY = ROOT / "benchmarks/real_cards/cases/nvidia__Llama-3.1-Nemotron-Nano-8B-v1/files/safety.md"
BODY = ("# Acme-7B\n\nAcme-7B is a 7B text model trained by Acme Labs.\n\n## Usage\n\n```python\n"
        "from transformers import AutoModel\nm = AutoModel.from_pretrained('acme/Acme-7B')\n```\n")


def project(root: Path, cases: dict[str, tuple[str, dict[str, str | Path]]]) -> dict[str, dict]:
    """One checkpoint per case: a README.md (`license: mit`, the body given), an MIT LICENSE, and files: a text written
    as given, or a file copied (a Path: licscan's license texts, a real card's file). The report's results by case."""
    (root / ".git").mkdir(exist_ok=True)
    for name, (body, files) in cases.items():
        where = root / "models" / name
        where.mkdir(parents=True)
        (where / "README.md").write_text(f"---\nlicense: mit\n---\n\n{body}\n", encoding="utf-8")
        shutil.copyfile(TEXTS / "mit.txt", where / "LICENSE")
        for file, text in files.items():
            (where / file).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, Path):
                shutil.copyfile(text, where / file)
            else:
                (where / file).write_text(text, encoding="utf-8")
    (root / "models.lock").write_text("version: 1\nproject:\n  name: acc52\n  use: commercial\nmodels:\n"
                                      + "".join(f"  - path: models/{n}\n" for n in cases), encoding="utf-8")
    _, report = check_json(root, "--no-lineage")
    return {c["id"].rsplit("/", 1)[-1]: c for c in report["checkpoints"]}


# --- 1. the card in another language ------------------------------------------------------------------------------------

TRANSLATIONS = {
    "readme-zh": (BODY, {"README_zh.md": "# Acme-7B\n\n本模型权重仅限学术研究使用，禁止用于任何商业用途。\n"}),
    "readme-cn": (BODY + "\n[中文](README_CN.md)\n", {"README_CN.md": "# Acme-7B\n\n## 协议\n\n模型权重仅供学术研究使用，如需商用请联系我们。\n"}),
    "readme-zh-license": (BODY, {"README_zh.md": "# Acme-7B\n\n## 许可证\n\n模型权重采用 CC BY-NC 4.0 许可证发布。\n"}),
    "readme-en-of-zh": ("# Acme-7B\n\n本仓库包含 Acme-7B 的模型权重。\n",
                        {"README_EN.md": "# Acme-7B\n\n## License\n\nThe weights are for non-commercial research use only.\n"}),
    "readme-ja": (BODY, {"README_JA.md": "# Acme-7B\n\n## ライセンス\n\n商用利用は禁止します。\n"}),
    "model-card": (BODY, {"MODEL_CARD.md": "# Model Card for Acme-7B\n\n**License:** CC BY-NC 4.0\n"}),
}


def test_the_card_in_another_language_or_name_is_read_as_the_card(tmp_path):
    found = project(tmp_path, TRANSLATIONS)
    for name, result in found.items():
        file = next(iter(TRANSLATIONS[name][1]))
        assert result["verdict"] == "denied", (name, result["verdict"], result["reasons"])
        assert any(file in reason for reason in result["reasons"]), (name, result["reasons"])


def test_a_translation_that_says_what_the_card_says_changes_nothing(tmp_path):
    found = project(tmp_path, {
        "same": (BODY + "\n## License\n\nThe weights are released under the MIT License.\n",
                 {"README_zh.md": "# Acme-7B\n\n## 许可证\n\n模型权重采用 MIT 许可证发布。\n",
                  "README_en.md": "# Acme-7B\n\n## License\n\nThe weights are released under the MIT License.\n"}),
    })
    assert found["same"]["verdict"] == "allowed", found["same"]["reasons"]
    assert not found["same"]["conflicts"], found["same"]["conflicts"]


# --- 2. a license text under a name of its own ---------------------------------------------------------------------------

NC = TEXTS / "cc-by-nc-4.0.txt"
NAMES = ("LICENSING", "LICENSING.md", "legalcode.txt", "weights/legalcode.txt", "docs/cc_by_nc_4.0_legalcode.txt",
         "by-nc.txt", "legal/weights.txt", "WEIGHTS.md")


def test_a_license_text_under_a_name_of_its_own_is_read(tmp_path):
    found = project(tmp_path, {name.replace("/", "-").replace(".", "-"): (BODY, {name: NC}) for name in NAMES})
    for name in NAMES:
        result = found[name.replace("/", "-").replace(".", "-")]
        assert result["verdict"] == "denied", (name, result["verdict"], result["reasons"])
        assert "cc-by-nc-4.0" in result["license"]["applies"], (name, result["license"])
        assert any(f"{name} matches cc-by-nc-4.0" in reason for reason in result["reasons"]), (name, result["reasons"])


def test_a_document_read_for_what_it_holds_is_no_license_unless_it_holds_one(tmp_path):
    # nvidia's safety subcard names the NVIDIA Open Model License and Llama 3.1's: a document, not a license file
    found = project(tmp_path, {"safety": (BODY, {"safety.md": SAFETY}),
                               "notes": (BODY, {"NOTES.md": "# Notes\n\nThe training code is MIT licensed; see LICENSE.\n"})})
    for name, result in found.items():
        assert result["verdict"] == "allowed", (name, result["verdict"], result["reasons"])
        assert not result["conflicts"], (name, result["conflicts"])


# --- 3. a linked PDF the checkpoint does not have ------------------------------------------------------------------------

def test_a_linked_license_pdf_that_is_missing_is_not_the_license_file_beside_it(tmp_path):
    found = project(tmp_path, {
        "pdf": (BODY + "\n## License\n\nSee [LICENSE.pdf](./LICENSE.pdf) for the model license.\n", {}),
        "md": (BODY + "\n## License\n\nSee [LICENSE.md](./LICENSE.md) for the model license.\n", {}),
    })
    assert found["pdf"]["verdict"] == "unknown", found["pdf"]["reasons"]
    assert any("LICENSE.pdf" in reason for reason in found["pdf"]["reasons"]), found["pdf"]["reasons"]
    assert found["md"]["verdict"] == "allowed", found["md"]["reasons"]   # a LICENSE.md link beside the LICENSE, as before
