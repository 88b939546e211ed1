"""review52's false allows in the access gate, in pointers to terms, in Creative Commons links and in card words (ACC53),
end to end through the CLI on licscan's verbatim license texts (MIT's LICENSE beside `license: mit`; the cards are short
reviewer-style prose, review52's own):

1. an access gate that has the user accept a license licscan does not know, by its name or behind a link to another site,
   is unknown, as the same words in the card body are; the gate's button label is read ("I accept the non-commercial
   terms"); a gate text field holding a mapping is evidence not read (unknown);
2. a sentence about the weights that sends the reader to terms on another site ("Weights: see https://...", "please read
   our [license](https://...)") leaves the weights' terms unknown;
3. a Creative Commons link to the license's deed in a language or its legal code (".../by-nc/4.0/deed.en") names that
   license as its address without them does;
4. restrictions said in words licscan's phrases lacked ("Not to be used commercially.", "Selling this model ... is
   prohibited", "Only academic institutions may use this model.", "- ❌ Commercial use", French, German, Japanese), and a
   list under "Out-of-Scope Use" whose item is commercial use alone.
Each case passed as allowed before; the twins beside them show what stays allowed.
"""

from __future__ import annotations

from tests.test_acc44_review46 import project, results

MIT = {"LICENSE": "mit.txt"}
BODY = "# Acme-7B\n\nAcme-7B is a 7B text model trained by Acme Labs.\n"


def _cases(items: dict[str, str], front: str = "license: mit") -> dict[str, tuple[str, str, dict[str, str]]]:
    return {name: (front, BODY + "\n" + body, MIT) for name, body in items.items()}


def _gated(items: dict[str, str]) -> dict[str, tuple[str, str, dict[str, str]]]:
    return {name: ("license: mit\n" + gate, BODY, MIT) for name, gate in items.items()}


def _verdicts(found: dict[str, dict], expected: str, names) -> None:
    for name in names:
        assert found[name]["verdict"] == expected, (name, found[name]["verdict"], found[name]["reasons"])


# --- 1. the access gate ------------------------------------------------------------------------------------------------

GATE_UNKNOWN = {
    "prompt_link": 'extra_gated_prompt: "By requesting access you accept the [Acme Research License](https://acme.example.com/research-license)."',
    "prompt_name": "extra_gated_prompt: You must accept the Acme Research License to access this model.",
    "prompt_terms_link": "extra_gated_prompt: Access requires agreeing to our [model terms](https://acme.example.com/terms).",
    "prompt_dict": "extra_gated_prompt: {terms: non-commercial use only}",
}
GATE_DENIED = {
    "button": "extra_gated_button_content: I accept the non-commercial terms",
    "button_research": "extra_gated_button_content: Agree and access (research use only)",
    # a known license behind its own page's link applies as before
    "prompt_known_link": 'extra_gated_prompt: "By requesting access you accept the [CC BY-NC 4.0 license](https://creativecommons.org/licenses/by-nc/4.0/)."',
}
GATE_ALLOWED = {
    "button_submit": "extra_gated_button_content: Submit",
    "button_ack": "extra_gated_button_content: Acknowledge license",
    # Meta's Llama 2 gate: a link to a website, not to terms
    "prompt_website": "extra_gated_prompt: Please visit the [Meta website](https://ai.meta.com/resources/models-and-libraries/llama-downloads) "
                      "and accept our license terms and acceptable use policy before submitting this form.",
    "prompt_privacy": "extra_gated_prompt: By agreeing you accept to share your contact information with the authors, as our "
                      "[Privacy Policy](https://acme.example.com/privacy) says.",
    "prompt_generic": "extra_gated_prompt: You agree to the license of this model.",
    "prompt_denied": "extra_gated_prompt: You do not need to accept the Acme Research License to use this model.",
    # Gemma's gate: an owner's name, not a license's
    "prompt_owner": "extra_gated_prompt: To access this model on Hugging Face, you're required to review and agree to Google's usage license.",
}


def test_the_access_gate_reads_unknown_terms_the_button_and_unreadable_fields(tmp_path):
    found = results(project(tmp_path, _gated({**GATE_UNKNOWN, **GATE_DENIED, **GATE_ALLOWED})))
    _verdicts(found, "unknown", GATE_UNKNOWN)
    _verdicts(found, "denied", GATE_DENIED)
    _verdicts(found, "allowed", GATE_ALLOWED)
    assert any("'extra_gated_prompt' has an unexpected type" in r for r in found["prompt_dict"]["reasons"])
    assert any("Acme Research" in r for r in found["prompt_name"]["reasons"])
    assert any("acme.example.com/terms" in r for r in found["prompt_terms_link"]["reasons"])


# --- 2. pointers to terms on another site -------------------------------------------------------------------------------

POINTERS = {
    "see_url": "## License\n\nCode: MIT. Weights: see https://acme.example.com/weights-license",
    "read_link": "## License\n\nFor the terms that govern the weights, please read our [license](https://acme.example.com/terms).",
    "link_text": "See our [non-commercial license](https://acme.example.com/nc) for the weights.",
    "here": "For the license of the model weights, see [here](https://acme.example.com/license.pdf).",
}
NOT_POINTERS = {
    "paper": "See our [paper](https://arxiv.org/abs/2401.00001) for details of the model.",
    "known": "## License\n\nThe model is released under the MIT license. See https://opensource.org/licenses/MIT for the model license.",
    "own_file": "Model weights: see the [LICENSE](LICENSE) file.",
    "unlike": "Unlike other models, whose weights need a [custom license](https://acme.example.com/x), this one is MIT.",
    # Meta's Llama 2 card: a link to a website, the license named generically
    "website": "In order to download the model weights and tokenizer, please visit the [website](https://ai.meta.com/resources/"
               "models-and-libraries/llama-downloads/) and accept our License before requesting access here.",
}


def test_a_pointer_to_terms_on_another_site_leaves_the_weights_terms_unknown(tmp_path):
    found = results(project(tmp_path, _cases({**POINTERS, **NOT_POINTERS})))
    _verdicts(found, "unknown", POINTERS)
    _verdicts(found, "allowed", NOT_POINTERS)
    assert any("acme.example.com/weights-license" in r for r in found["see_url"]["reasons"])


# --- 3. Creative Commons deeds and legal codes -----------------------------------------------------------------------

CC_LINKS = {
    "deed_en_link": ("## License\n\n[license](https://creativecommons.org/licenses/by-nc/4.0/deed.en)", "cc-by-nc-4.0"),
    "deed_en_url": ("## License\n\nhttps://creativecommons.org/licenses/by-nc/4.0/deed.en", "cc-by-nc-4.0"),
    "sa_deed": ("Weights: [license](https://creativecommons.org/licenses/by-nc-sa/4.0/deed.en)", "cc-by-nc-sa-4.0"),
    "legalcode_en": ("## License\n\n[license](https://creativecommons.org/licenses/by-nc/4.0/legalcode.en)", "cc-by-nc-4.0"),
    "deed_zh": ("## License\n\n[license](https://creativecommons.org/licenses/by-nc/4.0/deed.zh-hans)", "cc-by-nc-4.0"),
}


def test_a_creative_commons_deed_or_legal_code_names_its_license(tmp_path):
    cases = {name: ("license: mit", body, {}) for name, (body, _) in CC_LINKS.items()}
    cases["by_deed"] = ("license: cc-by-4.0", "## License\n\n[license](https://creativecommons.org/licenses/by/4.0/deed.en)", {})
    found = results(project(tmp_path, cases))
    for name, (_, license_id) in CC_LINKS.items():
        assert found[name]["verdict"] == "denied" and license_id in found[name]["license"]["applies"], (name, found[name]["reasons"])
    # twin: the permissive CC BY deed names CC BY, which the card declares: no non-commercial license
    assert found["by_deed"]["verdict"] != "denied" and found["by_deed"]["license"]["id"] == "cc-by-4.0", found["by_deed"]["reasons"]


# --- 4. card words ----------------------------------------------------------------------------------------------------

RESTRICTING = {
    "limitations": "## Limitations\n\n- The model can hallucinate.\n- It is not to be used in commercial products.",
    "limitations2": "## Limitations\n\n- Not to be used commercially.",
    "not_licensed": "### Out-of-Scope Use\n\nAny commercial use of the weights is out of scope and not licensed.",
    "authorized": "Commercial use of this model is not authorized.",
    "authorised": "Commercial use of this model is not authorised.",
    "exploit": "You may not sell, rent or otherwise commercially exploit the model or any derivative.",
    "exploit2": "You may not sell or commercially exploit the model.",
    "selling": "Selling this model or its outputs is prohibited.",
    "nonprofit": "The model may only be used by non-profit organisations and universities.",
    "institutions": "Only academic institutions may use this model.",
    "for_profit": "Use by for-profit companies is not permitted.",
    "deployment": "Permitted uses: research and education. Commercial deployment is not a permitted use.",
    "emoji": "- 🚫 Commercial use",
    "cross": "- ❌ Commercial use\n- ✅ Research",
    "academic_bang": "Academic use only!",
    "academic_cite": "Academic use only. Please cite our paper.",
    "fr": "Ce modèle est réservé à la recherche académique.",
    "fr2": "Modèle réservé à un usage de recherche.",
    "de": "Dieses Modell darf nicht kommerziell genutzt werden.",
    "ja": "研究用途に限定されています。",
    "ja2": "研究目的以外での利用はできません。",
    "out_of_scope": "## Out-of-Scope Use\n\n- Use in commercial products or services",
    "out_of_scope2": "## Out-of-scope use\n\n- Commercial applications\n- High-risk decisions",
}
NOT_RESTRICTING = {
    "precondition": "The model is not to be used in commercial products without a safety review.",
    "including": "You may use the model for any purpose, including but not limited to commercial use.",
    "earlier": "The previous release was not licensed for commercial use; this one is MIT.",
    "outputs": "You may sell the outputs of this model.",
    "data": "You may not sell the training data; the model itself is MIT.",
    "alike": "The model may be used by non-profit organisations and companies alike.",
    "for_profit_ok": "Use by for-profit companies is permitted.",
    "ticks": "- ✅ Commercial use\n- ✅ Research",
    "fr_not": "Ce modèle n'est pas réservé à la recherche : l'usage commercial est autorisé.",
    "de_not_only": "Dieses Modell darf nicht nur kommerziell genutzt werden, sondern auch privat.",
    "ja_not": "研究用途に限定されません。商用利用も可能です。",
    "heading": "## Academic use only\nWe also allow commercial use.",
    "dataset": "The dataset may only be used by non-profit organisations.",
    "out_of_scope_more": "## Out-of-Scope Use\n\n- Commercial use without human review\n- Deployment in commercial products without safety testing",
    "intended": "## Intended Use\n\n- Commercial use\n- Research",
}


def test_restrictions_in_words_the_phrases_lacked(tmp_path):
    found = results(project(tmp_path, _cases({**RESTRICTING, **NOT_RESTRICTING})))
    _verdicts(found, "denied", RESTRICTING)
    _verdicts(found, "allowed", NOT_RESTRICTING)
    for name in RESTRICTING:
        assert found[name]["license"]["id"] in ("card-non-commercial", "card-research-only"), (name, found[name]["license"])
