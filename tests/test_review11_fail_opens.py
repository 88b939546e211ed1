"""Restricted checkpoints the eleventh review found passing, each on the real BERT card (license: apache-2.0 and
its Apache LICENSE, allowed as it is) or a real card of benchmarks/real_cards, with real license texts: a License
line or section naming a stricter license, a license_link to another repo's LICENSE, a NOTICE listing
non-commercial weights it bundles, waivers outliving the evidence they were approved for or matching another
service's folder, and license files named in other languages or COPYRIGHT / LEGAL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.model import Ancestor
from tests.test_card_text_reading import _judge, bert, case
from tests.test_real_card_gaps import CASES, judge, license_text

NC = license_text("cc-by-nc-4.0.txt")
# a credit line of Qwen-7B-Chat's real NOTICE: names a holder, states no terms
NVIDIA_CREDIT = next(line for line in (CASES / "Qwen__Qwen-7B-Chat" / "files" / "NOTICE").read_text(encoding="utf-8").splitlines()
                     if line.startswith("Copyright (c) 2022, NVIDIA CORPORATION. All rights reserved.")) + "\n"


# --- 5. license files named in other languages, COPYRIGHT and LEGAL ------------------------------------------


@pytest.mark.parametrize("name", ["COPYRIGHT", "COPYRIGHT.txt", "LEGAL.md", "LICENCIA.md", "LICENÇA.md", "LICENZA.txt", "LIZENZ"])
def test_a_license_file_named_copyright_legal_or_license_in_another_language_is_read(tmp_path, name):
    result = bert(tmp_path, files={name: NC})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_a_copyright_file_that_only_credits_a_holder_changes_nothing(tmp_path):
    # read as a NOTICE is: a credit line beside the Apache LICENSE is no license of its own
    result = bert(tmp_path, files={"COPYRIGHT": NVIDIA_CREDIT})
    assert result.verdict == "allowed", result.reasons
    assert any(f.name == "COPYRIGHT" for f in result.evidence.files)


def test_a_data_file_with_legal_in_its_name_is_not_read(tmp_path):
    result = bert(tmp_path, files={"legal_qa_examples.txt": NC})
    assert result.verdict == "allowed" and not any(f.name == "legal_qa_examples.txt" for f in result.evidence.files)


# --- 1. the card's own License line or section names a stricter license ------------------------------------


@pytest.mark.parametrize("appended", [
    "\n## License\n\nCC BY-NC 4.0\n",
    "\n## License\n\ncc-by-nc-4.0\n",
    "\n**License:** CC BY-NC 4.0\n",
    "\nLicense: CC BY-NC 4.0\n",
    "\n## License\n\n[CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/)\n",
    "\n## License\n\nThis project is licensed under CC BY-NC 4.0.\n",
    "\n| Property | Value |\n|---|---|\n| License | CC BY-NC 4.0 |\n",
])
def test_a_license_line_naming_a_stricter_license_of_nothing_else_applies(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons
    assert any("license line" in r and "cc-by-nc-4.0" in r for r in result.reasons)


def test_a_license_section_naming_a_llama_license_beside_apache_applies(tmp_path):
    result = bert(tmp_path, "\n## License\n\nLlama 3.1 Community License\n")
    assert "llama3.1" in result.classification.candidates and result.verdict != "allowed", result.reasons


def test_a_license_section_of_a_card_without_front_matter_beside_an_apache_license_applies(tmp_path):
    card = (CASES / "google-bert__bert-base-uncased" / "files" / "README.md").read_text(encoding="utf-8")
    body = card.split("\n---\n", 1)[1]
    (tmp_path / "README.md").write_text(body + "\n## License\n\nCC BY-NC 4.0\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((CASES / "google-bert__bert-base-uncased" / "files" / "LICENSE").read_bytes())
    result = _judge(tmp_path)
    assert result.evidence.card.licenses == () and result.verdict == "denied", result.reasons


@pytest.mark.parametrize("appended", [
    "\n## License\n\nThe code is released under CC BY-NC 4.0.\n",
    "\n## Dataset license\n\nCC BY-NC 4.0\n",
    "\n## License\n\nThe demo app: CC BY-NC 4.0\n",
    "\n## License\n\nThe training code is released under:\n\nCC BY-NC 4.0\n",
    "\n## License\n\n- Apache 2.0 weights in this repository\n- CC BY-NC 4.0 dependency in espeak-ng\n",
])
def test_a_license_line_that_says_it_covers_something_else_stays_a_question(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict == "conditional" and "cc-by-nc-4.0" not in result.classification.candidates, result.reasons
    assert any("cc-by-nc-4.0" in note and "confirm which applies" in note for note in result.classification.notes)


def test_real_license_sections_naming_other_models_or_dependencies_add_no_license():
    # DeepSeek-R1: "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under
    # [llama3.1 license]" is another repo's; Kokoro-82M: "- GPLv3 dependency in espeak-ng" is a dependency's
    deepseek, kokoro = case("deepseek-ai__DeepSeek-R1"), case("hexgrad__Kokoro-82M")
    assert deepseek.classification.candidates == ("mit",) and deepseek.verdict == "conditional", deepseek.reasons
    assert "gpl-3.0" not in kokoro.classification.candidates and kokoro.verdict == "conditional", kokoro.reasons


def test_a_real_license_section_naming_the_flux_dev_license_beside_openrail_metadata_applies():
    # "## License ... - **License Name:** flux-1-dev-non-commercial-license" beside `license: creativeml-openrail-m`
    result = case("enhanceaiteam__Flux-Uncensored-V2")
    assert "flux1-dev-noncommercial" in result.classification.candidates and result.verdict == "denied", result.reasons


# --- 4. waivers: for the evidence and the folder they were written for -------------------------------------

WAIVER = "  - id: {id}\n    reason: internal demo only; not shipped (LEGAL-142)\n    approved_by: jane.doe@acme.example\n    expires: 2999-12-31\n"
MANIFEST = "version: 1\nproject: {name: r, use: commercial}\nmodels:\n  - path: models/demo\n"


def _demo(folder: Path, license_file: str) -> None:
    """The real BERT card beside a real license text: denied for commercial use."""
    (folder / "models" / "demo").mkdir(parents=True)
    (folder / "models" / "demo" / "README.md").write_bytes((CASES / "google-bert__bert-base-uncased" / "files" / "README.md").read_bytes())
    (folder / "models" / "demo" / "LICENSE").write_text(license_text(license_file), encoding="utf-8")
    (folder / "models.lock").write_text(MANIFEST, encoding="utf-8")


def _check(manifest: Path, *options: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(manifest), "--format", "json", *options])
    return result.exit_code, json.loads(result.output)


def test_a_waiver_does_not_cover_license_evidence_that_changed_since_the_lock(tmp_path):
    _demo(tmp_path, "cc-by-nc-4.0.txt")
    (tmp_path / "licscan.yaml").write_text("version: 1\nwaivers:\n" + WAIVER.format(id="models/demo"), encoding="utf-8")
    assert CliRunner().invoke(main, ["lock", str(tmp_path / "models.lock")]).exit_code == 0
    code, report = _check(tmp_path / "models.lock")
    assert code == 0 and report["checkpoints"][0]["waiver"]["applied"] is True     # the evidence legal approved
    # the LICENSE is replaced by another non-commercial license: drift, and the waiver does not carry over
    (tmp_path / "models" / "demo" / "LICENSE").write_text(license_text("flux1-dev-noncommercial.txt"), encoding="utf-8")
    code, report = _check(tmp_path / "models.lock")
    checkpoint = report["checkpoints"][0]
    assert code == 1 and checkpoint["failed"] and checkpoint["waiver"]["applied"] is False
    assert any("license drift since the lock" in r for r in checkpoint["reasons"])
    assert any("waiver by jane.doe@acme.example not applied: the license evidence changed since the lock" in r for r in checkpoint["reasons"])
    # reviewed and locked again: the waiver holds for the evidence now recorded
    assert CliRunner().invoke(main, ["lock", str(tmp_path / "models.lock")]).exit_code == 0
    assert _check(tmp_path / "models.lock")[0] == 0


def test_a_root_waiver_matches_the_folder_it_names_from_the_policy_file_not_every_service_folder_of_that_name(tmp_path):
    (tmp_path / ".git").mkdir()
    _demo(tmp_path / "services" / "a", "cc-by-nc-4.0.txt")
    _demo(tmp_path / "services" / "b", "flux1-dev-noncommercial.txt")
    policy = tmp_path / "licscan.yaml"
    policy.write_text("version: 1\nwaivers:\n" + WAIVER.format(id="services/a/models/demo"), encoding="utf-8")
    for service in ("a", "b"):   # a waiver covers the evidence a lock pins (review39)
        assert CliRunner().invoke(main, ["lock", str(tmp_path / "services" / service / "models.lock")]).exit_code == 0
    code, report = _check(tmp_path / "services" / "a" / "models.lock")
    assert code == 0 and report["checkpoints"][0]["waiver"]["applied"] is True
    code, report = _check(tmp_path / "services" / "b" / "models.lock")
    assert code == 1 and report["checkpoints"][0]["waiver"] is None and report["checkpoints"][0]["failed"]
    # written as each manifest writes its entry, a root waiver waives no service's folder, and says why
    policy.write_text("version: 1\nwaivers:\n" + WAIVER.format(id="models/demo"), encoding="utf-8")
    for service in ("a", "b"):
        code, report = _check(tmp_path / "services" / service / "models.lock")
        assert code == 1 and report["checkpoints"][0]["waiver"] is None
        assert any("stale waiver: models/demo" in w and f"write services/{service}/models/demo" in w for w in report["warnings"])


def test_a_waiver_beside_the_manifest_still_names_its_folder_as_the_manifest_writes_it(tmp_path):
    _demo(tmp_path, "cc-by-nc-4.0.txt")
    (tmp_path / "licscan.yaml").write_text("version: 1\nwaivers:\n" + WAIVER.format(id="./models/demo/"), encoding="utf-8")
    assert CliRunner().invoke(main, ["lock", str(tmp_path / "models.lock")]).exit_code == 0   # review39: pinned evidence
    code, report = _check(tmp_path / "models.lock")
    assert code == 0 and report["checkpoints"][0]["waiver"]["applied"] is True and report["warnings"] == []


# --- 3. a notice listing bundled model weights under a restricting license ---------------------------------

GPL3 = license_text("gpl-3.0.txt")


@pytest.mark.parametrize(("name", "notice"), [
    ("ThirdPartyNotices.txt", "THIRD-PARTY SOFTWARE NOTICES AND INFORMATION\n\nThis repository includes the components listed below.\n\n"
                              "1. Vocoder weights (vocoder/generator.safetensors), from the Acme Vocoder project\n\n" + NC),
    ("NOTICE", "NOTICE\n\nThis repository bundles the following third-party model, whose weights are included in vocoder/:\n\n"
               "Acme Vocoder, licensed under the Creative Commons Attribution-NonCommercial 4.0 International license:\n\n" + NC),
    ("NOTICE", "This repository includes third-party components:\n\n- Vocoder weights (vocoder/generator.safetensors)\n  License: CC BY-NC 4.0\n"),
], ids=["third-party-notices-full-text", "notice-full-text", "notice-name-only"])
def test_a_notice_listing_bundled_model_weights_under_a_non_commercial_license_restricts_the_checkpoint(tmp_path, name, notice):
    result = bert(tmp_path, files={name: notice})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons
    assert any("bundled model weights" in r for r in result.reasons)


@pytest.mark.parametrize("notice", [
    "THIRD-PARTY SOFTWARE NOTICES AND INFORMATION\n\n1. espeak-ng (library), used by the phonemizer code\n\n" + GPL3,
    "THIRD-PARTY SOFTWARE NOTICES AND INFORMATION\n\n1. Acme tokenizer code (tokenizer/acme.py)\n\n" + NC,
], ids=["gpl-library", "non-commercial-tokenizer-code"])
def test_a_notice_listing_bundled_software_keeps_its_license_a_component_license(tmp_path, notice):
    result = bert(tmp_path, files={"ThirdPartyNotices.txt": notice})
    assert result.verdict == "allowed" and len(result.classification.candidates) == 1, result.reasons
    assert result.classification.components in (("gpl-3.0",), ("cc-by-nc-4.0",))


def test_a_notice_listing_a_restricted_component_without_saying_what_it_is_is_unknown(tmp_path):
    notice = "THIRD-PARTY NOTICES\n\nThis repository includes the components listed below.\n\n1. Acme Vocoder\n\n" + NC
    result = bert(tmp_path, files={"ThirdPartyNotices.txt": notice})
    assert result.verdict == "unknown" and any("does not say is software or model weights" in r for r in result.reasons)


def test_the_real_qwen_notice_of_bundled_code_licenses_stays_component_licenses():
    result = case("Qwen__Qwen-7B-Chat")
    assert set(result.classification.components) >= {"mit", "bsd-3-clause"}
    assert not {"mit", "bsd-3-clause"} & set(result.classification.candidates), result.reasons


# --- 2. a license_link to a file of another Hub repository ------------------------------------------------

QWEN_LICENSE_LINK = "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE"   # mlx-community's Qwen cards give it
UNREAD = "the card's license_link points to LICENSE of another repository, Qwen/Qwen2.5-7B-Instruct, which licscan did not read"


@pytest.mark.parametrize("declared", ["apache-2.0", "other"])
def test_a_license_link_to_another_repos_file_that_was_not_read_makes_the_checkpoint_unknown(tmp_path, declared):
    result = bert(tmp_path, front_matter=f"license_link: {QWEN_LICENSE_LINK}\n")
    if declared == "other":
        card = (tmp_path / "README.md").read_text(encoding="utf-8").replace("license: apache-2.0\n", "license: other\n", 1)
        (tmp_path / "README.md").write_text(card, encoding="utf-8")
        result = _judge(tmp_path)
    assert result.verdict == "unknown" and result.reasons[0].startswith(UNREAD), result.reasons


def test_a_license_link_licscan_knows_by_its_url_applies_that_license(tmp_path):
    result = bert(tmp_path, front_matter="license_link: https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md\n")
    assert result.verdict == "denied" and "flux1-dev-noncommercial" in result.classification.candidates, result.reasons
    assert not any("did not read" in r for r in result.reasons)


def test_a_license_link_to_a_base_model_read_for_the_lineage_is_read():
    # mlx-community/Qwen2.5-7B-Instruct-4bit: `license: apache-2.0`, license_link to its base's LICENSE
    base = Ancestor("Qwen/Qwen2.5-7B-Instruct", "quantized", 1, "apache-2.0", "permissive", via="mlx-community/Qwen2.5-7B-Instruct-4bit")
    assert judge("mlx-community__Qwen2.5-7B-Instruct-4bit", (base,)).verdict == "allowed"
    unread = judge("mlx-community__Qwen2.5-7B-Instruct-4bit")         # --no-lineage: the linked file is not read
    assert unread.verdict == "unknown" and any(r.startswith(UNREAD) for r in unread.reasons)


def test_a_license_link_to_the_checkpoints_own_file_it_carries_is_read():
    # playgroundai/playground-v2-1024px-aesthetic links to its own LICENSE.md, which the copy carries
    result = judge("playgroundai__playground-v2-1024px-aesthetic")
    assert result.verdict == "conditional" and not any("did not read" in r for r in result.reasons), result.reasons


def test_a_license_section_sentence_naming_the_license_applies_beside_a_sentence_about_something_else(tmp_path):
    result = bert(tmp_path, "\n## License\n\nCC BY-NC 4.0. For commercial applications, please contact us.\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons
