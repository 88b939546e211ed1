"""Terms under names of their own (review25): the same non-commercial sentence in DISCLAIMER.md, TOS.md,
USAGE_RESTRICTIONS.md, CONDITIONS.md or COMMERCIAL_USE.md beside an Apache card and LICENSE was never read, and the
checkpoint was allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.sources.common import role_for
from tests.test_real_card_gaps import _local

APACHE = (Path(__file__).resolve().parents[1] / "license_texts" / "apache-2.0.txt").read_text(encoding="utf-8")
CARD = "---\nlicense: apache-2.0\n---\n\n# prod-photo\n\nA product-photo generator fine-tuned on our catalogue.\n"
BAN = "# Terms\n\nThe model weights in this repository may not be used for commercial purposes.\n"


@pytest.mark.parametrize("name", ["DISCLAIMER.md", "TOS.md", "USAGE_RESTRICTIONS.md", "CONDITIONS.md", "COMMERCIAL_USE.md"])
def test_terms_in_a_file_named_for_them_are_read(tmp_path, name):
    result = _local(tmp_path, {"README.md": CARD, "LICENSE": APACHE, name: BAN})
    assert result.verdict in ("denied", "unknown"), (name, result.verdict, result.reasons)


@pytest.mark.parametrize("name,text", [
    ("DISCLAIMER.md", "# Disclaimer\n\nOutputs may be inaccurate. Review generated images before publishing them.\n"),
    ("COMMERCIAL_USE.md", "# Commercial use\n\nCommercial use is permitted under the Apache License 2.0 in LICENSE.\n"),
])
def test_a_guide_that_only_advises_or_permits_restricts_nothing(tmp_path, name, text):
    result = _local(tmp_path, {"README.md": CARD, "LICENSE": APACHE, name: text})
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("name,role", [
    ("TOS.md", "license"), ("CONDITIONS.txt", "license"), ("USAGE_RESTRICTIONS.md", "license"),
    ("DISCLAIMER.md", "use-guide"), ("COMMERCIAL_USE.md", "use-guide"),
    # not terms: a whole name only, and "conditions" inside another word or a data file's name is data
    ("eval_conditions.md", None), ("preconditions.md", None),
])
def test_which_names_are_terms(name, role):
    from licscan.sources.common import is_evidence_name

    assert (role_for(name) if is_evidence_name(name) else None) == role
