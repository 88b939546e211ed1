"""review68: acc76 read a use put under a license licscan knows as other terms when the sentence goes on after the
license's name ("You must comply with the Apache License when redistributing Acme-7B.", "Das Modell unterliegt der
Apache-Lizenz 2.0 und darf kommerziell genutzt werden.", "El modelo está sujeto a la licencia Apache 2.0 de Acme Labs.",
"Le modèle est soumis à la licence MIT d'Acme Labs."): the words after a known license's name are what the clause says of
it or its licensor. weights_terms read "the Apache License when redistributing Acme-7B" as a name (before acc76 too)."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_review55_fixes import _verdict


@pytest.mark.parametrize("tail", [
    "You must comply with the Apache License when redistributing Acme-7B.",
    "Use of the model is subject to the Apache License when redistributing Acme-7B.",
    "Das Modell unterliegt der Apache-Lizenz 2.0 und darf kommerziell genutzt werden.",
    "Die Nutzung unterliegt der Apache-Lizenz 2.0 und darf kommerziell genutzt werden.",
    "El modelo está sujeto a la licencia Apache 2.0 de Acme Labs.",
    "El uso está sujeto a la licencia Apache 2.0 de Acme Labs.",
])
def test_a_known_license_the_clause_goes_on_about_is_that_license(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


@pytest.mark.parametrize("tail", [
    "Use is subject to the license of Acme Corp.",
    "Use is subject to the Acme Model Terms and the Apache License.",
    "Le modèle est soumis à la Licence Acme d'Acme Labs.",
])
def test_terms_of_their_own_are_still_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"
