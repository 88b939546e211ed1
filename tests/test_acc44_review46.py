"""review46's three fail-opens (ACC44), end to end through the CLI on licscan's verbatim license texts:

1. a card that says its weights are under its base model's license and names no base licscan reads is unknown, not
   allowed under the license it declares or ships; where a base is named (base_model, a family in its words), lineage
   decides as before;
2. a use policy that comes with one license only (the Meta Llama 3 / 3.1 / 3.2 / 3.3 / 4 Acceptable Use Policy in
   USE_POLICY.md) puts the checkpoint under that license: its MAU threshold applies, and an open license declared
   beside it is a conflict; a policy several licenses list (Llama 2's, Gemma's) stays a use policy;
3. a top-level file named after a license licscan knows ("MRL.md", "llama3.1.txt") or after terms of use
   ("RESEARCH_ONLY.md") is read, from a local folder and from the Hub (the name decides what is fetched).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.sources.collect import plan
from licscan.sources.common import is_evidence_name
from licscan.sources.listing import Listed
from tests.own_licenses import check_json

TEXTS = Path(__file__).resolve().parents[1] / "license_texts"
NO_BASE = "names no base"


def project(root: Path, cases: dict[str, tuple[str, str, dict[str, str]]], facts: str = "") -> Path:
    """A project with one checkpoint folder per case: (front matter, card body, {file name: licscan's text to copy})."""
    (root / ".git").mkdir(exist_ok=True)
    for name, (front, body, files) in cases.items():
        where = root / "models" / name
        where.mkdir(parents=True)
        (where / "README.md").write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
        for file, text in files.items():
            (where / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(TEXTS / text, where / file)
    (root / "models.lock").write_text("version: 1\nproject:\n  name: r46\n  use: commercial\n" + facts + "models:\n"
                                      + "".join(f"  - path: models/{n}\n" for n in cases), encoding="utf-8")
    return root


def results(root: Path) -> dict[str, dict]:
    _, report = check_json(root, "--no-lineage")
    return {c["id"].rsplit("/", 1)[-1]: c for c in report["checkpoints"]}


# --- 1. the weights under the base model's license, no base named ---------------------------------------------------

DEFERRING = {
    "e01": ("license: apache-2.0", "## License\n\nThe model weights follow the license of the original base model.", {}),
    "e02": ("license: mit", "## License\n\nThe code is MIT licensed. For the model weights, please refer to the license of the "
            "original model.", {"LICENSE": "mit.txt"}),
    "e03": ("license: apache-2.0", "## License\n\nThis model inherits the license of its base model.", {"LICENSE": "apache-2.0.txt"}),
    "e04": ("license: apache-2.0", "## License\n\nUse of the weights is subject to the license of the base model.",
            {"LICENSE": "apache-2.0.txt"}),
    "e08": ("license: apache-2.0", "# Model\n\nThe weights are released under the same license as the base model.",
            {"LICENSE": "apache-2.0.txt"}),
    "e09": ("license: mit", "## License\n\nCode: MIT. Weights: see the base model's license.", {"LICENSE": "mit.txt"}),
    "line": ("license: apache-2.0", "# Model\n\n**License:** same as the base model", {"LICENSE": "apache-2.0.txt"}),
}


def test_weights_under_the_base_models_license_with_no_base_named_are_unknown(tmp_path):
    found = results(project(tmp_path, DEFERRING))
    for name, result in found.items():
        assert result["verdict"] == "unknown" and result["failed"], (name, result["verdict"], result["reasons"])
        assert "unknown" in result["license"]["applies"], name
        assert any(NO_BASE in c and "declare base_model" in c for c in result["conflicts"]), (name, result["conflicts"])


def test_a_named_base_still_decides_and_a_named_license_is_read(tmp_path):
    sentence = "The model weights follow the license of the original base model."
    found = results(project(tmp_path, {
        # base_model declared: lineage decides (not followed here: --no-lineage), nothing said of a missing base
        "declared": ("license: apache-2.0\nbase_model: Qwen/Qwen2.5-7B", f"## License\n\n{sentence}", {"LICENSE": "apache-2.0.txt"}),
        # a family named in the prose: its license applies (Llama 3.1: conditional)
        "family": ("license: apache-2.0", f"This model was fine-tuned from Llama-3.1-8B.\n\n## License\n\n{sentence}",
                   {"LICENSE": "apache-2.0.txt"}),
        # a family whose license the card's own covers gives no candidate of its own: named all the same
        "covered": ("license: apache-2.0", "This model was fine-tuned from Qwen2.5-7B. The weights are released under the "
                    "same license as the base model.", {"LICENSE": "apache-2.0.txt"}),
        # the sentence names the license: it is that license's ("Apache 2.0, like its base model")
        "named": ("license: apache-2.0", "Fine-tuned from Qwen2.5-7B. Apache 2.0, like its base model.", {"LICENSE": "apache-2.0.txt"}),
        "named-nobase": ("license: apache-2.0", "The weights are released under Apache 2.0, like its base model.",
                         {"LICENSE": "apache-2.0.txt"}),
        "named-first": ("license: apache-2.0", "## License\n\nApache-2.0, inheriting the base model's license.", {"LICENSE": "apache-2.0.txt"}),
        # words that turn it around
        "unlike": ("license: apache-2.0", "This model is not bound by the license of the base model; it is Apache 2.0.",
                   {"LICENSE": "apache-2.0.txt"}),
    }))
    for name, result in found.items():
        assert not any(NO_BASE in c for c in result["conflicts"]), (name, result["conflicts"])
    assert found["family"]["verdict"] == "conditional" and found["family"]["license"]["id"] == "llama3.1"
    for name in ("declared", "covered", "named", "named-nobase", "named-first", "unlike"):
        assert found[name]["verdict"] == "allowed", (name, found[name]["reasons"])


# --- 2. a use policy that comes with one license ----------------------------------------------------------------------

LLAMA3_POLICY = {"USE_POLICY.md": "llama3-aup--meta-llama-3.txt"}   # the USE_POLICY.md Meta shipped in its Llama 3 repos


@pytest.mark.parametrize("facts, verdict", [("", "conditional"), ("  monthly_active_users: 800000000\n", "denied")])
def test_a_llama_use_policy_puts_the_checkpoint_under_its_llama_license(tmp_path, facts, verdict):
    found = results(project(tmp_path, {
        "aup-only": ("license: apache-2.0", "# Model", LLAMA3_POLICY),
        "aup-31": ("license: apache-2.0", "# Model", {"USE_POLICY.md": "llama3.1-aup.txt", "LICENSE": "apache-2.0.txt"}),
        "official": ("license: llama3", "# Model", {"LICENSE": "llama3.txt", **LLAMA3_POLICY}),
    }, facts))
    only, with_31, official = found["aup-only"], found["aup-31"], found["official"]
    assert only["verdict"] == verdict and only["license"]["id"] == "llama3", only["reasons"]
    assert set(only["license"]["applies"]) == {"apache-2.0", "llama3"}
    assert any("USE_POLICY.md is the llama3-aup text, which comes only with llama3" in c and "apache-2.0" in c
               for c in only["conflicts"]), only["conflicts"]
    assert with_31["verdict"] == verdict and with_31["license"]["id"] == "llama3.1", with_31["reasons"]
    # twin: the official repo was, and stays, under llama3 alone, with no conflict
    assert official["verdict"] == verdict and official["license"]["applies"] == ["llama3"] and not official["conflicts"]


def test_a_use_policy_several_licenses_list_stays_a_use_policy(tmp_path):
    found = results(project(tmp_path, {
        "listed-twice": ("license: apache-2.0", "# Model", {"USE_POLICY.md": "llama2-aup.txt"}),          # Llama 2, Stable Beluga
        "listed-thrice": ("license: apache-2.0", "# Model", {"USE_POLICY.md": "gemma-prohibited-use.txt"}),  # three Gemma Terms
        "listed-by-none": ("license: apache-2.0", "# Model", {"USE_POLICY.md": "c4ai-aup.txt"}),             # no license lists it
    }, "  monthly_active_users: 800000000\n"))
    for name, result in found.items():
        assert result["verdict"] == "conditional" and result["license"]["applies"] == ["apache-2.0"], (name, result["reasons"])
        assert not result["conflicts"], name


# --- 3. top-level files named after a license -------------------------------------------------------------------------

def test_top_level_files_named_after_a_license_are_read(tmp_path):
    found = results(project(tmp_path, {
        "named-a": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "MRL.md": "mistral-research-license.txt"}),
        "named-b": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "llama3.1.txt": "llama3.1.txt"}),
        "named-c": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "gemma.txt": "gemma-terms.txt"}),
        "named-d": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "SAI-Community.md": "stability-community.txt"}),
        # twin: the same text deeper in the repository is not read (as before); under a name of no license at the top
        # ("NOTES.md") it is read for what it holds since acc52 (review52: "WEIGHTS.md" holding CC BY-NC 4.0 was never read)
        "deep": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "docs/MRL.md": "mistral-research-license.txt"}),
        "other-name": ("license: apache-2.0", "# Model", {"LICENSE": "apache-2.0.txt", "NOTES.md": "mistral-research-license.txt"}),
    }))
    assert found["named-a"]["verdict"] == "denied" and found["named-a"]["license"]["id"] == "mistral-research-license"
    assert found["named-b"]["verdict"] == "conditional" and found["named-b"]["license"]["id"] == "llama3.1"
    assert found["named-c"]["verdict"] == "conditional" and found["named-c"]["license"]["id"] == "gemma"
    assert found["named-d"]["license"]["id"] == "stability-community" and found["named-d"]["verdict"] != "allowed"
    assert found["deep"]["verdict"] == "allowed" and found["deep"]["license"]["applies"] == ["apache-2.0"]
    assert found["other-name"]["verdict"] == "denied" and "mistral-research-license" in found["other-name"]["license"]["applies"]


def test_the_hub_fetches_top_level_files_named_after_a_license_by_their_names():
    listing = [Listed(n, 1000) for n in ("README.md", "LICENSE", "MRL.md", "llama3.1.txt", "Llama-3.1.md", "gemma.txt",
                                         "SAI-Community.md", "RESEARCH_ONLY.md", "NONCOMMERCIAL.txt", "model.safetensors",
                                         "config.json", "tokenizer.json", "CUDA.md", "notes.md", "docs/MRL.md",
                                         "examples/research.md", "gemma.py", "generation_config.json")]
    to_read, _ = plan(listing)
    assert [item.name for item in to_read] == ["README.md", "LICENSE", "Llama-3.1.md", "MRL.md", "NONCOMMERCIAL.txt",
                                               "RESEARCH_ONLY.md", "SAI-Community.md", "gemma.txt", "llama3.1.txt"]
    assert is_evidence_name("llama3.1") and is_evidence_name("Apache-2.0.txt") and not is_evidence_name("c-uda/README.txt")
