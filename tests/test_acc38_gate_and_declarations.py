"""The access gate and the card's license declarations (review38, acc38): what review38 found in acc35's readers.
Each case is the real BERT card of the benchmark (benchmarks/real_cards/cases, byte for byte as the Hub repo has it)
with review38's front matter, beside real license texts (google-bert's own Apache LICENSE, license_texts/); each
failed on main before its fix, and the twin beside it must stay as it was.

1. A license named anywhere in the gate applied when stricter: gates that deny, thank or compare blocked ("This model
   is NOT under CC BY-NC 4.0 like its predecessor", "We thank the Llama 3 team"). Only a gate line that is a license's
   title and what a user agrees to ("agree", "accept", "subject to") name the terms now.
2. `license: [mit, unknown]` with the MIT text was allowed: the text is the named member's, not the `unknown` one's.
3. A gate naming a license only by its URL ("agree to the terms at https://creativecommons.org/licenses/by-nc/4.0/")
   was not read.
4. `license: other` + `license_name: acme-research-license` + `license_link:` apache.org was allowed.
5. `license_link: LICENSE.txt` beside the LICENSE it has, and the link to the repo's own LICENSE on the Hub, were unknown.
"""

from __future__ import annotations

import pytest
import yaml

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_acc35_declarations import BERT_LICENSE, NC, bert_with
from tests.test_real_card_gaps import CLASSIFIER, KB, license_text
from tests.test_real_card_gaps import _local as judge_folder

MIT = license_text("mit.txt")


def gated(gate: str, declared: str = "apache-2.0") -> str:
    return bert_with(f"license: {declared}\n" + yaml.safe_dump({"extra_gated_prompt": gate}, allow_unicode=True, width=10**6))


def judge_gate(tmp_path, gate: str):
    return judge_folder(tmp_path, {"README.md": gated(gate), "LICENSE": BERT_LICENSE})


# --- 1. a license the gate names without the user agreeing to it ------------------------------------------------------

@pytest.mark.parametrize("gate", [
    "Unlike Llama 2, this model is released under Apache 2.0. Please share your contact details to access it.",
    "We thank the Llama 3 team. By accessing this model you agree to share your contact information.",
    "This model is NOT under CC BY-NC 4.0 like its predecessor; it is Apache 2.0. Please agree to share your details.",
    "Our model outperforms Gemma 2 and Llama 3.1 on benchmarks. Please fill the form to get access.",
    "The training data includes datasets under CC BY-NC 4.0 which we filtered out. You agree to use the model responsibly.",
    "Models derived from Gemma must include the Gemma Terms of Use; this model was not derived from Gemma.",
    "We are grateful to Meta for Llama 3.1. Please agree to share your contact information.",
    "Released under the MIT license. Llama 3 and Mistral weights were NOT used.",
])
def test_a_license_the_gate_denies_thanks_or_compares_does_not_apply(tmp_path, gate):
    result = judge_gate(tmp_path, gate)
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


@pytest.mark.parametrize("gate,rule_id", [
    ("You agree to the Llama3.1 license.", "llama3.1"),
    ("Access to this model is subject to the Llama 3.1 Community License.", "llama3.1"),
    ("You agree to the Gemma Terms of Use and Prohibited Use Policy.", "gemma"),
    ("By clicking Agree you accept the [Llama 3.1 License](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE).",
     "llama3.1"),
    ("### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n", "llama3.1"),
    ("We thank the Llama 3 team. You agree to the CC BY-NC 4.0 license.", "cc-by-nc-4.0"),
])
def test_a_license_the_user_agrees_to_or_the_gate_is_headed_by_still_applies(tmp_path, gate, rule_id):
    result = judge_gate(tmp_path, gate)
    assert result.verdict != "allowed" and rule_id in result.classification.candidates, result.reasons


@pytest.mark.parametrize("last,verdict", [("You agree to the CC BY-NC 4.0 license.", "denied"), ("We thank the Llama 3 team.", "allowed")])
def test_a_long_gate_no_reference_matches_is_read_for_what_the_user_agrees_to(tmp_path, last, verdict):
    # past the 2,000 characters up to which the gate is read for license statements, as main's "named anywhere" read it
    gate = " ".join(["Please provide your name, affiliation and intended use so that we can review your request."] * 30)
    assert judge_gate(tmp_path, f"{gate} {last}").verdict == verdict


# --- 2. the Hub's `unknown` beside a named license and that license's text -------------------------------------------

@pytest.mark.parametrize("declared,text", [("mit", MIT), ("apache-2.0", BERT_LICENSE)], ids=["mit", "apache-2.0"])
def test_the_named_members_text_does_not_say_what_unknown_is(tmp_path, declared, text):
    result = judge_folder(tmp_path, {"README.md": bert_with(f"license:\n- {declared}\n- unknown\n"), "LICENSE": text})
    assert result.verdict == "unknown", result.reasons
    assert any("lists 'unknown'" in reason for reason in result.reasons), result.reasons


def test_unknown_beside_mit_without_a_text_stays_unknown(tmp_path):
    assert judge_folder(tmp_path, {"README.md": bert_with("license:\n- mit\n- unknown\n")}).verdict == "unknown"


@pytest.mark.parametrize("lines", ["license:\n- other\n- unknown\n", "license: unknown\n", "license:\n- unknown\n- unknown\n"])
def test_a_text_still_says_what_other_or_unknown_alone_is(tmp_path, lines):
    result = judge_folder(tmp_path, {"README.md": bert_with(lines), "LICENSE": MIT})
    assert (result.verdict, result.classification.license_id) == ("allowed", "mit"), result.reasons


def test_another_licenses_text_beside_unknown_still_applies(tmp_path):
    result = judge_folder(tmp_path, {"README.md": bert_with("license:\n- mit\n- unknown\n"), "LICENSE": NC})
    assert (result.verdict, result.classification.license_id) == ("denied", "cc-by-nc-4.0"), result.reasons


# --- 3. a license the gate names by its URL -----------------------------------------------------------------------------

@pytest.mark.parametrize("gate,rule_id,verdict", [
    ("By requesting access you agree to the terms at https://creativecommons.org/licenses/by-nc/4.0/", "cc-by-nc-4.0", "denied"),
    ("Access requires agreeing to the license at https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode",
     "cc-by-nc-sa-4.0", "denied"),
    ("You agree to the license: https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md",
     "flux1-dev-noncommercial", "denied"),
    ("You agree to [these terms](https://creativecommons.org/licenses/by-nc/4.0/).", "cc-by-nc-4.0", "denied"),
])
def test_a_license_url_in_the_gate_names_that_license(tmp_path, gate, rule_id, verdict):
    result = judge_gate(tmp_path, gate)
    assert (result.verdict, result.classification.license_id) == (verdict, rule_id), result.reasons


@pytest.mark.parametrize("gate", ["You agree to the terms at https://www.apache.org/licenses/LICENSE-2.0",
                                  "You agree to share your contact details (https://example.com/form) to access this model."])
def test_a_url_of_the_declared_license_or_no_license_changes_nothing(tmp_path, gate):
    result = judge_gate(tmp_path, gate)
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


# --- 4. a distinctive license_name beside the link to another license's page ------------------------------------------

APACHE_PAGE = "https://www.apache.org/licenses/LICENSE-2.0"


@pytest.mark.parametrize("name", ["acme-research-license", "acme-nc"])
def test_a_name_of_its_own_beside_a_known_link_is_unknown(tmp_path, name):
    result = judge_folder(tmp_path, {"README.md": bert_with(f"license: other\nlicense_name: {name}\nlicense_link: {APACHE_PAGE}\n")})
    assert result.verdict == "unknown", result.reasons
    assert any(name in reason and "apache-2.0" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("name,link,rule_id", [
    ("custom", APACHE_PAGE, "apache-2.0"), ("model-license", APACHE_PAGE, "apache-2.0"), ("other", APACHE_PAGE, "apache-2.0"),
    ("apache-license-v2", APACHE_PAGE, "apache-2.0"), ("gemma-license", "https://ai.google.dev/gemma/terms", "gemma"),
    ("cc-by-nc-license", "https://creativecommons.org/licenses/by-nc/4.0/", "cc-by-nc-4.0"),
])
def test_a_placeholder_name_or_the_linked_licenses_own_words_keep_the_link(tmp_path, name, link, rule_id):
    result = judge_folder(tmp_path, {"README.md": bert_with(f"license: other\nlicense_name: {name}\nlicense_link: {link}\n")})
    assert result.classification.license_id == rule_id and result.verdict != "unknown", result.reasons


# --- 5. a license_link to the file the checkpoint has ------------------------------------------------------------------

def test_a_link_to_license_txt_beside_the_license_it_has_is_that_file(tmp_path):
    card = bert_with("license: other\nlicense_name: model-license\nlicense_link: LICENSE.txt\n")
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE": BERT_LICENSE})
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


def test_the_file_the_link_names_wins_over_one_of_another_suffix(tmp_path):
    card = bert_with("license: other\nlicense_name: model-license\nlicense_link: LICENSE\n")
    result = judge_folder(tmp_path, {"README.md": card, "LICENSE.txt": BERT_LICENSE, "LICENSE": NC})
    assert result.verdict == "denied", result.reasons


def test_a_link_to_a_license_file_it_lacks_stays_unknown(tmp_path):
    card = bert_with("license: other\nlicense_name: model-license\nlicense_link: LICENSE.txt\n")
    assert judge_folder(tmp_path, {"README.md": card}).verdict == "unknown"


def _judge_named_folder(tmp_path, folder: str, files: dict[str, str]):
    (tmp_path / folder).mkdir()
    for name, text in files.items():
        (tmp_path / folder / name).write_text(text, encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=folder, kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


OWN_LINK = "https://huggingface.co/google-bert/bert-base-uncased/blob/main/LICENSE"


def test_a_link_to_the_repos_own_license_on_the_hub_is_its_own_file(tmp_path):
    card = bert_with(f"license: other\nlicense_name: custom\nlicense_link: {OWN_LINK}\n")
    result = _judge_named_folder(tmp_path, "bert-base-uncased", {"README.md": card, "LICENSE": BERT_LICENSE})
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


def test_a_link_to_another_repos_license_stays_unknown(tmp_path):
    card = bert_with(f"license: other\nlicense_name: custom\nlicense_link: {OWN_LINK}\n")
    result = _judge_named_folder(tmp_path, "my-model", {"README.md": card, "LICENSE": BERT_LICENSE})
    assert result.verdict == "unknown", result.reasons
