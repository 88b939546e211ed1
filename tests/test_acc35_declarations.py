"""How a license is declared (review37, acc35): four fail-opens and false unknowns in the card's metadata and in the
names of license files. Each case is a real card of the benchmark (benchmarks/real_cards/cases, byte for byte as the
Hub repo has it) with its license fields changed as review37's repros change them, beside real license texts of
license_texts/; each failed on main before its fix, and the twin beside it must stay as it was.

1. `license: [apache-2.0, unknown]` was allowed: the Hub's `unknown` in the list was dropped.
2. A license text in `extra_gated_prompt` (the Llama 3.1 license, as Meta's own card has it) beside `license: apache-2.0`
   was allowed: the gate was read for restriction sentences only, never as a license text or for the licenses it names.
3. `license: other` + a slug `license_name` ('license', 'model-license') + `license_link: LICENSE`, the verbatim Apache
   text, was unknown, "LICENSE matches apache-2.0 (score 1.000)" notwithstanding.
4. `license: other` + `license_link:` a URL a rule lists (apache.org, ai.google.dev/gemma/terms, ...) was unknown,
   "card declares 'apache-2.0' ..., which licscan does not know".
5. LICENSE.MODEL holding CC BY-NC 4.0 was never read (".model" is a tokenizer's suffix): allowed.
"""

from __future__ import annotations

import pytest

from licscan.sources.common import is_evidence_name
from tests.test_real_card_gaps import CASES, license_text
from tests.test_real_card_gaps import _local as judge_folder

BERT = CASES / "google-bert__bert-base-uncased" / "files"
BERT_CARD = (BERT / "README.md").read_text(encoding="utf-8")
BERT_LICENSE = (BERT / "LICENSE").read_text(encoding="utf-8")   # the Apache License 2.0, as google-bert ships it
LLAMA31_CARD = (CASES / "meta-llama__Llama-3.1-8B-Instruct" / "files" / "README.md").read_text(encoding="utf-8")
PYANNOTE_CARD = (CASES / "pyannote__segmentation-3.0" / "files" / "README.md").read_text(encoding="utf-8")
GEMMA_CARD = (CASES / "google__gemma-7b-it" / "files" / "README.md").read_text(encoding="utf-8")
NC = license_text("cc-by-nc-4.0.txt")


def bert_with(license_lines: str) -> str:
    """The real BERT card with its `license: apache-2.0` line replaced."""
    assert BERT_CARD.count("license: apache-2.0\n") == 1
    return BERT_CARD.replace("license: apache-2.0\n", license_lines, 1)


def _not_known_said(result) -> list[str]:
    return [reason for reason in result.reasons if "which licscan does not know" in reason]


# --- 1. the Hub's `unknown` in a license list ---------------------------------------------------------------------

def test_unknown_listed_beside_apache_is_not_dropped(tmp_path):
    result = judge_folder(tmp_path, {"README.md": bert_with("license:\n- apache-2.0\n- unknown\n")})
    assert result.verdict == "unknown", result.reasons
    assert "unknown" in result.classification.candidates
    assert any("lists 'unknown'" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("lines", ["license: apache-2.0\n", "license:\n- apache-2.0\n", "license:\n- apache-2.0\n- mit\n"])
def test_apache_alone_or_beside_a_known_license_stays_allowed(tmp_path, lines):
    assert judge_folder(tmp_path, {"README.md": bert_with(lines)}).verdict == "allowed"


def test_unknown_alone_beside_the_apache_text_stays_allowed(tmp_path):
    # `license: unknown` alone declares nothing: the LICENSE (the Apache text) says which, as before
    result = judge_folder(tmp_path, {"README.md": bert_with("license: unknown\n"), "LICENSE": BERT_LICENSE})
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


def test_unknown_listed_beside_apache_with_the_apache_text_stays_unknown(tmp_path):
    # review38 (acc38): the Apache text is the named member's; it does not say what the `unknown` member is (acc35 had it
    # settled as a bare 'other' is, which allowed it). tests/test_acc38_gate_and_declarations.py has the cases and twins.
    result = judge_folder(tmp_path, {"README.md": bert_with("license:\n- apache-2.0\n- unknown\n"), "LICENSE": BERT_LICENSE})
    assert result.verdict == "unknown", result.reasons


# --- 2. a license in the Hub access gate ----------------------------------------------------------------------------

def llama31_card_declaring(license_id: str) -> str:
    """Meta's own Llama 3.1 8B Instruct card (the Llama 3.1 license in extra_gated_prompt), its `license:` changed, as a
    fine-tune that copies Meta's front matter has it."""
    assert LLAMA31_CARD.count("license: llama3.1\n") == 1
    return LLAMA31_CARD.replace("license: llama3.1\n", f"license: {license_id}\n", 1)


def test_metas_own_llama31_card_stays_conditional_llama31(tmp_path):
    result = judge_folder(tmp_path, {"README.md": LLAMA31_CARD})
    assert (result.verdict, result.classification.license_id) == ("conditional", "llama3.1"), result.reasons


@pytest.mark.parametrize("declared", ["apache-2.0", "mit"])
def test_the_llama31_license_in_the_gate_beside_a_permissive_license_applies(tmp_path, declared):
    result = judge_folder(tmp_path, {"README.md": llama31_card_declaring(declared)})
    assert result.verdict != "allowed", result.reasons
    assert result.classification.license_id == "llama3.1" and "llama3.1" in result.classification.candidates
    assert any("access gate" in reason for reason in result.reasons), result.reasons


def test_only_the_heading_of_the_llama31_license_in_the_gate_names_it(tmp_path):
    # the first two lines of Meta's gate: "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: ..."
    import yaml
    gate = yaml.safe_load(LLAMA31_CARD.split("\n---\n", 1)[0].removeprefix("---\n"))["extra_gated_prompt"]
    heading = "\n".join(gate.splitlines()[:2]) + "\n"
    assert heading.startswith("### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date")
    card = bert_with("license: apache-2.0\n" + yaml.safe_dump({"extra_gated_prompt": heading}, width=10**6))
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE": BERT_LICENSE})
    assert result.verdict != "allowed", result.reasons
    assert "llama3.1" in result.classification.candidates


@pytest.mark.parametrize("text,rule_id", [("llama2.txt", "llama2"), ("llama3.txt", "llama3"), ("gemma-terms.txt", "gemma"),
                                          ("llama3.1.txt", "llama3.1"), ("cc-by-nc-4.0.txt", "cc-by-nc-4.0")])
def test_a_license_text_in_the_gate_beside_apache_applies(tmp_path, text, rule_id):
    import yaml
    gate = yaml.safe_dump({"extra_gated_prompt": license_text(text)}, allow_unicode=True, width=10**6)
    result = judge_folder(tmp_path, {"README.md": bert_with("license: apache-2.0\n" + gate), "LICENSE": BERT_LICENSE})
    assert result.verdict != "allowed", result.reasons
    assert rule_id in result.classification.candidates, result.classification.candidates


def test_gemmas_own_gate_sentence_beside_apache_names_gemma(tmp_path):
    start = GEMMA_CARD.index("extra_gated_prompt:")
    gate = GEMMA_CARD[start:GEMMA_CARD.index("\n", start)]
    result = judge_folder(tmp_path, {"README.md": bert_with("license: apache-2.0\n" + gate + "\n"), "LICENSE": BERT_LICENSE})
    assert result.verdict != "allowed" and "gemma" in result.classification.candidates, result.reasons


def test_a_benign_gate_stays_as_it_was(tmp_path):
    # pyannote's real gate: contact information, "this model uses MIT license"; MIT declared
    result = judge_folder(tmp_path, {"README.md": PYANNOTE_CARD})
    assert (result.verdict, result.classification.license_id) == ("allowed", "mit"), result.reasons
    card = bert_with("license: apache-2.0\nextra_gated_prompt: You agree to share your contact information to access this model.\n")
    assert judge_folder(tmp_path, {"README.md": card, "LICENSE": BERT_LICENSE}).verdict == "allowed"


# --- 3. a slug license_name and a license_link to the checkpoint's license text ---------------------------------------

@pytest.mark.parametrize("name", ["license", "model-license", "custom"])
def test_a_slug_name_with_a_link_to_the_apache_text_is_apache(tmp_path, name):
    card = bert_with(f"license: other\nlicense_name: {name}\nlicense_link: LICENSE\n")
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE": BERT_LICENSE})
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons
    assert not _not_known_said(result), result.reasons


def test_a_slug_name_with_a_link_to_the_llama31_text_is_llama31(tmp_path):
    card = bert_with("license: other\nlicense_name: model-license\nlicense_link: LICENSE\n")
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE": license_text("llama3.1.txt")})
    assert (result.verdict, result.classification.license_id) == ("conditional", "llama3.1"), result.reasons


def test_a_slug_name_with_a_link_to_a_non_commercial_text_stays_denied(tmp_path):
    card = bert_with("license: other\nlicense_name: license\nlicense_link: LICENSE\n")
    assert judge_folder(tmp_path, {"README.md": card, "LICENSE": NC}).verdict == "denied"


def test_a_slug_name_with_a_link_to_an_altered_apache_text_stays_unknown(tmp_path):
    # the file is not the Apache text verbatim: the name settles nothing, as before
    altered = BERT_LICENSE.replace("grants to You a perpetual,", "grants to You a revocable, non-commercial,")
    assert altered != BERT_LICENSE
    card = bert_with("license: other\nlicense_name: license\nlicense_link: LICENSE\n")
    assert judge_folder(tmp_path, {"README.md": card, "LICENSE": altered}).verdict != "allowed"


def test_a_slug_name_with_no_file_stays_unknown(tmp_path):
    card = bert_with("license: other\nlicense_name: license\n")
    assert judge_folder(tmp_path, {"README.md": card}).verdict == "unknown"


def test_a_name_licscan_knows_beside_another_text_still_applies(tmp_path):
    # `license_name: cc-by-nc-4.0` linking to the Apache text: both apply, as before
    card = bert_with("license: other\nlicense_name: cc-by-nc-4.0\nlicense_link: LICENSE\n")
    assert judge_folder(tmp_path, {"README.md": card, "LICENSE": BERT_LICENSE}).verdict == "denied"


# --- 4. `license: other` with a license_link to a known license's page --------------------------------------------------

@pytest.mark.parametrize("link,rule_id,verdict", [
    ("https://www.apache.org/licenses/LICENSE-2.0", "apache-2.0", "allowed"),
    ("https://ai.google.dev/gemma/terms", "gemma", "conditional"),
    ("https://creativecommons.org/licenses/by-nc/4.0/", "cc-by-nc-4.0", "denied"),
    ("https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md", "flux1-dev-noncommercial", "denied"),
    ("https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/",
     "nvidia-open-model-license-20251024", "conditional"),
    ("https://llama.meta.com/llama3/license/", "llama3", "conditional"),
])
@pytest.mark.parametrize("name", ["", "license_name: custom\n"])
def test_other_with_a_link_to_a_known_license_is_that_license(tmp_path, link, rule_id, verdict, name):
    result = judge_folder(tmp_path, {"README.md": bert_with(f"license: other\n{name}license_link: {link}\n")})
    assert (result.classification.license_id, result.verdict) == (rule_id, verdict), result.reasons
    assert not _not_known_said(result), result.reasons


def test_other_with_a_link_to_a_page_no_rule_lists_stays_unknown(tmp_path):
    result = judge_folder(tmp_path, {"README.md": bert_with("license: other\nlicense_link: https://docs.example.com/usage-guide\n")})
    assert result.verdict == "unknown"


def test_other_with_a_link_to_a_use_policy_names_no_license(tmp_path):
    # Meta's acceptable use policy is no license: which license 'other' is stays unsaid, never conditional on the policy
    card = bert_with("license: other\nlicense_name: custom\nlicense_link: https://llama.meta.com/llama3/use-policy\n")
    result = judge_folder(tmp_path, {"README.md": card})
    assert result.verdict == "unknown" and result.classification.license_id == "unknown", result.reasons


# --- 5. LICENSE.<word> ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["LICENSE.MODEL", "LICENSE.model", "LICENSE.weights", "LICENCE.model"])
def test_a_license_file_named_for_what_it_covers_is_read(tmp_path, name):
    assert is_evidence_name(name)
    result = judge_folder(tmp_path, {"README.md": BERT_CARD, "LICENSE": BERT_LICENSE, name: NC})
    assert name in [f.name for f in result.evidence.files]
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("name", ["tokenizer.model", "spiece.model", "license.py", "LICENSE.json", "license_utils.py",
                                  "LICENSE.lock", "LICENSE.incomplete"])
def test_code_data_and_tokenizer_files_stay_unread(name):
    assert not is_evidence_name(name)


def test_license_code_is_read_as_the_codes_license(tmp_path):
    # LICENSE.code holding CC BY-NC beside the Apache LICENSE: read, as the code's license (the LICENSE governs the
    # weights), as before
    result = judge_folder(tmp_path, {"README.md": BERT_CARD, "LICENSE": BERT_LICENSE, "LICENSE.code": NC})
    assert "LICENSE.code" in [f.name for f in result.evidence.files]


def test_the_real_bert_card_and_license_stay_allowed(tmp_path):
    assert judge_folder(tmp_path, {"README.md": BERT_CARD, "LICENSE": BERT_LICENSE}).verdict == "allowed"



# --- review39: a short license_name, no license_link, one license file ------------------------------------------------

KIMI = license_text("kimi-k2-modified-mit.txt")


@pytest.mark.parametrize(("name", "text", "expected"), [
    # moonshotai's Kimi K2 cards: `license: other`, `license_name: modified-mit`, no link, the LICENSE verbatim
    ("modified-mit", KIMI, ("conditional", "kimi-k2-modified-mit")),
    # a name with words of its own beside the same file, or "modified MIT" beside the plain MIT text: not settled
    ("acme-research", KIMI, ("unknown", "unknown")),
    ("modified-mit", license_text("mit.txt"), ("unknown", "unknown")),
])
def test_a_short_license_name_is_the_one_license_file_whose_names_hold_its_words(tmp_path, name, text, expected):
    card = bert_with(f"license: other\nlicense_name: {name}\n")
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE": text})
    assert (result.verdict, result.classification.license_id) == expected, result.reasons
