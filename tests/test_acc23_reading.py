"""acc23: card-reading misses left on real cards, each with its restricted twin (a fail-open is worse than a false
block): the Hub's generic `license: cc` narrowed by the card's own License line; a URL-encoded badge and a source
named with a bare Hub URL (astremo); a license_link to the same publisher's sibling repo's LICENSE (Qwen3 MLX: unread, still unknown); a ban
after the model's name and a rejected license's restriction given as the reason for the one chosen; quoted keys of a
long front matter (review22); the BioLORD models' `license_name: ihtsdo-and-nlm-licences`.

Cards are real: the labelled cases of benchmarks/real_cards, read as they are or with one line changed, and the BERT
card (`license: apache-2.0` and the Apache LICENSE) with one sentence added (tests/test_weights_terms_and_license_keys.bert).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from licscan.classify.named_sources import named_source_ids
from licscan.evaluate import Evaluator
from licscan.model import Ancestor, ManifestEntry, Project, Result
from licscan.sources.common import split_card
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CASES, CLASSIFIER, KB, _local, case_evidence, judge
from tests.test_weights_terms_and_license_keys import bert


def _card(folder: str) -> str:
    return (CASES / folder / "files" / "README.md").read_text(encoding="utf-8")


def _changed(tmp_path: Path, folder: str, old: str, new: str) -> Result:
    card = _card(folder)
    assert old in card, old
    return _local(tmp_path, {"README.md": card.replace(old, new, 1)})


# --- item 1: `license: cc` (any Creative Commons license) and the card's own License line naming one

COLORFUL = "colorfulscoop__gpt2-small-ja"
COLORFUL_LINE = ("All the models included in this repository are licensed under [Creative Commons Attribution-ShareAlike 3.0]"
                 "(https://creativecommons.org/licenses/by-sa/3.0/).")


def test_a_generic_cc_is_the_variant_the_cards_own_license_line_names():
    assert "\nlicense: cc\n" in _card(COLORFUL) and COLORFUL_LINE in _card(COLORFUL)
    result = judge(COLORFUL)
    assert (result.classification.license_id, result.classification.category, result.verdict) == \
        ("cc-by-sa-3.0", "copyleft", "conditional"), result.reasons
    assert "cc" not in result.classification.candidates
    assert any("generic 'cc'" in reason and "All the models included" in reason for reason in result.reasons), result.reasons


def test_a_generic_cc_whose_license_line_names_a_non_commercial_variant_is_that_variant(tmp_path):
    line = ("All the models included in this repository are licensed under [Creative Commons Attribution-NonCommercial-"
            "ShareAlike 3.0](https://creativecommons.org/licenses/by-nc-sa/3.0/).")
    result = _changed(tmp_path, COLORFUL, COLORFUL_LINE, line)
    assert (result.classification.license_id, result.verdict) == ("cc-by-nc-sa-3.0", "denied"), result.reasons


@pytest.mark.parametrize("line", [
    # no License line: the dataset's "released under CC BY-SA 3.0" elsewhere on the card says nothing of the model
    "",
    # two variants
    "All the models included in this repository are licensed under CC BY-SA 3.0 or CC BY-NC 4.0.",
    # one variant, of something else
    "The training data is licensed under CC BY-SA 3.0.",
])
def test_a_generic_cc_stays_unknown_unless_one_license_line_names_one_variant(tmp_path, line):
    result = _changed(tmp_path, COLORFUL, COLORFUL_LINE, line)
    assert "cc" in result.classification.candidates and result.verdict in ("unknown", "denied"), result.reasons


# --- item 2: astremo/friendly_JA: a URL-encoded badge, and its base named with a bare Hub URL

ASTREMO = "astremo__friendly_JA"
SHIELD = "https://img.shields.io/badge/License-CC%20BY%204.0-lightgrey.svg"
SONOISA_SENTENCE = ("We used sonoisa t5-base-japanese (https://huggingface.co/sonoisa/t5-base-japanese) as pretrained model and "
                    "the friendly_JA corpus to fine-tune the friendly_JA model.")


def test_a_url_encoded_badge_is_read_by_the_words_it_shows():
    assert SHIELD in _card(ASTREMO)
    result = judge(ASTREMO)
    # "CC%20BY%204.0" had named the Hub's bare "cc": unknown
    assert "cc" not in result.classification.candidates and result.classification.license_id == "cc-by-4.0", result.reasons


def test_a_url_encoded_badge_naming_a_non_commercial_license_denies(tmp_path):
    result = _changed(tmp_path, ASTREMO, SHIELD, SHIELD.replace("CC%20BY%204.0", "CC%20BY--NC%204.0"))
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_the_pretrained_model_named_with_a_bare_hub_url_is_the_source_and_its_share_alike_license_applies():
    evidence = case_evidence(ASTREMO)
    assert SONOISA_SENTENCE in evidence.card_body
    assert [repo for repo, _ in named_source_ids(evidence, "astremo/friendly_JA")] == ["sonoisa/t5-base-japanese"]
    base = judge("sonoisa__t5-base-japanese").classification
    assert base.license_id == "cc-by-sa-4.0"
    ancestor = Ancestor("sonoisa/t5-base-japanese", "base", 1, base.license_id, base.category, via="astremo/friendly_JA")
    result = judge(ASTREMO, (ancestor,))
    assert (result.classification.license_id, result.verdict) != ("cc-by-4.0", "allowed"), result.reasons
    assert result.verdict == "conditional" and any("cc-by-sa-4.0" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("sentence", [
    # review14's tool: "as a pretrained model for the embedding"
    "We used [t5-base-japanese](https://huggingface.co/sonoisa/t5-base-japanese) as a pretrained model for the embedding.",
    "We used sonoisa t5-base-japanese (https://huggingface.co/sonoisa/t5-base-japanese) as pretrained model to score the outputs.",
])
def test_a_pretrained_model_used_for_something_else_is_no_source(sentence):
    evidence = case_evidence(ASTREMO)
    changed = replace(evidence, card_body=evidence.card_body.replace(SONOISA_SENTENCE, sentence))
    assert named_source_ids(changed, "astremo/friendly_JA") == ()


# --- item 3: Qwen/Qwen3-4B-MLX-4bit's license_link to its sibling Qwen/Qwen3-14B's LICENSE

QWEN_MLX = "Qwen__Qwen3-4B-MLX-4bit"
QWEN_LINK = "license_link: https://huggingface.co/Qwen/Qwen3-14B/blob/main/LICENSE"


def _hub(folder: Path, repo: str) -> Result:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref=repo, kind="hub", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def _qwen(tmp_path: Path, old: str = QWEN_LINK, new: str = QWEN_LINK, license_text: bytes | None = None) -> Result:
    files = CASES / QWEN_MLX / "files"
    card = (files / "README.md").read_text(encoding="utf-8")
    assert old in card
    (tmp_path / "README.md").write_text(card.replace(old, new, 1), encoding="utf-8")
    if license_text is None:
        license_text = (files / "LICENSE").read_bytes()
    if license_text:
        (tmp_path / "LICENSE").write_bytes(license_text)
    return _hub(tmp_path, "Qwen/Qwen3-4B-MLX-4bit")


def test_a_license_link_to_the_same_publishers_sibling_repo_is_still_unread_evidence(tmp_path):
    # acc23 excused it when the shipped LICENSE was an exact copy of the declared license; review26 showed that excused
    # a linked file licscan never read, which can hold other terms (a sibling "-research" repo's non-commercial
    # license): withdrawn, the checkpoint's terms stay unknown until the linked repo is read (declared as its base)
    result = _qwen(tmp_path)
    assert result.verdict == "unknown", result.reasons
    assert any("license_link points to LICENSE of another repository, Qwen/Qwen3-14B" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("old,new,license_text", [
    # another publisher's file
    (QWEN_LINK, QWEN_LINK.replace("Qwen/Qwen3-14B", "SomeoneElse/Qwen3-14B"), None),
    # a license_name that says otherwise
    (QWEN_LINK, QWEN_LINK + "\nlicense_name: qwen-research", None),
    # another file of the sibling than the one shipped
    (QWEN_LINK, QWEN_LINK.replace("/LICENSE", "/MODEL_LICENSE"), None),
    # the checkpoint ships no LICENSE
    (QWEN_LINK, QWEN_LINK, b""),
    # its LICENSE is not the declared license's text
    (QWEN_LINK, QWEN_LINK, (Path(__file__).resolve().parent.parent / "license_texts" / "mit.txt").read_bytes()),
])
def test_a_license_link_to_a_file_licscan_did_not_read_still_leaves_the_terms_unknown(tmp_path, old, new, license_text):
    result = _qwen(tmp_path, old, new, license_text)
    assert result.verdict in ("unknown", "denied"), result.reasons


# --- item 4: a ban after the model's name; a rejected license's restriction given as the reason for another

def _usage(tmp_path: Path, sentence: str) -> Result:
    return bert(tmp_path, f"\n## Usage\n\n{sentence}\n")


def test_chattts_disclaimer_is_read_as_a_ban():
    assert "should not be used for any commercial or legal purposes" in _card("2Noise__ChatTTS")
    result = judge("2Noise__ChatTTS")
    assert result.verdict == "denied" and "card-non-commercial" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "ChatTTS should not be used for any commercial or legal purposes.",
    "This model should not be used for any commercial purpose.",
    # the restricted twins of the reason
    "The model is CC BY-NC 4.0, which does not permit commercial use.",
    "CC BY-NC 4.0 does not permit commercial use, so we chose it.",
    "CC BY-NC 4.0 does not permit commercial use, so we chose CC BY-NC-SA 4.0.",
])
def test_a_ban_after_the_models_name_and_a_license_the_model_is_under_deny(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "denied", (result.classification.candidates, result.reasons)


@pytest.mark.parametrize("sentence", [
    "CC BY-NC 4.0 does not permit commercial use, so we chose Apache-2.0.",
    # advice stays advice, and another thing's ban is that thing's
    "OpenBioLLM-70B should not be used for clinical decisions without validation.",
    "The demo should not be used for any commercial purposes.",
    "This model should not be used for any commercial purposes without a thorough safety evaluation.",
])
def test_a_rejected_licenses_restriction_advice_and_another_things_ban_are_no_ban(tmp_path, sentence):
    result = _usage(tmp_path, sentence)
    assert result.verdict == "allowed", (result.classification.candidates, result.reasons)


def test_a_rejected_license_named_as_a_license_is_no_ban_only_a_license_to_confirm(tmp_path):
    # "The CC BY-NC 4.0 license ...": the prose reads a license it names, which a reader confirms (never allowed unread)
    result = _usage(tmp_path, "The CC BY-NC 4.0 license does not allow commercial use, therefore we selected the MIT license.")
    assert "card-non-commercial" not in result.classification.candidates and result.verdict == "conditional", result.reasons


# --- item 5 (review22): quoted keys of a front matter over 256 KB, read in part

GRANITE = "ibm-granite__granite-embedding-30m-english"


def _long_front_matter_with(line: str) -> tuple[dict[str, object], tuple[str, ...]]:
    front, rest = _card(GRANITE).split("\n---", 1)
    data, _, problems = split_card(front + line + "\n---" + rest)
    return data, problems


def test_a_quoted_access_gate_key_of_a_long_front_matter_is_read():
    prompt = "You agree to use the model for non-commercial research only."
    data, problems = _long_front_matter_with(f'\n"extra_gated_prompt": "{prompt}"')
    assert (data.get("extra_gated_prompt"), data.get("license"), problems) == (prompt, "apache-2.0", ())


def test_a_quoted_base_model_key_of_a_long_front_matter_is_read():
    data, problems = _long_front_matter_with('\n"base_model": "meta-llama/Llama-2-7b-hf"')
    assert (data.get("base_model"), problems) == ("meta-llama/Llama-2-7b-hf", ())


@pytest.mark.parametrize("long", [True, False])
def test_a_quoted_license_key_beside_the_bare_one_is_read_as_a_second_value(long):
    line = "\n'license': cc-by-nc-4.0"
    data, problems = _long_front_matter_with(line) if long else split_card(f"---\nlicense: apache-2.0{line}\n---\n# m\n")[::2]
    assert data.get("license") == ["apache-2.0", "cc-by-nc-4.0"] and "gives 'license' 2 times" in problems[0], problems


@pytest.mark.parametrize("line", ['\n"licen\\u0073e": cc-by-nc-4.0', "\n? license\n: cc-by-nc-4.0"])
def test_a_key_whose_name_only_yaml_tells_leaves_a_long_front_matter_unread(line):
    data, problems = _long_front_matter_with(line)
    assert data == {} and problems[0].startswith("model card front matter is larger than"), problems


# --- item 6: FremyCompany/BioLORD-2023's `license_name: ihtsdo-and-nlm-licences`

BIOLORD = "FremyCompany__BioLORD-2023"


def test_the_umls_and_snomed_licences_the_card_names_are_known_and_conditional():
    assert "license_name: ihtsdo-and-nlm-licences" in _card(BIOLORD)
    result = judge(BIOLORD)
    assert (result.classification.license_id, result.classification.category, result.verdict) == \
        ("ihtsdo-and-nlm-licences", "other-restricted", "conditional"), result.reasons
    assert {"umls-licence", "snomed-ct-licence"} <= {o.id for o in result.obligations}


def test_the_umls_and_snomed_licences_beside_a_non_commercial_line_deny(tmp_path):
    result = _changed(tmp_path, BIOLORD, "My own contributions for this model are covered by the MIT license.",
                      "This model is for non-commercial use only.")
    assert result.verdict == "denied", result.reasons


def test_a_licence_name_only_like_it_stays_unknown(tmp_path):
    result = _changed(tmp_path, BIOLORD, "license_name: ihtsdo-and-nlm-licences", "license_name: ihtsdo-licences")
    assert result.verdict == "unknown", result.reasons
