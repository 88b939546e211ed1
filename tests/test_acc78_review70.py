"""acc78: review70's repros that were right at the fifteenth session's start (bb1b6f3) and wrong after it. An attribution
notice's source that is a model ("a derivative of [AcmeSep model](https://github.com/...) by Acme Labs, used under
[Research License](...) (Research only)") passes its research-only terms on: only a source that is data has its terms set
aside (acc72's reading, narrowed). A license line's restricting tail ("under CC BY 4.0 to approved academic partners only",
"under Apache 2.0 to consortium members only", "under CC BY 4.0 for evaluation purposes.") restricts, as a qualifier does
(acc75 made "Made available / Provided / Released by X under Y" a license line and dropped the tail). The cards are
review70's repros, byte for byte where a test names one; no LICENSE file, as there."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB


def _verdict(tmp_path: Path, card: str) -> str:
    folder = tmp_path / "acme-model"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="acme-model", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence)).verdict


_NOTICE = ('---\nlicense: {license}\n---\n# ConvTasNet_Acme\n\n## License notice\n\nThis work "ConvTasNet_Acme" is a derivative '
           'of {source} by {by}, used under {terms} (Research only). "ConvTasNet_Acme" is licensed under {own} by Jane Doe.\n')
_CC_BY = "[Attribution 4.0 International](https://creativecommons.org/licenses/by/4.0/)"
_CC_BY_SA = "[Attribution-ShareAlike 3.0 Unported](https://creativecommons.org/licenses/by-sa/3.0/)"
_RESEARCH_LICENSE = "[Research License](https://github.com/acme/acmesep/blob/main/LICENSE)"


@pytest.mark.parametrize(("license_id", "source", "own"), [
    # review70 48 and 43
    ("cc-by-4.0", "[AcmeSep model](https://github.com/acme/acmesep)", _CC_BY),
    ("cc-by-sa-4.0", "[AcmeSep model](https://github.com/acme/acmesep)", _CC_BY_SA),
    # a source that names neither a model nor data: whose terms they are, the words do not say
    ("cc-by-4.0", "[AcmeSep](https://github.com/acme/acmesep)", _CC_BY),
])
def test_a_source_models_research_only_terms_pass_to_the_derivative(tmp_path, license_id, source, own):
    card = _NOTICE.format(license=license_id, source=source, by="Acme Labs", terms=_RESEARCH_LICENSE, own=own)
    assert _verdict(tmp_path, card) == "denied"


@pytest.mark.parametrize(("source", "by", "terms"), [
    # the Asteroid cards' sources (mpariente, mhu-coder, groadabike): a data catalog's address, a corpus, data terms
    ("[CSR-I (WSJ0) Complete](https://catalog.ldc.upenn.edu/LDC93S6A)", "[LDC](https://www.ldc.upenn.edu/)",
     "[LDC User Agreement for Non-Members](https://catalog.ldc.upenn.edu/license/ldc-non-members-agreement.pdf)"),
    ("[DAMP-VSEP corpus](https://zenodo.org/record/3553059)", "[Smule, Inc](https://www.smule.com/)",
     "[Restricted License](https://zenodo.org/record/3553059)"),
    ("DAMP-VSEP: Smule Digital Archive of Mobile Performances - Vocal Separation (Version 1.0.1)", "Smule, Inc",
     "Smule's Research Data License Agreement"),
])
def test_a_source_datasets_research_only_terms_stay_the_datas(tmp_path, source, by, terms):
    card = _NOTICE.format(license="cc-by-sa-4.0", source=source, by=by, terms=terms, own=_CC_BY_SA)
    assert _verdict(tmp_path, card) == "conditional"


_LINE_CARD = "---\n{meta}tags: [text-generation]\n---\n# Acme-Med\n\n{line}\n"


@pytest.mark.parametrize("line", [
    # review70 37 / 47, 82, 77
    "Made available by the Acme Health AI group under CC BY 4.0 to approved academic partners only.",
    "Provided by the Acme Consortium under Apache 2.0 to consortium members only.",
    "Released by Acme under CC BY 4.0 for evaluation purposes.",
    "Released under Apache 2.0, available only to our licensees.",
])
@pytest.mark.parametrize("meta", ["", "license: cc-by-4.0\n"])
def test_a_license_lines_restricting_tail_restricts(tmp_path, line, meta):
    assert _verdict(tmp_path, _LINE_CARD.format(meta=meta, line=line)) == "denied"


@pytest.mark.parametrize("line", [
    "Released by Acme Labs, Inc. under the MIT License.",
    "Provided by the Acme Consortium under Apache 2.0 to everyone.",
    "Made available by Acme under CC BY 4.0 to all users.",
])
def test_a_license_line_with_no_restricting_tail_still_passes(tmp_path, line):
    assert _verdict(tmp_path, _LINE_CARD.format(meta="", line=line)) in ("allowed", "conditional")


_TEXTS = Path(__file__).resolve().parents[1] / "license_texts"
_APACHE = (_TEXTS / "apache-2.0.txt").read_text(encoding="utf-8").splitlines()
# the notice of Apache's APPENDIX, "Licensed under ..." to "... limitations under the License." (as test_acc72_notices reads it)
_APACHE_NOTICE = "\n".join(line.strip() for line in _APACHE[191:202])
_MIT = (_TEXTS / "mit.txt").read_text(encoding="utf-8")
_MIT_PERMISSION = _MIT[_MIT.index("Permission is hereby granted"):]
_TOKENIZER_LEAD = "The tokenizer files are taken from OpenAI's whisper repository, under the following license:"


@pytest.mark.parametrize("above", [
    # review70 50, 69, 70
    "## Code license\n\n",
    "## Acknowledgements\n\nWe reuse the data loader of the Acme toolkit, which carries this notice:\n\n",
    "## License\n\nThe model weights are available on request from Acme Labs. The preprocessing script in this repository is "
    "distributed under:\n\n",
])
def test_a_notice_the_card_gives_to_another_part_is_not_the_weights_license(tmp_path, above):
    assert _APACHE_NOTICE.startswith("Licensed under the Apache License")
    card = "---\ntags: [text-generation]\n---\n# Acme-Tiny\n\n" + above + _APACHE_NOTICE + "\n"
    assert _verdict(tmp_path, card) == "unknown"


def test_a_license_text_the_card_gives_to_the_tokenizer_is_not_the_weights_license(tmp_path):
    # review70 51: MIT's permission notice after a lead-in giving it to the tokenizer files
    card = "---\ntags: [automatic-speech-recognition]\n---\n# acme-asr-tiny\n\n## License\n\n" + _TOKENIZER_LEAD + "\n\n" + _MIT_PERMISSION
    assert _verdict(tmp_path, card) == "unknown"


# guards: the part's license reported, the weights' license read where the card gives one


@pytest.mark.parametrize("card", [
    "---\nlicense: mit\n---\n# acme-asr-tiny\n\n## License\n\n" + _TOKENIZER_LEAD + "\n\n" + _MIT_PERMISSION,
    "---\nlicense: mit\n---\n# Acme-Tiny\n\n## Code license\n\n" + _APACHE_NOTICE + "\n",
    "---\ntags: [text-generation]\n---\n# Acme-Tiny\n\n## License\n\n" + _APACHE_NOTICE + "\n",
    "---\ntags: [text-generation]\n---\n# Acme-Tiny\n\n## License\n\nThe model and its code are released under:\n\n" + _APACHE_NOTICE + "\n",
    "---\ntags: [text-generation]\n---\n# Acme-Tiny\n\n## License\n\n" + _MIT_PERMISSION,
    # a License section that also speaks of the data (test_acc20_reading has the full CC BY-NC text under it)
    "---\ntags: [text-generation]\n---\n# Acme-Tiny\n\n## License and training data\n\n" + _APACHE_NOTICE + "\n",
])
def test_the_weights_license_is_still_read(tmp_path, card):
    assert _verdict(tmp_path, card) in ("allowed", "conditional")


@pytest.mark.parametrize("sentence", [
    # review70 F1
    "Trained from scratch; it does not share the same license as meta-llama/Llama-2-7b-hf.",
    "It doesn't use the same weights as meta-llama/Llama-2-7b-hf.",
])
def test_terms_or_weights_the_card_says_it_does_not_share_are_no_source(tmp_path, sentence):
    card = "---\nlicense: apache-2.0\n---\n# acme-scratch-1b\n\n" + sentence + "\n"
    # the card's own Apache 2.0, as with "Trained from scratch." alone (acc82 item 6 read the negated "same license as")
    assert _verdict(tmp_path, card) == "allowed"


def test_terms_the_card_says_it_shares_still_follow_the_source(tmp_path):
    card = "---\nlicense: apache-2.0\n---\n# acme-scratch-1b\n\nIt is released under the same license as meta-llama/Llama-2-7b-hf.\n"
    assert _verdict(tmp_path, card) == "unknown"


def test_a_lead_in_giving_the_text_to_the_code_does_not_stand_in_for_the_weights_license(tmp_path):
    # review70 72 (a guard: unknown on main too, where the text, read as a modified MIT, governed; once the text is the
    # code's, "Inference code (MIT):" read alone stood in as the card's license, conditional mit, until its lead-in was
    # set aside with it)
    card = ("---\ntags: [automatic-speech-recognition]\n---\n# acme-asr-3\n\n## License\n\nInference code (MIT):\n\n"
            + _MIT_PERMISSION + "\nModel weights: available to researchers upon request.\n")
    assert _verdict(tmp_path, card) == "unknown"
