"""acc72: false blocks. A license's standard notice pasted into the card (Apache 2.0's APPENDIX notice, "Licensed under the
Apache License, Version 2.0 (the "License"); ..."; the GPL's "This program is free software ..."), as prose or in a fence,
was read as 6 % of the license's text (unsettled) and its "distributed under the License is distributed" as a license
named "License is distributed"; MIT's permission notice without its title ("## License" over "Permission is hereby
granted ...") as a modified MIT ("removed “mit”"); "Access to this model is subject to accepting the conditions below" as
terms named "accepting the conditions below"; and the "(Research only)" of the data a ConvTasNet card's attribution notice
says its source was "used under" as the model's terms. The notices are the lines of the reference texts themselves
(license_texts/, what the matcher reads), the ConvTasNet cards the benchmark's real cards (benchmarks/real_cards/cases).
Guards: part of Apache's terms (not its notice), a modified MIT, a notice line with words of its own, a license line
qualified as non-commercial, "for research only" of the model, and a source on the Hub that is a model stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB
from tests.test_review55_fixes import _verdict

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
HEAD = "# Acme-7B\n\nAcme-7B is a 7B text model trained by Acme Labs.\n\n"
APACHE_CARD = "---\nlicense: apache-2.0\n---\n\n" + HEAD
MIT_CARD = "---\nlicense: mit\n---\n\n" + HEAD
GPL_CARD = "---\nlicense: gpl-3.0\n---\n\n" + HEAD

_APACHE = (TEXTS / "apache-2.0.txt").read_text(encoding="utf-8").splitlines()
# the notice of Apache's APPENDIX, "Licensed under ..." to "... limitations under the License." (lines 192-202)
APACHE_NOTICE = [line.strip() for line in _APACHE[191:202]]
assert APACHE_NOTICE[0].startswith("Licensed under the Apache License") and APACHE_NOTICE[-1] == "limitations under the License."
_GPL = (TEXTS / "gpl-3.0.txt").read_text(encoding="utf-8").splitlines()
# the GPL's notice, "This program is free software ..." to "... <https://www.gnu.org/licenses/>." (lines 638-649)
GPL_NOTICE = [line.strip() for line in _GPL[637:649]]
assert GPL_NOTICE[0].startswith("This program is free software") and GPL_NOTICE[-1].endswith("<https://www.gnu.org/licenses/>.")
_MIT = (TEXTS / "mit.txt").read_text(encoding="utf-8")
MIT_PERMISSION = _MIT[_MIT.index("Permission is hereby granted"):]


def _card_verdict(tmp_path: Path, card: str, license_file: Path | None = None) -> str:
    """The verdict on a folder holding the card and ``license_file`` as its LICENSE (the real ConvTasNet cards ship none)."""
    folder = tmp_path / "acme-7b"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    if license_file is not None:
        (folder / "LICENSE").write_bytes(license_file.read_bytes())
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="acme-7b", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence)).verdict


@pytest.mark.parametrize("notice", [
    "## License\n\n```\n" + "\n".join(APACHE_NOTICE) + "\n```\n",
    "## License\n\n" + " ".join(line for line in APACHE_NOTICE if line) + "\n",
    "## License\n\nCopyright 2024 Acme Labs\n\n" + "\n".join(APACHE_NOTICE) + "\n",
])
def test_apaches_notice_in_the_card_is_a_statement_of_the_license(tmp_path, notice):
    assert _verdict(tmp_path, APACHE_CARD + notice) == "allowed"


def test_the_notice_names_the_license_the_card_is_under(tmp_path):
    # beside another declared license the notice is the card saying Apache 2.0 too, as its prose would: read, not lost
    reading = next(r for r in CLASSIFIER.read(_evidence(tmp_path, MIT_CARD + "## License\n\n" + "\n".join(APACHE_NOTICE) + "\n"))
                   if r.strategy == "card body text")
    assert [c.license_id for c in reading.candidates] == ["apache-2.0"] and not reading.remarks


def test_the_gpls_notice_in_the_card_is_a_statement_of_the_license(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = _card_verdict(tmp_path / "a", GPL_CARD, TEXTS / "gpl-3.0.txt")
    with_notice = _card_verdict(tmp_path / "b", GPL_CARD + "## License\n\n" + "\n".join(GPL_NOTICE) + "\n", TEXTS / "gpl-3.0.txt")
    assert plain != "unknown" and with_notice == plain


def test_mits_permission_notice_without_its_title_is_mit(tmp_path):
    assert _verdict(tmp_path, MIT_CARD + "## License\n\n" + MIT_PERMISSION, "mit.txt") == "allowed"


def test_an_access_gates_words_name_no_terms(tmp_path):
    assert _verdict(tmp_path, APACHE_CARD + "Access to this model is subject to accepting the conditions below.\n") == "allowed"


@pytest.mark.parametrize("case", ["mhu-coder__ConvTasNet_Libri1Mix_enhsingle", "mpariente__ConvTasNet_WHAM_sepclean"])
def test_the_research_only_terms_a_source_was_used_under_are_the_sources(tmp_path, case):
    card = (CASES / case / "files" / "README.md").read_text(encoding="utf-8")
    assert "(Research only)" in card
    assert _card_verdict(tmp_path, card) == "conditional"   # CC BY-SA, as the front matter declares


# guards: pass before and after


@pytest.mark.parametrize("tail", [
    # part of Apache's terms, not its notice: section 4, Redistribution
    "## License\n\n" + "\n".join(line.strip() for line in _APACHE[88:104]) + "\n",
    # a notice with words of its own on its line
    "## License\n\nLicensed under the Apache License, Version 2.0 (the \"License\") for non-commercial use only;\n"
    + "\n".join(APACHE_NOTICE[1:]) + "\n",
    "Licensed under the Apache License 2.0 (non-commercial)\n",
    "This model is for research only.\n",
])
def test_part_of_the_terms_or_a_restriction_stays_unsettled_or_restricts(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail) != "allowed"


def test_a_modified_mit_stays_unsettled(tmp_path):
    modified = MIT_PERMISSION.replace("publish, distribute, sublicense, and/or sell", "publish and distribute")
    assert modified != MIT_PERMISSION
    assert _verdict(tmp_path, MIT_CARD + "## License\n\n" + modified, "mit.txt") != "allowed"


def test_research_only_terms_of_a_base_model_on_the_hub_still_restrict(tmp_path):
    card = ("---\nlicense: cc-by-sa-4.0\n---\n\n# Acme-7B\n\n### License notice:\nThis work \"Acme-7B\" is a derivative of "
            "[Acme-Base](https://huggingface.co/acme/acme-base) by [Acme](https://acme.example), used under [Acme Model "
            "Agreement](https://acme.example/agreement.pdf) (Research only).\n\"Acme-7B\" is licensed under [Attribution-ShareAlike "
            "3.0 Unported](https://creativecommons.org/licenses/by-sa/3.0/) by Acme Labs.\n")
    assert _card_verdict(tmp_path, card) != "allowed"


def _evidence(tmp_path: Path, card: str):
    folder = tmp_path / "acme-7b"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    return LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="acme-7b", kind="local", line=1))


def test_research_only_terms_a_source_was_used_under_restrict_when_no_license_of_the_work_follows(tmp_path):
    # (lead, after acc72) the attribution form gives the work's own license after the source's terms; a card that says only
    # that its model was "used under [Acme Model Agreement](...) (Research only)" gives the model no other terms
    card = ("---\nlicense: mit\n---\n\n# Acme-7B\n\nThis work \"Acme-7B\" is a derivative of [Acme-Base](https://github.com/acme/"
            "acme-base) by [Acme](https://acme.example), used under [Acme Model Agreement](https://acme.example/agreement.pdf) "
            "(Research only).\n")
    assert _card_verdict(tmp_path, card, TEXTS / "mit.txt") == "denied"


def test_the_notice_at_the_head_of_a_code_example_is_the_codes_not_the_weights(tmp_path):
    # (lead, after acc72) a card that states no license, whose usage example is a file that opens with Apache's notice:
    # the notice is that code's; the weights' license stays unknown (acc72 read it as the card stating Apache: allowed)
    card = ("---\nlibrary_name: transformers\n---\n\n# Acme-7B\n\n## Usage\n\n```python\n# Copyright 2024 Acme Labs\n#\n"
            + "\n".join(f"# {line}" if line else "#" for line in APACHE_NOTICE)
            + "\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained('acme/Acme-7B')\n```\n")
    assert _card_verdict(tmp_path, card) == "unknown"


def test_a_fenced_notice_under_a_license_heading_still_states_the_license(tmp_path):
    # (stated in the card's words only, no license file: conditional, as the prose "Licensed under Apache-2.0" would be)
    card = "---\nlibrary_name: transformers\n---\n\n# Acme-7B\n\n## License\n\n```\n" + "\n".join(APACHE_NOTICE) + "\n```\n"
    assert _card_verdict(tmp_path, card) == "conditional"
