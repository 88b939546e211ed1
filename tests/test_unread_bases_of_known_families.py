"""A base a card names that licscan cannot read, standing in for its family's license when the name is the family's
(benchmarks/real_cards): the archived copies of Stable Diffusion v1.5 (sd-legacy, stable-diffusion-v1-5) are
the CreativeML Open RAIL-M model runwayml published, as its cards say.
"""

from __future__ import annotations

from dataclasses import replace

from tests.test_prose_bases import judged
from tests.test_real_card_gaps import case_evidence


def test_a_stable_diffusion_v1_5_base_named_in_prose_and_not_read_passes_down_the_creativeml_license():
    # the plain-text card: "Base Model: sd-legacy/stable-diffusion-v1-5", no license, no front matter
    evidence = case_evidence("monsy101__stable_diffusion_finetune_v1")
    assert "Base Model: sd-legacy/stable-diffusion-v1-5" in evidence.card_body
    result, ancestors = judged(evidence)
    assert [a.repo_id for a in ancestors] == ["sd-legacy/stable-diffusion-v1-5"] and ancestors[0].problem
    assert result.classification.license_id == "creativeml-openrail-m", result.reasons
    assert result.verdict == "conditional", result.reasons
    # the verdict says the base was not read, naming it, and what to confirm
    assert any("sd-legacy/stable-diffusion-v1-5" in r and "could not be read" in r for r in result.reasons), result.reasons
    assert any("sd-legacy/stable-diffusion-v1-5" in f for f in result.facts_to_confirm), result.facts_to_confirm


def test_a_stable_diffusion_base_of_another_version_is_not_the_v1_license():
    # SDXL and 2.x are under the CreativeML Open RAIL++-M, not the Open RAIL-M: a name without its 1.x version is no v1
    # (repos no case holds: not read, as the v1.5 copy is not)
    evidence = case_evidence("monsy101__stable_diffusion_finetune_v1")
    for other in ("sd-legacy/stable-diffusion-2-1", "sd-legacy/stable-diffusion-xl-base-1.0", "sd-legacy/stable-diffusion"):
        renamed = replace(evidence, card_body=evidence.card_body.replace("sd-legacy/stable-diffusion-v1-5", other))
        result, _ = judged(renamed)
        assert "creativeml-openrail-m" not in (result.classification.license_id, *result.classification.candidates), (other, result.reasons)
        if other.endswith("stable-diffusion-xl-base-1.0"):
            # SDXL 1.0's own repo name is read as Stable Diffusion XL (acc37): its Open RAIL++-M, as v1.5's name gives
            # the Open RAIL-M above, the unread base still to confirm
            assert (result.verdict, result.classification.license_id) == ("conditional", "openrail++"), (other, result.reasons)
            assert any(other in f for f in result.facts_to_confirm), result.facts_to_confirm
        else:
            assert result.verdict == "unknown", (other, result.reasons)
