"""Round 37: dbmdz/bert-base-historic-dutch-cased declares `license: mit` and says "All models are licensed under
[MIT](LICENSE)." with no LICENSE in the repository. The link's text and its line name the license the metadata
declares and no other: the missing file is a dead link to the MIT License, not terms licscan could not read. A link
whose text names no license, another license than the declared one, or sits on a line naming a second license, still
points to terms licscan did not read (never allowed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_lineage_round11 import hub, judged, local
from tests.test_real_card_gaps import CASES

DUTCH = CASES / "dbmdz__bert-base-historic-dutch-cased" / "files"
LINE = "All models are licensed under [MIT](LICENSE)."


def _card(tmp_path: Path, old: str | None = None, new: str = "") -> Path:
    shutil.copyfile(DUTCH / "README.md", tmp_path / "README.md")
    if old is not None:
        card = (tmp_path / "README.md").read_text(encoding="utf-8")
        assert old in card, old
        (tmp_path / "README.md").write_text(card.replace(old, new), encoding="utf-8")
    return tmp_path


def test_a_dead_link_whose_text_is_the_declared_license_is_that_license():
    card = (DUTCH / "README.md").read_text(encoding="utf-8")
    assert "license: mit" in card and LINE in card and not (DUTCH / "LICENSE").exists()
    result = judged(local(DUTCH, "dbmdz/bert-base-historic-dutch-cased"), hub({}))
    assert (result.classification.license_id, result.verdict, result.failed) == ("mit", "allowed", False), result.reasons


@pytest.mark.parametrize("old, new", [
    (LINE, "All models are licensed under [our license](LICENSE)."),                  # the text names no license
    (LINE, "All models are licensed under [Apache-2.0](LICENSE)."),                   # not the declared one
    (LINE, "The code is under [MIT](LICENSE), the weights under [the model license](MODEL_LICENSE)."),  # another file
    (LINE, "All models are licensed under [MIT](LICENSE) and CC BY-NC 4.0."),          # a second license on the line
    ("license: mit", "license: apache-2.0"),                                           # metadata declares another
    # review61: words beside the link that change or narrow the license
    (LINE, "All models are licensed under [MIT](LICENSE) with additional use restrictions."),
    (LINE, "All models are licensed under a modified [MIT](LICENSE)."),
    (LINE, "**License:** [MIT](LICENSE) (**non-commercial**)"),
    (LINE, "All models are licensed under [MIT](LICENSE) with RAIL use-based restrictions."),
    (LINE, "All models are licensed under [MIT](LICENSE) and its [acceptable use policy](USE_POLICY.md)."),
])
def test_a_dead_license_link_that_does_not_just_repeat_the_declared_license_is_never_allowed(tmp_path, old, new):
    result = judged(local(_card(tmp_path, old, new), "dbmdz/bert-base-historic-dutch-cased"), hub({}))
    assert result.verdict != "allowed", result.reasons
