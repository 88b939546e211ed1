"""Passages faithful copies change (rules' `replaceable`), and files that carry two licenses.

Real texts: license_texts/, and two real BSD-3 copies naming other organisations in
tests/data/licenses (sources in its SOURCES.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan import matcher as M
from licscan.cli import main
from licscan.errors import InputError
from licscan.matcher.index import replaceable_spans
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
REAL = ROOT / "tests" / "data" / "licenses"
KB = load_knowledge_base()
MATCHER = M.Matcher(KB, cache=False)
SKLEARN = (REAL / "scikit-learn-COPYING").read_text(encoding="utf-8")


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _check_files(tmp_path: Path, files: dict[str, str]):
    """`licscan check --format json` on one local checkpoint holding ``files``, for commercial use."""
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: p\n  use: commercial\nmodels:\n  - path: models/m\n")
    return CliRunner().invoke(main, ["check", str(tmp_path / "models.lock"), "--format", "json"])


def _check(tmp_path, files: dict[str, str]) -> dict:
    return json.loads(_check_files(tmp_path, files).output)["checkpoints"][0]


# --- BSD copies naming their own organisation ---------------------------------------------------


@pytest.mark.parametrize("source", ["scikit-learn-COPYING", "scancode-bsd-new.txt"])
def test_bsd3_copies_naming_another_organisation_are_bsd3(source):
    found = MATCHER.match((REAL / source).read_text(encoding="utf-8"))
    assert (found.rule_id, found.status, found.differences) == ("bsd-3-clause", "exact", ())
    assert found.also_licenses == ()          # the BSD-2 it contains in full is not a second license


def test_bsd2_is_bsd2_and_bsd3_reference_is_bsd3():
    assert (MATCHER.match(text("bsd-2-clause.txt")).rule_id, MATCHER.match(text("bsd-2-clause.txt")).status) == ("bsd-2-clause", "exact")
    assert (MATCHER.match(text("bsd-3-clause.txt")).rule_id, MATCHER.match(text("bsd-3-clause.txt")).status) == ("bsd-3-clause", "exact")


@pytest.mark.parametrize("replacement, shown", [
    # terms put where the organisation's name goes
    ("the Scikit-learn Developers and no commercial use", "no commercial use"),
    ("the Scikit-learn Developers, non-commercial only,", "non commercial only"),
    # a "name" longer than a name
    ("the Scikit-learn Developers or any of the people or organisations named in the AUTHORS file", "authors file"),
])
def test_terms_in_place_of_the_organisation_are_a_modification(replacement, shown):
    altered = SKLEARN.replace("the Scikit-learn Developers ", replacement + " ")
    assert altered != SKLEARN
    found = MATCHER.match(altered)
    assert (found.rule_id, found.status) == ("bsd-3-clause", "modified")
    assert any(shown in difference for difference in found.differences), found.differences


BSD3 = (TEXTS / "bsd-3-clause.txt").read_text(encoding="utf-8")
CLAUSE3 = "Neither the name of Salesforce.com nor"
DISCLAIMER_HOLDERS = "PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS"
LIABLE_HOLDER = "SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS"


@pytest.mark.parametrize("old, new", [
    # words that state terms but are not on any list: only a generic holder or the copy's own holder may stand there
    (CLAUSE3, "Neither the name of Acme. Redistribution restricted to academic research purposes nor"),
    (CLAUSE3, "Neither the name of Acme (redistribution for profit forbidden) nor"),
    (CLAUSE3, "Neither the name of the Regents of the University of California nor"),   # not this copy's holder
    (DISCLAIMER_HOLDERS, "PROVIDED BY THE ACME SOLELY FOR RESEARCH EVALUATION AND CONTRIBUTORS"),
    (LIABLE_HOLDER, "SHALL THE RECIPIENT OR CONTRIBUTORS"),                              # who is protected changes
    (DISCLAIMER_HOLDERS, "PROVIDED BY THE COPYRIGHT HOLDERS TO ACADEMIC RESEARCHERS SOLELY AND CONTRIBUTORS"),
    ("its contributors may be used", "7 contributors may be used"),
])
def test_terms_put_where_a_name_goes_are_a_modification_of_bsd3(old, new):
    altered = BSD3.replace(old, new)
    assert altered != BSD3
    found = MATCHER.match(altered)
    assert (found.rule_id, found.status) == ("bsd-3-clause", "modified"), found


def test_the_holder_of_the_copys_own_copyright_line_may_be_named():
    copy = BSD3.replace("Copyright (c) 2022, Salesforce.com, Inc.", "Copyright (c) 2021, Acme Robotics GmbH").replace(
        CLAUSE3, "Neither the name of Acme Robotics GmbH nor").replace(LIABLE_HOLDER, "SHALL THE REGENTS OR CONTRIBUTORS")
    found = MATCHER.match(copy)
    assert (found.rule_id, found.status, found.differences) == ("bsd-3-clause", "exact", ())


@pytest.mark.parametrize("old, new", [
    ("Permission is hereby granted", "No permission is hereby granted"),
    ("Permission is hereby granted",
     "NOTWITHSTANDING ANYTHING BELOW, THIS SOFTWARE MAY NOT BE USED FOR ANY COMMERCIAL PURPOSE. Permission is hereby granted"),
])
def test_terms_next_to_the_copyright_line_are_a_modification(old, new):
    # the second MIT reference (DeepSeek's copy) names another holder: its copyright line is credited, terms never
    altered = text("mit.txt").replace(old, new, 1)
    assert altered != text("mit.txt")
    found = MATCHER.match(altered)
    assert (found.rule_id, found.status) == ("mit", "modified"), found


@pytest.mark.parametrize("old, new", [("100 million", "1 million"), ("20 million", "2 million")])
def test_an_altered_kimi_is_a_modified_kimi_not_the_mit_it_contains(old, new):
    altered = text("kimi-k2-modified-mit.txt").replace(old, new)
    assert altered != text("kimi-k2-modified-mit.txt")
    found = MATCHER.match(altered)
    assert (found.rule_id, found.status) == ("kimi-k2-modified-mit", "modified"), found


@pytest.mark.parametrize("name", ["mit.txt", "bsd-2-clause.txt", "bsd-3-clause.txt", "apache-2.0.txt"])
def test_terms_added_after_the_license_are_reported(name):
    found = MATCHER.match(text(name) + "\n\n4. This software may not be used for commercial purposes.\n")
    assert "may not be used for commercial purposes" in found.unexplained and found.unexplained_terms
    # other words are quoted for review, not taken for terms
    plain = MATCHER.match(text(name) + "\n\nMaintained by the Acme research team.\n")
    assert (plain.unexplained, plain.unexplained_terms) == ("maintained by the acme research team", False)
    titled = MATCHER.match("Licensed under the " + text(name).split("\n", 1)[0] + ".\n\n" + text(name))
    assert titled.unexplained == "" or not titled.unexplained_terms


def test_a_change_next_to_a_replaceable_passage_is_still_a_modification():
    altered = SKLEARN.replace("may be used to endorse or promote", "may be used to sell, endorse or promote")
    found = MATCHER.match(altered)
    assert (found.rule_id, found.status) == ("bsd-3-clause", "modified")


def test_every_replaceable_passage_is_in_one_of_its_rules_texts():
    checked = 0
    for rule in KB.rules:
        for passage in rule.replaceable:
            places = [name for name in rule.texts if replaceable_spans(tokens(text(name)), (passage,))]
            assert places, f"{rule.id}: replaceable {passage.text!r} is in none of {rule.texts}"
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("entry, message", [
    ("  - text: Acme\n    max_words: 40\n    reason: r\n", "max_words must be 1 to 12"),
    ("  - text: Acme\n", "replaceable passage is missing the required key 'reason'"),
    ("  - text: Acme\n    reason: r\n    why: x\n", "why"),
])
def test_a_broken_replaceable_entry_is_named_with_its_line(tmp_path, entry, message):
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: X\nspdx: MIT\ncategory: permissive\nreplaceable:\n" + entry
        + "use:\n  commercial: allowed\n  internal: allowed\n  research: allowed\n  non-commercial: allowed\n"
    )
    with pytest.raises(InputError) as caught:
        load_knowledge_base(tmp_path, TEXTS)
    assert caught.value.line is not None and 6 <= caught.value.line <= 8
    assert message in caught.value.message


# --- two licenses in one file ---------------------------------------------------------------------


def test_a_file_with_two_licenses_reports_both():
    found = MATCHER.match(text("mit.txt") + "\n\n" + text("cc-by-nc-4.0.txt"))
    assert {found.rule_id, *found.also_licenses} == {"mit", "cc-by-nc-4.0"}
    found = MATCHER.match(text("apache-2.0.txt") + "\n\n-----\n\n" + text("llama3.1.txt"))
    assert {found.rule_id, *found.also_licenses} == {"apache-2.0", "llama3.1"}


def test_repeated_copies_do_not_hide_another_license():
    found = MATCHER.match("\n\n".join([text("apache-2.0.txt")] * 3 + [text("coqui-cpml-1.0.txt")]))
    assert {found.rule_id, *found.also_licenses} == {"apache-2.0", "coqui-cpml-1.0"}
    four = "\n\n".join(text(n) for n in ("gpl-3.0.txt", "apache-2.0.txt", "llama3.1.txt", "coqui-cpml-1.0.txt"))
    found = MATCHER.match(four)
    assert {found.rule_id, *found.also_licenses} == {"gpl-3.0", "apache-2.0", "llama3.1", "coqui-cpml-1.0"}


def test_an_altered_second_license_is_reported_altered():
    altered_mit = text("mit.txt").replace("to deal\nin the Software without restriction", "to deal\nin the Software for non-commercial purposes only")
    assert altered_mit != text("mit.txt")
    found = MATCHER.match(text("apache-2.0.txt") + "\n\n" + altered_mit)
    assert (found.rule_id, found.also_licenses, found.also_modified) == ("apache-2.0", (), ("mit",))
    found = MATCHER.match(text("apache-2.0.txt") + "\n\n" + text("apache-2.0.txt").replace("perpetual", "temporary"))
    assert found.also_modified == ("apache-2.0",)   # a second, altered copy of the same license


@pytest.mark.parametrize("extra, conflict", [
    ("\n\nThe model weights:\n\n{altered_mit}", "also contains an altered copy of mit"),
    ("\n\nThis software may not be used for commercial purposes.\n", "states terms outside the apache-2.0 text"),
    # riders in other languages restrict as much (third review): a Chinese or Japanese clause is one token
    ("\n\n模型权重仅供学术研究使用，不得用于商业目的。\n", "states terms outside the apache-2.0 text"),
    ("\n\n追加条件：本モデルの商用利用は禁止されています。\n", "states terms outside the apache-2.0 text"),
    ("\n\nZusätzliche Bedingungen: Die Modellgewichte dürfen nur für nicht-kommerzielle Zwecke verwendet werden.\n",
     "states terms outside the apache-2.0 text"),
    ("\n\nLes poids du modèle sont réservés à un usage non commercial.\n", "states terms outside the apache-2.0 text"),
])
def test_a_checkpoint_with_an_altered_second_license_or_added_terms_is_unknown(tmp_path, extra, conflict):
    altered_mit = text("mit.txt").replace("without restriction", "for non-commercial purposes only")
    result = _check_files(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n",
                                     "LICENSE": text("apache-2.0.txt") + extra.format(altered_mit=altered_mit)})
    assert result.exit_code == 1, result.output
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert checkpoint["verdict"] == "unknown"
    assert any(conflict in c for c in checkpoint["conflicts"]), checkpoint["conflicts"]


@pytest.mark.parametrize("name", ["llama3.1.txt", "cc-by-nc-sa-4.0.txt", "gemma-terms-20240401.txt", "mit.txt", "bsd-3-clause.txt"])
def test_one_license_is_not_reported_as_two(name):
    # siblings (llama3, cc-by-nc-4.0, ...) align with the same passage; the file's use policy is not a license
    assert MATCHER.match(text(name)).also_licenses == ()
    assert MATCHER.match(text(name) + "\n\n" + text(name)).also_licenses == ()


def test_a_checkpoint_whose_license_file_adds_a_non_commercial_license_fails(tmp_path):
    result = _check_files(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A model\n",
                                     "LICENSE": text("mit.txt") + "\n\nThe model weights:\n\n" + text("cc-by-nc-4.0.txt")})
    assert result.exit_code == 1, result.output
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert checkpoint["verdict"] == "denied"
    assert set(checkpoint["license"]["applies"]) >= {"mit", "cc-by-nc-4.0"}
    assert checkpoint["evidence"][0]["also_licenses"] in (["cc-by-nc-4.0"], ["mit"])


def test_the_more_restrictive_of_two_licenses_in_a_file_is_the_headline(tmp_path):
    # GPL-3.0 is the longer text, so the matcher picks it for the file; CC-BY-NC is in the file too
    combined = text("gpl-3.0.txt") + "\n\nThe model weights are licensed as follows.\n\n" + text("cc-by-nc-4.0.txt")
    found = MATCHER.match(combined)
    assert (found.rule_id, found.also_licenses) == ("gpl-3.0", ("cc-by-nc-4.0",))
    result = _check_files(tmp_path, {"README.md": "---\nlicense: gpl-3.0\n---\n# A model\n", "LICENSE": combined})
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert (checkpoint["license"]["id"], checkpoint["verdict"]) == ("cc-by-nc-4.0", "denied")
    assert "also contains cc-by-nc-4.0" in checkpoint["license"]["basis"]


# --- copyright lines: what copies change there, and only there -------------------------------------

MIT = text("mit.txt")
APACHE = text("apache-2.0.txt")


@pytest.mark.parametrize("copy", [
    MIT.replace("Copyright (c) 2022 OpenAI", "Copyright (c) 2023 Mistral AI"),            # same year as the other MIT reference
    MIT.replace("Copyright (c) 2022 OpenAI", "Copyright (c) 2022 Microsoft Corporation"),
    MIT.replace("Copyright (c) 2022 OpenAI", "Copyright (c) Meta Platforms, Inc. and affiliates."),   # no year
    MIT.replace("Copyright (c) 2022 OpenAI", "Copyright 2024 Google LLC"),                # no (c)
    MIT.replace("MIT License\n\n", ""),                                                   # no title line
    "The MIT License (MIT)\n\n" + MIT.replace("MIT License\n\n", ""),
    BSD3.replace("Copyright (c) 2022, Salesforce.com, Inc.", "Copyright (c) 2022, Acme Corp.").replace(CLAUSE3, "Neither the name of Acme Corp nor"),
    BSD3.replace("Copyright (c) 2022, Salesforce.com, Inc.\nAll rights reserved.",
                 "Copyright (c) 2016-     Facebook, Inc            (Adam Paszke)\n"
                 "Copyright (c) 2014-     Facebook, Inc            (Soumith Chintala)\n"
                 "Copyright (c) 2011-2014 Idiap Research Institute (Ronan Collobert)\n"
                 "Copyright (c) 2012-2014 Deepmind Technologies    (Koray Kavukcuoglu)\n"
                 "All rights reserved.").replace(CLAUSE3, "Neither the name of Facebook nor"),
    APACHE.replace("Copyright [yyyy] [name of copyright owner]", "Copyright 2024 Google LLC"),   # the appendix filled in
    "Licensed under the MIT License.\n\n" + MIT,
    text("llama3.txt"),   # Meta's LICENSE carries its policy, with other links than the published policy
], ids=["same-year", "microsoft", "no-year", "no-c", "no-title", "title-variant", "bsd3-own-holder",
        "bsd3-four-lines", "apache-appendix", "licensed-under-line", "llama3-with-policy"])
def test_real_copies_stay_exact_and_unflagged(copy):
    found = MATCHER.match(copy)
    assert (found.status, found.differences, found.unexplained, found.also_modified) == ("exact", (), "", ()), found


@pytest.mark.parametrize("around", [
    APACHE + "\n\nThis product includes software developed by the Apache Software Foundation (http://www.apache.org/).\n",
    MIT + "\nhttps://opensource.org/licenses/MIT\n",
    MIT + "\nSPDX-License-Identifier: MIT\n",
    "Copyright \u00a9 Meta Platforms, Inc. and affiliates.\n\n" + MIT.replace("Copyright (c) 2022 OpenAI\n", ""),
    "# Gemma Terms of Use\n\n" + text("gemma-terms-20240401.txt"),
    "# Llama 3.1 Community License\n\n" + text("llama3.1.txt"),
])
def test_ordinary_words_around_a_license_are_not_flagged(around):
    found = MATCHER.match(around)
    assert (found.status, found.unexplained, found.also_modified) == ("exact", "", ()), found


def test_an_altered_use_policy_beside_a_license_is_reported():
    policy = text("llama3.1-aup.txt")
    altered = policy.replace("Sexual solicitation", "Any commercial purpose whatsoever; commercial use of the model weights is "
                             "prohibited and requires a separate paid license\n\nSexual solicitation", 1)
    assert altered != policy
    found = MATCHER.match(MIT + "\n\n" + altered)
    assert found.rule_id == "mit" and "llama3.1-aup" in found.also_modified, found


@pytest.mark.parametrize("copy", [
    # a "copyright line" in the middle of the license
    MIT.replace("copies of the Software",
                "copies of the Software (Copyright 2024 Acme; this excludes the model weights, which remain proprietary to Acme)", 1),
    BSD3.replace("are permitted provided", "are permitted (Copyright 2024 Acme: to Acme research staff, in internal deployments) provided"),
    APACHE.replace("copyright license to reproduce",
                   "copyright license (Copyright 2024 Acme, for internal research deployments by Acme staff) to reproduce"),
    # the copyright line swallowing the grant
    MIT.replace("Copyright (c) 2022 OpenAI\n\nPermission is hereby granted, free of charge, to any person",
                "Copyright (c) 2021 Acme Inc. All rights reserved. Acme customers who paid the USD 500 seat price"),
])
def test_terms_dressed_as_a_copyright_line_are_a_modification(copy):
    found = MATCHER.match(copy)
    assert found.status == "modified", found


@pytest.mark.parametrize("terms", [
    "Commercial use of the model weights requires a separate written license from Acme.",
    "If the Software is deployed in services exceeding 50 million monthly active users, a separate agreement with Acme is required.",
])
def test_terms_without_restriction_words_after_the_license_are_reported(terms):
    found = MATCHER.match(MIT + "\n" + terms + "\n")
    assert found.unexplained.startswith(tokens(terms)[0]), found


def test_a_reworded_kimi_clause_is_a_modified_kimi():
    kimi = text("kimi-k2-modified-mit.txt")
    ending = 'you shall prominently\ndisplay "Kimi K2" on the user interface of such product or service.'
    assert ending in kimi
    found = MATCHER.match(kimi.replace(ending, "you will need a separate agreement with Moonshot AI."))
    assert (found.rule_id, found.status) == ("kimi-k2-modified-mit", "modified"), found


def test_a_second_license_after_use_policies_is_not_dropped(tmp_path):
    policies = "\n\n".join(text(n) for n in ("llama2-aup.txt", "llama3-aup.txt", "llama3.1-aup.txt", "llama3.2-aup.txt"))
    result = _check_files(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n",
                                     "LICENSE": policies + "\n\n" + text("stable-video-diffusion-noncommercial.txt")})
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert "stable-video-diffusion-noncommercial" in checkpoint["license"]["applies"], checkpoint["license"]
    assert checkpoint["verdict"] in ("denied", "unknown")
    assert result.exit_code == 1


# --- the third review's cases ------------------------------------------------------------------------


@pytest.mark.parametrize("copy, named", [
    (MIT + "\nThe model weights are licensed under CC-BY-NC-4.0.\n", "cc-by-nc-4.0"),
    ("The model weights are released under the CC BY-NC 4.0 license.\n\n" + MIT, "cc-by-nc-4.0"),
    (MIT + "\nModel weights: Llama 3.1 Community License (https://llama.meta.com/llama3_1/license/)\n", "llama3.1"),
])
def test_a_license_named_beside_the_text_applies_too(copy, named, tmp_path):
    assert named in MATCHER.match(copy).also_named
    result = _check_files(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A model\n", "LICENSE": copy})
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert named in checkpoint["license"]["applies"] and checkpoint["verdict"] != "allowed", checkpoint["license"]


@pytest.mark.parametrize("copy", [
    MIT.replace("Copyright (c) 2022 OpenAI\n", "Copyright (c) 2022 OpenAI\n\nThe model weights are excluded and remain proprietary.\n"),
    MIT.replace("Copyright (c) 2022 OpenAI\n",
                "Copyright (c) 2024 Acme Corp. The model weights are excluded.\nCopyright in the weights: Acme customers who paid.\n"),
])
def test_a_clause_beside_the_copyright_line_is_not_a_copyright_line(copy):
    assert MATCHER.match(copy).status == "modified"


@pytest.mark.parametrize("hidden", [
    "This s\u043eftware m\u0430y n\u043et be \u0443sed f\u043er c\u043emmercial purp\u043eses.",   # Cyrillic lookalikes
    "This software m\u200bay n\u200bot be used for commercial purposes.",                          # zero-width spaces
    "This software m\u00adaay n\u00adot be used for comm\u00adercial purposes.".replace("aay", "ay"),  # soft hyphens
    "This software &#109;ay &#110;ot be used for commercial purposes.",                             # character references
])
def test_terms_hidden_from_the_tokenizer_are_still_read(hidden):
    found = MATCHER.match(MIT + "\n" + hidden + "\n")
    assert found.unexplained_terms, found


def test_a_license_inside_an_html_comment_is_not_the_files_license():
    shown = "# Acme Model License\n\nThe model weights are for research and teaching at universities; companies need to buy a seat from Acme first.\n"
    found = MATCHER.match("<!--\n" + MIT + "\n-->\n" + shown)
    assert found.rule_id != "mit" or found.status != "exact"


def test_an_html5_page_without_a_closing_head_tag_is_read():
    page = "<!DOCTYPE html><html><head><meta charset=utf-8><title>License</title>\n<pre>" + MIT + "</pre></html>"
    assert (MATCHER.match(page).rule_id, MATCHER.match(page).status) == ("mit", "exact")


@pytest.mark.parametrize("holder", [
    "The Board of Trustees of the Leland Stanford Junior University",
    "The HuggingFace Team, the Allen Institute for AI and Microsoft Research",
])
def test_long_holder_names_are_copyright_lines(holder):
    found = MATCHER.match(MIT.replace("Copyright (c) 2022 OpenAI", f"Copyright (c) 2023 {holder}"))
    assert (found.rule_id, found.status) == ("mit", "exact"), found


def test_most_of_a_restrictive_license_in_the_card_makes_the_checkpoint_unknown(tmp_path):
    nc = text("cc-by-nc-4.0.txt")
    result = _check_files(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A model\n\n" + nc[: int(len(nc) * 0.8)], "LICENSE": MIT})
    checkpoint = json.loads(result.output)["checkpoints"][0]
    assert checkpoint["verdict"] == "unknown" and result.exit_code == 1
    assert any("README.md contains" in c and "cc-by-nc-4.0" in c for c in checkpoint["conflicts"]), checkpoint["conflicts"]


def test_a_more_restrictive_license_the_cards_prose_names_is_never_allowed_unread(tmp_path):
    result = _check_files(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A model\n\nThe model weights are released under CC BY-NC 4.0.\n",
                                     "LICENSE": MIT})
    checkpoint = json.loads(result.output)["checkpoints"][0]
    # a sentence about the model's weights is a term: the more restrictive license applies, quoted
    assert checkpoint["verdict"] == "denied" and "cc-by-nc-4.0" in checkpoint["license"]["applies"]
    assert any("cc-by-nc-4.0" in n and "released under CC BY-NC 4.0" in n for n in checkpoint["notes"]), checkpoint["notes"]
    # the same card saying what its metadata says, or naming a license no stricter, adds nothing
    for body in ("This model is released under the MIT License.\n", "The dataset is available under CC BY 4.0.\n"):
        checkpoint = _check(tmp_path, {"README.md": f"---\nlicense: mit\n---\n# A model\n\n{body}"})
        assert (checkpoint["verdict"], checkpoint["conflicts"], checkpoint["notes"]) == ("allowed", [], []), body


@pytest.mark.parametrize("name", ["TERMS.md", "EULA.txt", "MODEL_AGREEMENT.md"])
def test_terms_eula_and_agreement_files_are_read(tmp_path, name):
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A model\n", "LICENSE": MIT, name: text("cc-by-nc-4.0.txt")})
    assert "cc-by-nc-4.0" in checkpoint["license"]["applies"] and checkpoint["verdict"] == "denied"



@pytest.mark.parametrize("body", [
    "The code in this repository is released under the MIT license. The model weights are released under CC BY-NC 4.0.\n",
    "**License:** weights: CC-BY-NC-4.0, code: MIT\n",
])
def test_every_license_the_cards_prose_names_is_read(tmp_path, body):
    # each names the weights' license: a term, not a question
    checkpoint = _check(tmp_path, {"README.md": f"---\nlicense: mit\n---\n# A model\n\n{body}", "LICENSE": MIT})
    assert checkpoint["verdict"] == "denied" and any("cc-by-nc-4.0" in n for n in checkpoint["notes"])


@pytest.mark.parametrize("notice", [
    "Licensed under the Apache License, Version 2.0 (the \"License\"); you may not use this file except in compliance with the License.\n",
])
def test_a_notice_repeating_the_licenses_own_words_is_not_terms_of_its_own(tmp_path, notice):
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n", "LICENSE": APACHE, "NOTICE": notice})
    assert checkpoint["verdict"] == "allowed", checkpoint["conflicts"]


def test_terms_after_a_license_in_a_notice_file_are_read(tmp_path):
    notice = MIT + "\nThe model weights may not be used for commercial purposes.\n"
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n", "LICENSE": APACHE, "NOTICE": notice})
    assert checkpoint["verdict"] == "unknown"


def test_the_llama_notice_line_in_a_notice_file_applies(tmp_path):
    notice = "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved.\n"
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n", "LICENSE": APACHE, "NOTICE": notice})
    assert "llama3.1" in checkpoint["license"]["applies"] and checkpoint["verdict"] != "allowed"


def test_license_other_without_a_name_beside_a_recognised_text_is_judged_on_the_text(tmp_path):
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: other\n---\n# A model\n", "LICENSE": text("tongyi-qianwen.txt")})
    assert checkpoint["license"]["applies"] == ["tongyi-qianwen"] and checkpoint["verdict"] == "conditional"
    # a name licscan does not know still makes it unknown: the card says another license applies
    checkpoint = _check(tmp_path / "b", {"README.md": "---\nlicense: other\nlicense_name: acme-nc\n---\n# A model\n", "LICENSE": MIT})
    assert checkpoint["verdict"] == "unknown"


def test_a_notice_stating_terms_of_its_own_makes_the_checkpoint_unknown(tmp_path):
    terms = "The model weights in this repository may not be used for commercial purposes without a separate written license from Acme.\n"
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n", "LICENSE": APACHE, "NOTICE": terms})
    assert checkpoint["verdict"] == "unknown"
    credit = "This product includes software developed by the Apache Software Foundation (http://www.apache.org/).\nCopyright 2024 Acme Inc.\n"
    checkpoint = _check(tmp_path / "b", {"README.md": "---\nlicense: apache-2.0\n---\n# A model\n", "LICENSE": APACHE, "NOTICE": credit})
    assert checkpoint["verdict"] == "allowed"


@pytest.mark.parametrize(("body", "verdict"), [
    ("## License\n\nCC BY-NC 4.0 (weights)\n", "denied"),                                     # of the weights: a term
    ("**License**: CC-BY-NC-4.0\n", "denied"),          # the card's own License line, said of nothing else: it applies
    ("**License**: CC-BY-NC-4.0 (the demo app)\n", "conditional"),                            # of the demo: a question
    ("| Component | Terms |\n|---|---|\n| Weights license | CC BY-NC 4.0 |\n", "denied"),
])
def test_a_license_named_on_a_cards_license_line_is_read(tmp_path, body, verdict):
    checkpoint = _check(tmp_path, {"README.md": f"---\nlicense: mit\n---\n# A model\n\n{body}", "LICENSE": MIT})
    assert checkpoint["verdict"] == verdict and any("cc-by-nc-4.0" in n for n in checkpoint["notes"])


def test_a_license_a_notice_names_by_its_full_name_applies(tmp_path):
    notice = "The model weights: Creative Commons Attribution-NonCommercial 4.0 International.\n"
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: mit\n---\n# A model\n", "LICENSE": MIT, "NOTICE.md": notice})
    assert "cc-by-nc-4.0" in checkpoint["license"]["applies"] and checkpoint["verdict"] == "denied"


def test_benchmark_tables_naming_other_models_flag_nothing(tmp_path):
    body = ("## Evaluation\n| Model | MMLU |\n|---|---|\n| Llama-3.1-8B | 66.7 |\n| Gemma-2-9B | 71.3 |\n\n"
            "Baseline numbers for Llama 3.1 are provided by Meta in their model card; Gemma numbers are provided by Google.\n")
    checkpoint = _check(tmp_path, {"README.md": f"---\nlicense: mit\n---\n# A model\n\n{body}", "LICENSE": MIT})
    assert (checkpoint["verdict"], checkpoint["conflicts"], checkpoint["notes"]) == ("allowed", [], [])


def test_a_use_policy_file_naming_a_license_beside_its_policy_is_read(tmp_path):
    policy = text("llama3.1-aup.txt") + "\n\nThe model weights are licensed under CC-BY-NC-4.0.\n"
    checkpoint = _check(tmp_path, {"README.md": "---\nlicense: llama3.1\n---\n# A model\n", "USE_POLICY.md": policy})
    assert "cc-by-nc-4.0" in checkpoint["license"]["applies"] and checkpoint["verdict"] == "denied"
