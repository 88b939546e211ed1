"""acc79 (review70's older false allows and passes): terms put on the use in German, French, Italian beside the license
("Die Nutzung unterliegt der Apache-Lizenz 2.0 und den Nutzungsbedingungen von Acme Labs.": the second name after "und / et
/ e" was not read), a license "as modified by" a rider, the checkpoints said to be a license ("..., while the checkpoints are
CC BY-NC 4.0"), weights of a size said to be non-commercial in a clause of their own, the weights' label giving the base's
terms ("Weights -- same as the base model (facebook/opt-1.3b)"), a source "used under" terms of its own, a license line
scoped to the code alone ("License = Apache-2.0 (code only)"), and the license of what the model was trained on
("Trained on AcmeSpeech, which is released under ..."). Each card is review70's repro, as written there; the guards say
the same without the terms and stay as they were, before and after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_lineage_round11 import judged, local, not_on_the_hub
from tests.test_review55_fixes import CORPUS


def _verdict(tmp_path: Path, card: str, license_text: str | None = None) -> str:
    """The commercial verdict on a local checkpoint with ``card`` as its README (and ``license_text`` of the corpus as
    its LICENSE, when given), its bases not on the Hub."""
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    if license_text is not None:
        shutil.copy(CORPUS / license_text, folder / "LICENSE")
    return judged(local(folder, "acme"), not_on_the_hub).verdict


def _card(license_id: str | None, title: str, text: str) -> str:
    front = f"license: {license_id}" if license_id else "tags: [text-generation]"
    return f"---\n{front}\n---\n# {title}\n\n{text}\n"


@pytest.mark.parametrize("license_text", [None, "apache-2.0.txt"])
@pytest.mark.parametrize("text", [
    "Die Nutzung unterliegt der Apache-Lizenz 2.0 und den Nutzungsbedingungen von Acme Labs.",   # 15
    "L'utilisation du modèle est soumise à la licence Apache 2.0 et aux conditions d'utilisation d'Acme.",   # 66
    "L'uso del modello è soggetto alla licenza Apache 2.0 e ai Termini di utilizzo di Acme.",   # 67
    "Use of Acme-3B is governed by the Apache License 2.0 as modified by the Acme Rider in RIDER.md.",   # 17
])
def test_terms_beside_the_license_on_the_use_are_unknown(tmp_path, text, license_text):
    assert _verdict(tmp_path, _card("apache-2.0", "acme-7b", text), license_text) == "unknown"


@pytest.mark.parametrize("text", [
    "Die Nutzung unterliegt der Apache-Lizenz 2.0 und den Nutzungsbedingungen.",
    "L'utilisation du modèle est soumise à la licence Apache 2.0 et aux conditions d'utilisation.",
    "L'uso del modello è soggetto alla licenza Apache 2.0 e ai Termini di utilizzo.",
    "Das Modell unterliegt der Apache-Lizenz 2.0 und darf kommerziell genutzt werden.",
    "Use of Acme-3B is governed by the Apache License 2.0.",
])
def test_the_license_and_its_own_terms_of_use_stay_allowed(tmp_path, text):
    assert _verdict(tmp_path, _card("apache-2.0", "acme-7b", text), "apache-2.0.txt") == "allowed"


@pytest.mark.parametrize("text", [
    "The code is Apache 2.0, while the checkpoints are CC BY-NC 4.0.",   # 32
    "Code and weights: Apache-2.0, except the 13B weights, which are non-commercial.",   # 33
    "The 13B weights are non-commercial.",
])
def test_checkpoints_or_weights_said_non_commercial_are_denied(tmp_path, text):
    assert _verdict(tmp_path, _card("apache-2.0", "Acme-Pose", text), "apache-2.0.txt") == "denied"


@pytest.mark.parametrize("text", [
    "Code -- MIT; Weights -- same as the base model (facebook/opt-1.3b).",   # 62
    "Code -- MIT; Weights -- same as facebook/opt-1.3b.",
])
def test_the_weights_label_giving_the_base_s_terms_follows_the_base(tmp_path, text):
    # facebook/opt-1.3b is not on the (fake) Hub here: its terms unread, unknown
    card = _card("mit", "acme-opt-ft", text)
    assert _verdict(tmp_path, card, "mit.txt") == "unknown"


def test_a_source_used_under_terms_of_its_own_is_unknown(tmp_path):
    # 74: the attribution a derivative gives; not only "CC BY 4.0 by Jane Doe"
    card = _card("cc-by-4.0", "acme-sep-3", 'This work "acme-sep-3" is a derivative of the Acme-7B model by Acme Labs, used under '
                 'the Acme Model License (non-commercial). "acme-sep-3" is licensed under CC BY 4.0 by Jane Doe.')
    assert _verdict(tmp_path, card) == "unknown"


@pytest.mark.parametrize("text", [
    "License = Apache-2.0 (code only)",   # 80
    "Trained on AcmeSpeech, which is released under Attribution 4.0 International.",   # 81
])
def test_a_license_of_something_else_leaves_the_weights_unknown(tmp_path, text):
    assert _verdict(tmp_path, _card(None, "Acme-Eq", text)) == "unknown"


@pytest.mark.parametrize(("license_id", "text", "verdict"), [
    ("apache-2.0", "Code: Apache 2.0. The checkpoints are Apache 2.0.", "allowed"),
    ("apache-2.0", "The code is Apache 2.0, while the dataset is CC BY-NC 4.0.", "allowed"),
    ("cc-by-4.0", "This work is a derivative of Acme-7B by Acme Labs, used under CC BY 4.0.", "allowed"),
    ("mit", "Code -- MIT; Weights -- MIT.", "allowed"),
    # the Asteroid cards' notice (real_cards rounds 42-45): the source is data, its terms the data's
    ("cc-by-sa-4.0", 'This work "ConvTasNet" is a derivative of DAMP-VSEP (Version 1.0.1) by Smule, Inc, used under Smule\'s '
                     'Research Data License Agreement (Research only). "ConvTasNet" is licensed under CC BY-SA 4.0 by Jane Doe.',
     "conditional"),   # (copyleft: conditional, as before)
    (None, "License: CC BY-NC 4.0 (model)", "denied"),
])
def test_guards(tmp_path, license_id, text, verdict):
    assert _verdict(tmp_path, _card(license_id, "acme-7b", text)) == verdict
