"""acc76 (review67's false allows): a card on Apache-2.0 with its real license file said, in French with the model as the
subject, that it is under terms of its own ("Le modèle est soumis au Contrat de licence d'Acme."); named the repo it starts
from or shares its license with in other words ("Our starting point is X", "License: identical to X", "License: inherited
from X"); put the reader under terms of their own ("You agree to be bound by (the terms of) the Acme Model License
Agreement.", without "By using ..."); named a longer publisher before "under" ("Distributed by the Acme Labs research team
under CC BY-NC 4.0."); labelled the license with "=" ("Model license = CC BY-NC 4.0 (non-commercial only)", conditional); or
named CC BY-NC 2.5 by its deed's title without "Creative Commons" ("Attribution-NonCommercial 2.5 Generic", which licscan has
no rule of its own for: read as its family's latest member, never as nothing beside Apache). All were allowed but one. The
guards stay allowed, before and after."""

from __future__ import annotations

import pytest

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_acc57_review55 import APACHE_CARD
from tests.test_lineage_round11 import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB
from tests.test_review55_fixes import _verdict

NC = "CohereForAI/c4ai-command-r-v01"   # a repo the fake Hub has not: its license is unreadable offline


@pytest.mark.parametrize("tail", [
    "Le modèle est soumis au Contrat de licence d'Acme.",
    f"Our starting point is {NC}.",
    f"License: identical to {NC}",
    f"License: inherited from {NC}",
    "You agree to be bound by the terms of the Acme Model License Agreement.",
    "You agree to be bound by the Acme Model License Agreement.",
])
def test_terms_of_their_own_or_a_source_of_terms_are_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"


@pytest.mark.parametrize("line", [
    "Distributed by the Acme Labs research team under CC BY-NC 4.0.",
    "Made available by the Acme Labs applied research team under CC BY-NC 4.0.",
    "Model license = CC BY-NC 4.0 (non-commercial only)",
    "Licensed under Attribution-NonCommercial-ShareAlike 2.5 Generic.",
    "Licensed under Attribution-NonCommercial 2.5 Generic.",
])
def test_a_non_commercial_license_line_is_denied(tmp_path, line):
    assert _verdict(tmp_path, APACHE_CARD + line + "\n") == "denied"


@pytest.mark.parametrize("tail", [
    "Our starting point is the original paper.",
    "You agree to be bound by the Apache License 2.0.",
    "You agree to be bound by this Agreement.",
    "You agree to be bound by the terms of the Apache License.",
    "Distributed by Acme under the Apache License 2.0.",
    "Distributed by the Acme Labs research team under the Apache License 2.0.",
    "License: identical to the base model's",
    "Le modèle est soumis à la licence Apache 2.0.",
    "Ce modèle est soumis aux termes de la licence Apache 2.0.",
    "O modelo é distribuído sob a licença Apache 2.0 e está sujeito aos termos dessa licença.",
    "Model license = Apache 2.0",
])
def test_guards_stay_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"


def test_cc_by_25_by_its_deeds_title_stays_allowed(tmp_path):
    """A card on CC BY 2.5 (no verbatim text in the corpus: the metadata and the card's words only) naming it by its deed's title."""
    folder = tmp_path / "acme-7b"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: cc-by-2.5\n---\n\n# Acme-7B\n\nA 7B text model.\n\n"
                                      "Licensed under Attribution 2.5 Generic.\n", encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="acme-7b", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    verdict = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))
    assert verdict.verdict == "allowed"
    assert "cc-by-2.5" in repr(verdict)

