"""acc69 (review63): license-line qualifiers acc66 did not read, each allowed beside `license: apache-2.0` and the verbatim
Apache LICENSE (FAIL-OPEN): non-profit and educational use (non-commercial), evaluation and internal use only
(research-only: no production, no use outside), hyphenated "-only" forms, "commercial use: no", the non-commercial adjective
in German, Italian, French, Spanish and Portuguese, a table's License cell of the model's row and a License section's line
that qualifies the license named alone on the line before. Guards: the same words saying something else, or granting
commercial use. Cards are review63's reviewer-style lines; the LICENSE file is the corpus's Apache 2.0 text."""

from __future__ import annotations

import pytest

from tests.test_review55_fixes import APACHE_CARD, _verdict

RESTRICTED = [
    "**License:** Apache-2.0 (non-profit use only)", "**License:** Apache-2.0 (educational use only)",
    "**License:** Apache-2.0 (evaluation only)", "**License:** Apache-2.0 (internal use only)",
    "**License:** Apache-2.0 (academic-only)", "**License:** MIT (NC-only)",
    "**License:** Apache-2.0 (commercial use: no)",
    "**License:** MIT (nicht kommerziell)", "**License:** Apache 2.0 (uso non commerciale)",
    "**License:** Apache 2.0 (utilisation non commerciale)", "**License:** Apache 2.0 (no comercial)",
    "**License:** Apache 2.0 (uso não comercial)",
    "| Model | License |\n|---|---|\n| Acme-7B | Apache-2.0 (non-commercial) |",
    "## License\n\nMIT\n(academic use)",
]


@pytest.mark.parametrize("line", RESTRICTED)
def test_the_qualifier_restricts_the_model(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize("line", ["**License:** Apache-2.0 (research-only)", "**License:** Apache 2.0 (uso no comercial)",
                                  "**License:** Apache 2.0 (usage non commercial)"])
def test_guards_already_denied(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize("line", [
    "**License:** Apache-2.0 (non-profit organisations welcome)", "**License:** Apache-2.0 (for educational and commercial use)",
    "**License:** Apache-2.0 (internal testing was done)", "**License:** Apache-2.0 (evaluation results below)",
    "**License:** MIT (commercial use: yes)", "**License:** Apache 2.0 (uso commerciale e non commerciale)",
    "| Model | License |\n|---|---|\n| Acme-7B | Apache-2.0 |",
    "## License\n\nMIT\n\nSee the LICENSE file.",
    "## License\n\nApache-2.0\n(see LICENSE)",
    "## License\n\nApache-2.0\nAcme-7B weights are fully open for academic research and commercial use.",
])
def test_guards_allowed(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "allowed"
