"""Review44: every license id and license_name the Hub census counts twice or more, read by name alone.

The Stability AI Community License by the names real cards give it (`license_name: stabilityai-ai-community`,
`stable-video-diffusion-community`, aliases of rules/stability-community.yaml) was unknown: it is a later license of the
StableLM 2 and Stable Audio Open families, and a license name of a family without its version was read as naming the
family's first, unknown terms (review21 F4). That reading is for a license named after its family ("yi-license" for Yi).
Each card is the real BERT card with its `license: apache-2.0` line replaced, no license file.
"""

from __future__ import annotations

import pytest

from tests.test_acc35_declarations import bert_with
from tests.test_real_card_gaps import _local as judge_folder


@pytest.mark.parametrize(("name", "expected"), [
    ("stabilityai-ai-community", ("conditional", "stability-community")),
    ("stable-video-diffusion-community", ("conditional", "stability-community")),
    ("yi-license", ("denied", "yi-license-1.0")),     # every Yi text's name: the family's first terms (review21 F4)
])
def test_a_license_named_by_name_alone(tmp_path, name, expected):
    result = judge_folder(tmp_path, {"README.md": bert_with(f"license: other\nlicense_name: {name}\n")})
    assert (result.verdict, result.classification.license_id) == expected, result.reasons
