"""Restricted checkpoints the eleventh review found passing, each on the real BERT card (license: apache-2.0 and
its Apache LICENSE, allowed as it is) or a real card of benchmarks/real_cards, with real license texts: a License
line or section naming a stricter license, a license_link to another repo's LICENSE, a NOTICE listing
non-commercial weights it bundles, waivers outliving the evidence they were approved for or matching another
service's folder, and license files named in other languages or COPYRIGHT / LEGAL.
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert
from tests.test_real_card_gaps import CASES, license_text

NC = license_text("cc-by-nc-4.0.txt")
# a credit line of Qwen-7B-Chat's real NOTICE: names a holder, states no terms
NVIDIA_CREDIT = next(line for line in (CASES / "Qwen__Qwen-7B-Chat" / "files" / "NOTICE").read_text(encoding="utf-8").splitlines()
                     if line.startswith("Copyright (c) 2022, NVIDIA CORPORATION. All rights reserved.")) + "\n"


# --- 5. license files named in other languages, COPYRIGHT and LEGAL ------------------------------------------


@pytest.mark.parametrize("name", ["COPYRIGHT", "COPYRIGHT.txt", "LEGAL.md", "LICENCIA.md", "LICENÇA.md", "LICENZA.txt", "LIZENZ"])
def test_a_license_file_named_copyright_legal_or_license_in_another_language_is_read(tmp_path, name):
    result = bert(tmp_path, files={name: NC})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_a_copyright_file_that_only_credits_a_holder_changes_nothing(tmp_path):
    # read as a NOTICE is: a credit line beside the Apache LICENSE is no license of its own
    result = bert(tmp_path, files={"COPYRIGHT": NVIDIA_CREDIT})
    assert result.verdict == "allowed", result.reasons
    assert any(f.name == "COPYRIGHT" for f in result.evidence.files)


def test_a_data_file_with_legal_in_its_name_is_not_read(tmp_path):
    result = bert(tmp_path, files={"legal_qa_examples.txt": NC})
    assert result.verdict == "allowed" and not any(f.name == "legal_qa_examples.txt" for f in result.evidence.files)
