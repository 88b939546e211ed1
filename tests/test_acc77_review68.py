"""acc77 (review68's false allows): a card on Apache-2.0 with its real license file put the user or licensee under terms of
its own ("Users are bound by ...", "Licensee agrees to be bound by ...", "You agree to the Acme Terms of Use.", "You agree to
be bound by the Terms and Conditions of Acme AI."); said so of the model(s) in German, French, Italian, Dutch ("Die Modelle
unterliegen ...", "Les modèles sont soumis à ...", "Ce modèle est régi par ...", "Het model valt onder ...", "Il modello è
soggetto alla Licenza Acme.", a name whose word for license licscan did not read: "Licenza", "Contratto", "-lizenz",
"-licentie"); named the repo it starts from in other words ("Our base checkpoint is X", "The license inherits from X"); or
named a publisher with a comma, a company's "Inc." or brackets before "under" ("Released by Acme, Inc. under CC BY-NC
4.0."). All were allowed. The guards stay allowed, before and after."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict

NC = "CohereForAI/c4ai-command-r-v01"   # a repo the fake Hub has not: its license is unreadable offline


@pytest.mark.parametrize("tail", [
    "Users are bound by the Acme Model License Agreement.",
    "Licensee agrees to be bound by the Acme Model License Agreement.",
    "Die Modelle unterliegen der Acme Community License.",
    "Les modèles sont soumis à la Licence Communautaire Acme.",
    "Ce modèle est régi par la Licence Acme.",
    "Het model valt onder de Acme Modellicentie.",
    "Das Modell unterliegt der Acme-Modelllizenz.",
    "Il modello è soggetto alla Licenza Acme.",
    "Il modello è soggetto al Contratto di Licenza Acme.",
    "You agree to the Acme Terms of Use.",
    "You agree to be bound by the Terms and Conditions of Acme AI.",
    f"Our base checkpoint is {NC}.",
    f"The license inherits from {NC}.",
])
def test_terms_of_their_own_or_a_source_of_terms_are_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"


@pytest.mark.parametrize("line", [
    "Released by Acme, Inc. under CC BY-NC 4.0.",
    "Released by Acme (Berlin) under CC BY-NC 4.0.",
    "Released by the applied research team of Acme Labs in Berlin, Germany under CC BY-NC 4.0.",
])
def test_a_non_commercial_license_line_is_denied(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize("tail", [
    "Users are bound by the Apache License.",
    "Licensee agrees to be bound by the terms and conditions of the Apache License 2.0.",
    "You agree to be bound by the terms and conditions of Apache 2.0.",
    "Das Modell unterliegt der Apache-Lizenz 2.0.",
    "Il modello è soggetto alla licenza Apache 2.0 per uso commerciale.",
    "Ce modèle est régi par la licence Apache 2.0.",
    "Het model valt onder de Apache-licentie 2.0.",
    "Released by Acme, Inc. under the Apache License 2.0.",
    "Released by Acme (Berlin) under the Apache License 2.0.",
    "Our base checkpoint is trained in-house.",
    "The license inherits from the Apache License 2.0.",
    "Users agree to cite the paper.",
])
def test_guards_stay_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"
