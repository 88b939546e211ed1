"""review64: false blocks in acc68's unknown terms and acc69's qualifiers. The repository's own LICENSE or notice files,
a contributor license agreement, a host's terms of service and "Apache License, Version 2.0" (one name, its comma kept)
are no unknown terms; "commercial use: no restrictions" grants, "Educational use encouraged" / "great for educational
use" / "for commercial, educational and research use" / "for non-profit and for-profit organisations" and the foreign
non-commercial words in either order with commercial ones restrict nothing; a License section's lone license name is not
read with a line after a blank line or a label's line. The terms and qualifiers these readers were built for still count."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("tail", [
    "Released under Apache 2.0 in addition to the LICENSE file.",
    "Released under Apache 2.0 in addition to the LICENSE.md file.",
    "Released under Apache 2.0 in addition to the license notices in each source file.",
    "This model is licensed under Apache 2.0. Use is also subject to the Apache License 2.0.",
    "This model is licensed under Apache 2.0. Use is also subject to the Apache License, Version 2.0.",
    "**License:** Apache-2.0 + Apache License, Version 2.0",
    "This model is licensed under Apache 2.0. Use is also subject to the Hugging Face Terms of Service.",
    "Released under Apache-2.0 with the Acme Contributor License Agreement.",
    "**License:** Apache-2.0 (commercial use: no restrictions)",
    "**License:** Apache-2.0 (commercial use: no royalties)",
    "## License\n\nApache-2.0\nEducational use encouraged!",
    "Released under Apache-2.0, great for educational use.",
    "**License:** Apache-2.0 (free for commercial, educational and research use)",
    "**License:** Apache-2.0 (nicht-kommerzielle und kommerzielle Nutzung erlaubt)",
    "**License:** Apache-2.0 (uso non commerciale e commerciale)",
    "**License:** Apache-2.0 (for non-profit and for-profit organisations alike)",
    "## License\n\nApache-2.0\n\nTelemetry: internal use only",
])
def test_words_that_add_no_terms_leave_the_license_as_named(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


@pytest.mark.parametrize("tail, verdict", [
    ("Released under Apache 2.0 in addition to the Acme Model Terms.", "unknown"),
    ("This model is licensed under Apache 2.0. Use is also subject to the Acme Model Terms.", "unknown"),
    ("**License:** Apache-2.0 (commercial use: no)", "denied"),
    ("## License\n\nApache-2.0\n(educational use)", "denied"),
    ("**License:** Apache-2.0 (nicht kommerziell)", "denied"),
])
def test_the_terms_and_qualifiers_still_count(tmp_path, tail, verdict):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == verdict


@pytest.mark.parametrize("tail", [
    "The checkpoints are non-commercial.",
    "This model's weights are non-commercial.",
    "The released weights are non-commercial.",
    "Our models are non-commercial.",
    "This adapter is non-commercial.",
])
def test_what_the_card_releases_said_to_be_non_commercial_restricts_it(tmp_path, tail):
    # review64 c048-c052: acc68 read "This release / These weights / All files in this repo are non-commercial" only
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "denied"


@pytest.mark.parametrize("tail", ["The dataset is non-commercial.", "Our models are non-commercial-friendly."])
def test_non_commercial_said_of_data_or_as_friendly_restricts_nothing(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


@pytest.mark.parametrize("line, verdict", [
    # review64 c053-c065: more qualifier words on a license line
    ("**License:** Apache-2.0 (not-for-profit use)", "denied"),
    ("**License:** Apache-2.0 (education use only)", "denied"),
    ("**License:** Apache-2.0 (for education)", "denied"),
    ("**License:** Apache-2.0 (teaching use only)", "denied"),
    ("**License:** Apache-2.0 (eval only)", "denied"),
    ("**License:** Apache-2.0 (testing only)", "denied"),
    ("**License:** Apache-2.0 (for internal testing)", "denied"),
    ("**License:** Apache-2.0 (in-house use only)", "denied"),
    ("**License:** Apache-2.0 (internal evaluation)", "denied"),
    ("**License:** Apache-2.0 (commercial use ❌)", "denied"),
    ("**License:** Apache-2.0 (commercial use — no)", "denied"),
    ("**License:** Apache-2.0 (commercial_use: false)", "denied"),
    # guards: the same words saying something else
    ("**License:** Apache-2.0 (commercial use ✅)", "allowed"),
    ("**License:** Apache-2.0 (commercial use — no restrictions)", "allowed"),
    ("**License:** Apache-2.0 (for education and commercial use)", "allowed"),
    ("**License:** Apache-2.0 (testing results below)", "allowed"),
])
def test_more_qualifier_words(tmp_path, line, verdict):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == verdict
