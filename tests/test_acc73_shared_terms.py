"""acc73: review65's false allows where a card says its model shares another repo's terms or weights, and round 41's
false block where a base is a relative folder path shaped like a Hub id.

False allows (an Apache-2.0 card passed beside a CC BY-NC base it names): "Released under the same license as org/X",
"the same terms / conditions / license terms / licensing / usage restrictions / rules as org/X", "It has the same
architecture and weights as org/X", "Uses the same pre-trained weights as org/X", "Starts from the same pretrained model as
org/X", "Weights from org/X", "Starts from org/X", "Same architecture as LLaMA; weights from org/X". Each sentence is put into
a real card of the set (facebook/bart-base, apache-2.0, which names no base) whose named repo is a CC BY-NC 4.0 case
(facebook/nllb-200-1.3B) on the fake Hub: it must not pass. Words that compare a shape or name no repo leave it allowed.

False block: ChoGathZSD/adapter's 'base_model: models/gemma-3-270m' (its adapter_config.json the same) is a folder path,
not a Hub id: the Hub has no such repo (404), so its name names the Gemma family as './gemma-3-270m-it' does. Offline or
unreadable (not a 404), it stays a base that could not be checked.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from licscan.model import Evidence, ManifestEntry
from tests.test_acc64_review_gaps import LINK, SID, _judged
from tests.test_lineage_round11 import copy_case, hub, judged, local, not_on_the_hub


@pytest.mark.parametrize("sentence", [
    f"Released under the same license as {SID}.",
    f"Released under the same terms as {SID}.",
    f"Distributed under the same conditions as {SID}.",
    f"Subject to the same usage restrictions as {SID}.",
    f"Same licensing as {SID}.",
    f"The same rules as {SID} apply.",
    f"Released under the same license terms as {LINK}.",
    f"It has the same architecture and weights as {SID}.",
    f"Uses the same pre-trained weights as {SID}.",
    f"Starts from the same pretrained model as {SID}.",
    f"Weights from {SID}.",
    f"Starts from {LINK}.",
    f"Same architecture as LLaMA; weights from {SID}.",
])
def test_a_repo_whose_terms_or_weights_the_card_shares_is_followed(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "denied", result.reasons
    assert any(a.repo_id == SID for a in result.ancestors), result.reasons


@pytest.mark.parametrize("sentence", [
    f"It uses the same tokenizer as {SID}.",
    f"It has the same number of layers as {SID}.",
    f"Its quality is comparable to {SID}.",
    "Weights from our training run are included.",
    f"Training starts from scratch, with the same vocabulary size as {SID}.",
])
def test_a_shape_or_a_comparison_is_no_source(tmp_path, sentence):
    result = _judged(tmp_path, sentence)
    assert result.verdict == "allowed", result.reasons
    assert not any(a.repo_id == SID for a in result.ancestors), result.reasons


def test_the_same_license_as_the_base_model_named_in_brackets_is_still_followed(tmp_path):
    result = _judged(tmp_path, f"Released under the same license as the base model ({SID}).")
    assert result.verdict == "denied", result.reasons


# --- a relative folder path shaped like a Hub id ---------------------------------------------------------------

CHOGATH = "ChoGathZSD__adapter"


def test_a_folder_path_the_hub_does_not_have_names_its_family(tmp_path):
    # 'base_model: models/gemma-3-270m', adapter_config.json the same: the Hub says "repository not found"
    result = judged(local(copy_case(CHOGATH, tmp_path / "a"), "ChoGathZSD/adapter"), hub({}))
    assert [(a.repo_id, a.license_id) for a in result.ancestors] == [("models/gemma-3-270m", "gemma")], result.reasons
    assert result.verdict == "conditional", result.reasons


def test_a_folder_path_unreadable_offline_stays_unknown(tmp_path):
    def offline(entry: ManifestEntry) -> Evidence:
        return replace(not_on_the_hub(entry), problems=(f"{entry.ref}: offline checks need a pinned commit revision",))

    result = judged(local(copy_case(CHOGATH, tmp_path / "b"), "ChoGathZSD/adapter"), offline)
    assert result.verdict == "unknown", result.reasons


def test_an_owner_that_is_no_folder_name_stays_a_hub_repo_not_found(tmp_path):
    folder = copy_case(CHOGATH, tmp_path / "c", {"README.md": ("models/gemma-3-270m", "acme/gemma-3-270m"),
                                                  "adapter_config.json": ("models/gemma-3-270m", "acme/gemma-3-270m")})
    result = judged(local(folder, "ChoGathZSD/adapter"), hub({}))
    assert result.verdict == "unknown", result.reasons
