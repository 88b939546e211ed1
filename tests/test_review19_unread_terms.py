"""Terms the card points the weights to that licscan did not read, which the nineteenth review found passing, each
on the real BERT card (license: apache-2.0 and its Apache LICENSE, allowed as it is) or a real card of
benchmarks/real_cards: the code's license linked in the same sentence as the weights' own terms (the wording of
XVERSE's and Index's cards), a link to a MODEL_LICENSE the checkpoint does not have beside the LICENSE it has, an
in-page link to no section or to one that only points elsewhere, a "Terms of Use" line, and an open license_name
beside another site's page.
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert
from tests.test_real_card_gaps import judge, license_text

NC = license_text("cc-by-nc-4.0.txt")
APACHE_AND_MODEL_LICENSE_ZH = ("\n## 模型开源协议\n\n使用本仓库的源码需要遵循 [Apache-2.0](https://github.com/acme-ai/Foo-13B/blob/main/LICENSE) "
                               "开源协议，使用 Foo-13B 的模型权重则需要遵循[{text}]({link})。\n")


# --- the code's license and the weights' terms in one sentence ------------------------------------------------


def test_the_weights_terms_beside_the_codes_license_in_one_sentence_are_unread(tmp_path):
    result = bert(tmp_path, APACHE_AND_MODEL_LICENSE_ZH.format(text="模型许可协议", link="https://github.com/acme-ai/Foo-13B/blob/main/MODEL_LICENSE.pdf"))
    assert result.verdict == "unknown", result.reasons
    assert any("模型许可协议" in c for c in result.classification.conflicts), result.classification.conflicts


def test_the_same_sentence_in_english_with_the_model_license_file_absent_is_unread(tmp_path):
    result = bert(tmp_path, "\n## License\n\nThe code in this repository is open-sourced under the [Apache-2.0](LICENSE) license, "
                            "while the use of the model weights needs to comply with the [Model License](MODEL_LICENSE).\n")
    assert result.verdict == "unknown", result.reasons


def test_the_same_sentence_naming_a_license_licscan_knows_for_the_weights_applies_it(tmp_path):
    # the twin: the weights' link names CC BY-NC 4.0, which licscan knows: denied, not unknown and never allowed
    result = bert(tmp_path, APACHE_AND_MODEL_LICENSE_ZH.format(text="CC BY-NC 4.0", link="https://creativecommons.org/licenses/by-nc/4.0/"))
    assert result.verdict == "denied", result.reasons


def test_the_weights_under_the_codes_license_in_the_same_sentence_stay_allowed(tmp_path):
    # benign twin: both halves name Apache-2.0
    result = bert(tmp_path, "\n## License\n\nThe code in this repository is released under the [Apache-2.0](LICENSE) license, "
                            "and the model weights are also released under the [Apache-2.0](LICENSE) license.\n")
    assert result.verdict == "allowed", result.reasons


def test_a_model_license_file_the_checkpoint_has_is_what_is_read(tmp_path):
    result = bert(tmp_path, "\n## License\n\nThe code in this repository is open-sourced under the [Apache-2.0](LICENSE) license, "
                            "while the use of the model weights needs to comply with the [Model License](MODEL_LICENSE).\n",
                  files={"MODEL_LICENSE": NC})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


# --- links to files outside the repository and to sections of the card ------------------------------------


def test_a_link_out_of_the_repository_to_the_weights_own_terms_is_unread(tmp_path):
    # the "../" exemption is for "see the [LICENSE](../../LICENSE) file" of a license the words name, not for a
    # MODEL_LICENSE beside it
    result = bert(tmp_path, "\n## License\n\nThe code in this repository is open-sourced under the [Apache-2.0](../../LICENSE) "
                            "license, while the use of the model weights needs to comply with the [Model License](../../MODEL_LICENSE).\n")
    assert result.verdict == "unknown", result.reasons


def test_a_misspelt_link_to_the_license_file_the_checkpoint_has_is_that_file(tmp_path):
    result = bert(tmp_path, "\n## License\n\nSee the [licence](./licence.md) for details.\n")
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("appended", [
    # no such section
    "\nUse of the model weights is subject to the [Foo Model License](#foo-model-license).\n",
    # a section that only points elsewhere ("see https://.../model-license.pdf")
    "\n使用本模型需遵守[模型许可协议](#模型许可协议)。\n\n## 模型许可协议\n\n详见 https://acme.example/foo/model-license.pdf\n",
])
def test_an_in_page_link_to_terms_the_card_does_not_give_is_unread(tmp_path, appended):
    assert bert(tmp_path, appended).verdict == "unknown"


def test_an_in_page_link_to_a_section_naming_the_license_is_that_license(tmp_path):
    result = bert(tmp_path, "\nUse of the model weights is subject to the [Foo Model License](#foo-model-license).\n\n"
                            "## Foo Model License\n\nThe weights are released under the Apache License 2.0.\n")
    assert result.verdict == "allowed", result.reasons


# --- a "Terms of Use" line ----------------------------------------------------------------------------------


def test_a_terms_of_use_line_linking_the_publishers_own_page_is_unread(tmp_path):
    result = bert(tmp_path, "\n**Terms of Use**: [Terms](https://acme.example/foo/terms)\n")
    assert result.verdict == "unknown", result.reasons


@pytest.mark.parametrize("folder", ["google__gemma-2-9b-it", "google__gemma-7b-it", "google__embeddinggemma-300m"])
def test_gemmas_terms_of_use_line_links_the_gemma_terms(folder):
    # "**Terms of Use**: [Terms](https://www.kaggle.com/models/google/gemma/license/consent...)": the gemma rule's pages
    result = judge(folder)
    assert result.verdict == "conditional" and not result.classification.conflicts, result.reasons


# --- license_name and license_link ---------------------------------------------------------------------------


def test_an_open_license_name_beside_the_publishers_own_license_page_is_unread(tmp_path):
    result = bert(tmp_path, front_matter="license_name: public-domain\nlicense_link: https://acme.example/foo-model-license\n")
    assert result.verdict == "unknown", result.reasons
    assert any("acme.example/foo-model-license" in r for r in result.reasons), result.reasons


def test_a_vendors_license_name_beside_its_vendors_page_is_that_license():
    # briaai/RMBG-1.4: license_name bria-rmbg-1.4, license_link https://bria.ai/bria-huggingface-model-license-agreement/
    result = judge("briaai__RMBG-1.4")
    assert "bria-rmbg-1.4" in result.classification.candidates
    assert not any("license_link points to" in r for r in result.reasons), result.reasons
