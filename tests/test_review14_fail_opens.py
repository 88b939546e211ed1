"""Restricted checkpoints the fourteenth review found passing, each on real words: the real BERT card of
benchmarks/real_cards (license: apache-2.0 and its Apache LICENSE, allowed as it is) with one sentence added.
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert

# --- 1. a concession or reason that states this checkpoint's license is never read away --------------------------


@pytest.mark.parametrize("appended", [
    "\n## License\n\nAlthough this fine-tune is CC BY-NC 4.0, the training code is Apache 2.0.\n",
    "\n## License\n\nApache 2.0 for the training code, since this LLM is released under CC BY-NC 4.0.\n",
    "\n## License\n\nWhile the released parameters are CC BY-NC 4.0, the training code is MIT.\n",
])
def test_a_concession_or_reason_naming_a_license_of_the_checkpoint_is_kept(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict in ("denied", "unknown") and any("cc-by-nc-4.0" in reason for reason in result.reasons), result.reasons

