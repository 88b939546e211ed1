"""acc74 (review65's false allows): a card on Apache-2.0 / MIT with its real license file put the use under terms of their own
with other verbs ("is conditioned on acceptance of", "requires acceptance of", "is restricted by", "means you accept", "Made
available by Acme subject to", German "unterliegt", Spanish "está sujeto a"), or said "Distributed by Acme under the Acme
Community License."; its License line restricted the license in other languages ("(非商用)", "(ticari olmayan kullanım)",
"(niet voor commercieel gebruik)" ...) or to demos ("(for demos only)"); "Use is subject to the License (non-commercial)."
restricted the license it refers to; code and weights lines with other marks ("Code -- MIT | Weights -- CC BY-NC 4.0", "Code →
MIT, Model → CC BY-NC 4.0", "Code ⋅ MIT ⋅ Weights ⋅ CC BY-NC 4.0", "Checkpoints — CC BY-NC 4.0", "Weights (CC BY-NC 4.0), code
(MIT).") gave the weights a non-commercial license. All were allowed. The guards stay allowed."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_acc71_review64_rest import MIT_CARD
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("tail", [
    "Use of the model is conditioned on acceptance of the Acme Model Terms.",
    "Use of the model requires acceptance of the Acme Model Terms.",
    "Use of the model is restricted by the Acme Model Terms.",
    "Downloading this model means you accept the Acme Model Terms.",
    "By downloading this model you accept the Acme Model Terms.",
    "Made available by Acme subject to the Acme Model Terms.",
    "Distributed by Acme under the Acme Community License.",
    "Die Nutzung unterliegt den Acme-Modellbedingungen.",
    "El uso de este modelo está sujeto a los Términos de Acme.",
    "Use is subject to the License (non-commercial).",
])
def test_terms_of_their_own_said_with_other_words_are_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"


@pytest.mark.parametrize("line", [
    "**License:** MIT (非商用)",
    "**License:** MIT (ticari olmayan kullanım)",
    "**License:** MIT (pouze nekomerční použití)",
    "**License:** MIT (некомерційне використання)",
    "**License:** MIT (icke-kommersiell användning)",
    "**License:** MIT (phi thương mại)",
    "**License:** MIT (non-komersial)",
    "**License:** MIT (не для коммерческого использования)",
    "**License:** MIT (niet voor commercieel gebruik)",
    "**License:** MIT (zakaz użytku komercyjnego)",
    "**License:** MIT (for demos only)",
    "**License:** MIT (showcase only)",
    "Code -- MIT | Weights -- CC BY-NC 4.0",
    "Code → MIT, Model → CC BY-NC 4.0",
    "Code ⋅ MIT ⋅ Weights ⋅ CC BY-NC 4.0",
    "Checkpoints — CC BY-NC 4.0",
    "Weights (CC BY-NC 4.0), code (MIT).",
])
def test_a_restricted_license_line_or_a_weights_part_is_denied(tmp_path, line):
    assert _verdict(tmp_path, MIT_CARD + line + "\n", "mit.txt") == "denied"


@pytest.mark.parametrize("tail", [
    "Use of the model is subject to the Apache License.",
    "Use of the model requires acceptance of the Apache License 2.0.",
    "Use of the model is restricted by the terms of the Apache License.",
    "Use of the model is conditioned on acceptance of the license in LICENSE.",
    "Downloading this model means you accept the Apache License 2.0.",
    "Made available by Acme subject to the Apache License 2.0.",
    "Distributed by Acme under the Apache License 2.0.",
    "Die Nutzung unterliegt der Apache-Lizenz 2.0.",
    "Use of this model is subject to its license.",
    "Use of this model is governed by the license in LICENSE.",
    "You need to accept the conditions to access this model.",
    "By using this model you agree to the License.",
    "Use is subject to the License (see LICENSE).",
    "Weights - 7B params",
    "Model — Acme-7B",
    "Checkpoints — 3 files",
    "Our code: https://github.com/acme/x, model: Llama 2 7B",
    "**Organization:** 비영리 단체 제공",
    "## License\n\nApache-2.0 (see the demo)",
])
def test_guards_stay_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


@pytest.mark.parametrize("line", [
    "**License:** MIT (ticari ve ticari olmayan kullanım serbest)",
    "**License:** MIT (komerční i nekomerční použití povoleno)",
    "**License:** MIT (商用・非商用利用可)",
    "Code — MIT | Weights — MIT",
    "Code → MIT, Model → MIT",
    "Weights (MIT), code (MIT).",
])
def test_mit_guards_stay_allowed(tmp_path, line):
    assert _verdict(tmp_path, MIT_CARD + line + "\n", "mit.txt") == "allowed"
