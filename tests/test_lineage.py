"""Inheritance without a declaration: a derivative that declares no license of its own is under its
bases' licenses; ``base_model`` values read as the Hub writes them (ids, URLs, self-references).

The Hub part replays tests/cassettes/test_lineage/ (recorded against tests/fakehub; re-record with
VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.base_ids import base_model_ids
from licscan.evaluate import Evaluator
from licscan.manifest import parse_manifest
from licscan.model import Ancestor, Classification, Evidence, ManifestEntry, Project, Result
from licscan.pipeline import Options, Scanner
from licscan.policy import Policy, TrustedMetadata
from licscan.rules import load_knowledge_base
from licscan.sources.common import card_metadata
from licscan.verdict_rules import declares_no_license

KB = load_knowledge_base()
ROOT = Path(__file__).resolve().parent.parent
ENTRY = ManifestEntry(ref="acme/q-GGUF", kind="hub", line=3)
LLAMA = Ancestor("meta-llama/Llama-3.1-8B", "quantized", 1, "llama3.1", "llama-community", "b" * 40, "acme/q-GGUF")
MISTRAL = Ancestor("mistralai/Mistral-7B-v0.1", "quantized", 1, "apache-2.0", "permissive", "c" * 40, "acme/q-GGUF")
UNDECLARED = Classification("unknown", "unknown", 0.0, "no license declared in the card and no license file found", candidates=("unknown",))


def card(**fields) -> Evidence:
    return Evidence(entry=ENTRY, source="hub", revision="a" * 40, card=card_metadata(fields))


@pytest.mark.parametrize(("fields", "declared"), [
    ({}, ()),
    ({"license": "unknown"}, ()),
    ({"license": "other"}, ("other",)),
])
def test_a_derivative_without_a_license_of_its_own_inherits_its_base(fields, declared):
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10))
    own = Classification("unknown", "unknown", 0.0, "no license", declared=declared, candidates=("unknown",))
    result = evaluator.evaluate(card(base_model="meta-llama/Llama-3.1-8B", **fields), own, (LLAMA,))
    assert result.verdict == "conditional"                          # Llama 3.1's terms, not "unknown"
    assert (result.classification.license_id, result.classification.category) == ("llama3.1", "llama-community")
    assert ("declares no license of its own; Llama 3.1 Community License Agreement (llama3.1) applies through meta-llama/Llama-3.1-8B"
            in result.reasons)
    assert result.own.license_id == "unknown"


def test_an_apache_base_passes_to_an_undeclared_quantization():
    result = Evaluator(KB, Project("p", "commercial")).evaluate(card(base_model="x"), UNDECLARED, (MISTRAL,))
    assert result.verdict == "allowed" and result.classification.license_id == "apache-2.0"


def test_a_name_link_or_license_file_is_a_license_of_its_own():
    assert declares_no_license(UNDECLARED, card())
    assert not declares_no_license(UNDECLARED, card(license="other", license_link="https://acme.example/license"))
    named = Classification("unknown", "unknown", 0.0, "x", declared=("acme-license",), candidates=("unknown",))
    assert not declares_no_license(named, card(license="other", license_name="acme-license"))
    own = Evaluator(KB, Project("p", "commercial")).evaluate(card(license_name="acme-license"), named, (MISTRAL,))
    assert own.verdict == "unknown"                                  # its own unknown license still decides


def test_an_unreadable_base_leaves_the_derivative_unknown():
    broken = Ancestor("acme/gone", "quantized", 1, "unknown", "unknown", via="acme/q-GGUF", problem="acme/gone: repository not found")
    result = Evaluator(KB, Project("p", "commercial")).evaluate(card(), UNDECLARED, (broken,))
    assert result.verdict == "unknown" and result.failed


def test_a_base_read_without_access_passes_down_nothing_confirmed():
    gated = Ancestor("meta-llama/Llama-3.1-8B", "quantized", 1, "llama3.1", "llama-community", "b" * 40, "acme/q-GGUF",
                     missing=("LICENSE: gated, not readable without access (HF_TOKEN)",))
    evaluator = Evaluator(KB, Project("p", "commercial", monthly_active_users=10), Policy(allow_licenses=("llama3.1",)))
    result = evaluator.evaluate(card(), UNDECLARED, (gated,))
    assert result.verdict == "unknown"
    assert ("evidence incomplete for base model meta-llama/Llama-3.1-8B, so the license it passes down is not confirmed: "
            "LICENSE: gated, not readable without access (HF_TOKEN)") in result.reasons


def test_base_model_values_as_cards_write_them():
    ids, problems = base_model_ids(card_metadata({"base_model": [
        "acme/merge", "mistralai/Mistral-7B-v0.1", "https://huggingface.co/meta-llama/Llama-3.1-8B",
        "https://huggingface.co/mistralai/Mistral-7B-v0.1/tree/main", "MISTRALAI/mistral-7b-v0.1", "gpt2",
        "a fine-tune of Llama", "https://huggingface.co/datasets/acme/data", "https://example.com/acme/model",
    ]}), "acme/merge")
    assert ids == ("mistralai/Mistral-7B-v0.1", "meta-llama/Llama-3.1-8B", "gpt2")
    assert problems == ("a fine-tune of Llama", "https://huggingface.co/datasets/acme/data", "https://example.com/acme/model")


DERIVATIVES = """\
  - id: acme/llama-3.1-8b-nolicense-GGUF
  - id: acme/mistral-7b-other-GPTQ
  - id: acme/self-listing-merge
  - id: acme/unreadable-base-LoRA
"""


def test_derivatives_on_the_fake_hub(tmp_path: Path, fake_hub_endpoint, hub_cache, hub_cassette):
    path = tmp_path / "models.lock"
    path.write_text(f"version: 1\nproject:\n  name: t\n  use: commercial\n  monthly_active_users: 10\nmodels:\n{DERIVATIVES}")
    manifest, _ = parse_manifest(path)
    scanner = Scanner(options=Options(endpoint=fake_hub_endpoint, token=False, cache_dir=str(hub_cache), jobs=1))
    evidence = scanner.gather(manifest)
    lineage = scanner.lineage(manifest, evidence)

    # meta-llama/Llama-3.1-8B is gated and read without a token: what it passes down is not confirmed
    unread = scanner.judge(manifest, evidence, None, (), lineage).results
    assert [r.verdict for r in unread] == ["unknown", "allowed", "unknown", "denied"]
    assert any(r.startswith("evidence incomplete for base model meta-llama/Llama-3.1-8B") and "HF_TOKEN" in r for r in unread[0].reasons)

    trusted = Policy(trust_metadata=(TrustedMetadata("meta-llama/Llama-3.1-8B", "Meta's own repo; terms read by legal"),))
    gguf, gptq, merge, lora = scanner.judge(manifest, evidence, trusted, (), lineage).results
    assert any("trust_metadata names meta-llama/Llama-3.1-8B" in r for r in gguf.reasons)
    assert gguf.verdict == "conditional" and gguf.classification.license_id == "llama3.1", gguf.reasons
    inherited = "declares no license of its own; Llama 3.1 Community License Agreement (llama3.1) applies through meta-llama/Llama-3.1-8B"
    assert any(r.startswith(inherited) for r in gguf.reasons), gguf.reasons

    # `license: other` and nothing else; base_model written as a Hub URL
    assert gptq.lineage == ("mistralai/Mistral-7B-v0.1",)
    assert gptq.verdict == "allowed" and gptq.classification.license_id == "apache-2.0"

    # a merge that lists itself and one base twice: not a cycle; the most restrictive base is the headline
    assert merge.lineage == ("mistralai/Mistral-7B-v0.1", "meta-llama/Llama-3.1-8B")
    assert {a.relation for a in merge.ancestors if a.depth == 1} == {"merge"}
    assert not any("cycle" in r for r in merge.reasons)
    assert merge.classification.license_id == "llama3.1" and merge.verdict == "conditional"

    # a base_model value that is neither an id nor a link, but names a family without its version:
    # the family's most restrictive license applies (the original LLaMA weights: non-commercial)
    assert lora.verdict == "denied" and lora.failed and lora.classification.license_id == "llama1-weights"
    assert any("from the base model 'my own fine-tune of llama (see below)', named only by those words" in r for r in lora.reasons)


def test_every_format_shows_the_headline_license_not_the_looser_declared_one():
    import csv
    import io
    import json

    from licscan.formats import renderer
    from licscan.formats.terminal import render as terminal
    from licscan.model import Report

    declared = Classification("apache-2.0", "permissive", 1.0, "LICENSE matches apache-2.0", declared=("apache-2.0",),
                              detected=("apache-2.0",), candidates=("apache-2.0",))
    ft = Evidence(entry=ManifestEntry(ref="acme/ft", kind="hub", line=6), source="hub", revision="a" * 40,
                  card=card_metadata({"license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B"}))
    base = Ancestor("meta-llama/Llama-3.1-8B", "finetune", 1, "llama3.1", "llama-community", "b" * 40, "acme/ft")
    result = Evaluator(KB, Project("p", "commercial", monthly_active_users=10)).evaluate(ft, declared, (base,))
    report = Report("models.lock", Project("p", "commercial"), (result,), "0", "r", "2026-01-01T00:00:00Z")

    (row,) = json.loads(renderer("json")(report, kb=KB))["checkpoints"]
    assert (row["license"]["id"], row["license"]["category"], row["license"]["declared"]) == ("llama3.1", "llama-community", ["apache-2.0"])
    assert any(c.startswith("declares apache-2.0 (permissive) but inherits llama3.1") for c in row["conflicts"])
    (_, cells) = list(csv.reader(io.StringIO(renderer("csv")(report, kb=KB))))
    assert cells[4:6] == ["llama3.1", "llama-community"] and cells[9] == "apache-2.0"
    assert "| llama3.1 | llama-community |" in renderer("markdown")(report, kb=KB)
    assert any("acme/ft" in line and "llama3.1" in line and "llama-community" in line
               for line in terminal(report, colour=False, verbose=False).splitlines())
    sarif = json.loads(renderer("sarif")(report, kb=KB))
    assert {r["properties"]["license"] for r in sarif["runs"][0]["results"]} == {"llama3.1"}


# --- a base_model that is a local path naming its family ---------------------------------------------

CASES = Path(__file__).resolve().parents[1] / "benchmarks" / "real_cards" / "cases"


def _check_local(tmp_path: Path, card_text: str) -> Result:
    folder = tmp_path / "ckpt"
    folder.mkdir()
    (folder / "README.md").write_text(card_text, encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - path: ckpt\n", encoding="utf-8")
    manifest, _ = parse_manifest(tmp_path / "models.lock")
    (result,) = Scanner(options=Options(jobs=1)).run(manifest).results
    return result


def test_a_local_path_base_naming_chatglm2_passes_its_non_commercial_license_down(tmp_path):
    # a real LoRA card: 'license: other' and 'base_model: /home/cent/lyq/code/chatglm2-6b'
    text = (CASES / "Liyuyu666__ChatGLM2-6B-Chat-lora-train_2024-01-06-15-33-58" / "files" / "README.md").read_text(encoding="utf-8")
    assert "base_model: /home/cent/lyq/code/chatglm2-6b" in text
    result = _check_local(tmp_path, text)
    (ancestor,) = result.ancestors
    assert ancestor.named_by == "/home/cent/lyq/code/chatglm2-6b" and ancestor.problem is None
    assert result.classification.category == "non-commercial" and result.verdict == "denied"
    assert any("named only by those words" in r for r in result.reasons)


def test_a_local_path_naming_a_permissive_family_is_at_best_conditional(tmp_path):
    result = _check_local(tmp_path, "---\nlicense: other\nbase_model: /data/models/Mistral-7B-v0.1\n---\n# a LoRA\n")
    assert result.classification.license_id == "apache-2.0"
    assert result.verdict == "conditional"
    assert result.facts_to_confirm == ("that the base model '/data/models/Mistral-7B-v0.1' is under apache-2.0 (named only by those words)",)


def test_a_local_path_naming_no_known_family_leaves_the_base_unknown(tmp_path):
    result = _check_local(tmp_path, "---\nlicense: other\nbase_model: /home/me/checkpoints/final\n---\n# a LoRA\n")
    (ancestor,) = result.ancestors
    assert ancestor.license_id == "unknown" and "neither a Hub repo id" in (ancestor.problem or "")
    assert result.verdict == "unknown"


def test_a_local_path_naming_internlm_passes_its_application_only_terms_down(tmp_path):
    # a real adapter card: no license in YAML, 'base_model: /root/.../internlm-chat-7b' (a local path)
    text = (CASES / "LTtt456c__InternLM_AdapterModel" / "files" / "README.md").read_text(encoding="utf-8")
    assert "internlm-chat-7b" in text
    result = _check_local(tmp_path, text)
    assert [a.license_id for a in result.ancestors] == ["internlm-model-license"]
    assert result.classification.category == "other-restricted" and result.verdict == "conditional"


def _classified_folder(tmp_path: Path, files: dict[str, str]) -> Classification:
    from licscan.classify import Classifier
    from licscan.sources.local import LocalSource

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Classifier(KB).classify(evidence)


def test_a_base_passes_down_its_most_restrictive_license_not_only_its_headline(tmp_path):
    from licscan.lineage import passed_down

    mit = (ROOT / "license_texts" / "mit.txt").read_text(encoding="utf-8")
    restricted = _classified_folder(tmp_path, {"LICENSE": mit, "README.md": "---\nlicense: mit\n---\n# base\n\n"
                                               "This model may be used for non-commercial research purposes only.\n"})
    assert restricted.license_id == "mit" and "card-non-commercial" in restricted.candidates
    assert passed_down(KB, restricted) == ("card-non-commercial", "non-commercial")


def test_a_modified_base_passes_down_unknown_not_the_license_it_was_modified_from(tmp_path):
    from licscan.lineage import passed_down

    llama2 = (ROOT / "license_texts" / "llama2.txt").read_text(encoding="utf-8")
    changed = llama2.replace("greater than 700 million monthly active users", "greater than 7 billion monthly active users")
    assert changed != llama2
    modified = _classified_folder(tmp_path, {"LICENSE": changed, "README.md": "# base\n"})
    assert modified.modified_from == "llama2"
    assert passed_down(KB, modified) == ("unknown", "unknown")
