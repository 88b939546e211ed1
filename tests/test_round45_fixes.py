"""Round 45's false block: hugggof/ConvTasNet-DAMP-Vocals says '"ConvTasNet_DAMP-VSEP_enhboth" is licensed under
Attribution-ShareAlike 3.0 Unported by Gerardo Roa Dabike.': a Creative Commons license named by its deed's title without
"Creative Commons" or a link. Each CC rule now knows its title so ("Attribution-NonCommercial 3.0 Unported", "Attribution
2.0 Generic"), as cc-by-nc-4.0 knew "Attribution-NonCommercial 4.0 International"."""

from __future__ import annotations

import pytest

from tests.test_acc59_prose_bases import _files
from tests.test_lineage_round11 import hub, judged, local
from tests.test_review55_fixes import _verdict


def test_a_cc_license_named_by_its_deeds_title_alone_is_read():
    result = judged(local(_files("hugggof__ConvTasNet-DAMP-Vocals"), "hugggof/ConvTasNet-DAMP-Vocals"), hub({}))
    assert result.classification.license_id == "cc-by-sa-3.0", result.reasons


@pytest.mark.parametrize("title, verdict", [
    ("Attribution-NonCommercial 3.0 Unported", "denied"),
    ("Attribution-NonCommercial-ShareAlike 2.0 Generic", "denied"),
    ("Attribution-NonCommercial-NoDerivs 3.0 Unported", "denied"),
])
def test_a_non_commercial_cc_title_beside_an_apache_license_denies(tmp_path, title, verdict):
    card = f"---\nlicense: apache-2.0\n---\n\n# Acme-7B\n\nThe model weights are licensed under {title}.\n"
    assert _verdict(tmp_path, card) == verdict
