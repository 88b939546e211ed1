"""review54's findings in acc55 (ACC56), end to end through the CLI on licscan's verbatim license texts (Apache's or
MIT's LICENSE beside the same `license:`; the cards are short reviewer-style prose, review54's own):

1. an Out-of-Scope item "- Commercial use" is set aside only when its sub-items narrow it as a precondition does
   ("without human oversight", "in regulated domains"); sub-items that list kinds of commercial use ("including hosted
   APIs", "e.g. ...", "* Selling ...", under a numbered item, tab-indented) keep the ban;
2. a restriction said both in the compared part and in the main clause ("Unlike v1, which is for research use only, v2
   is also for research use only.", "相比仅供学术研究使用的 v1，本模型也仅供学术研究使用。") is the model's too;
3. "without expert review from the Acme legal team" asks a named party's leave, no precondition of safe use;
4. a License section pointing to the project's LICENSE on a code host (".../blob/main/LICENSE", LICENSE.md, in
   README_EN.md too) is the LICENSE licscan read; another site's "/license" page stays unknown.
Each case had the wrong verdict before (acc55, 8c9f128); the twins beside them keep theirs.
"""

from __future__ import annotations

from tests.test_acc55_review53_words import APACHE, MIT, _run, _verdicts

GITHUB = "https://github.com/acme-labs/acme-7b/blob/main/"

DENIED = {
    "1_including": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n  - including hosted APIs\n  - including paid products\n"
                            "- Medical advice\n", {}),
    "1_tab_eg": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n\t- e.g. selling access to the model\n", {}),
    "1_star": (APACHE, "### Out-of-Scope Use\n\n* Commercial use\n    * Selling the model or its outputs\n", {}),
    "1_numbered": (APACHE, "### Out-of-Scope Use\n\n1. Commercial use\n   - of any kind\n2. Surveillance\n", {}),
    "1_mixed": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n  - without human oversight\n  - such as paid APIs\n", {}),
    "2_zh_tongyang": (APACHE, "相比仅供学术研究使用的 v1，v2 同样仅供学术研究使用。", {}),
    "2_zh_ye": (APACHE, "相比仅供学术研究使用的 v1，本模型也仅供学术研究使用。", {}),
    "2_en": (APACHE, "Unlike v1, which is for research use only, v2 is also for research use only.", {}),
    "3_legal_team": (APACHE, "Do not use the weights for commercial purposes without expert review from the Acme legal team.", {}),
    "3_by_org": (APACHE, "Do not use the weights for commercial purposes without expert review by Acme Labs.", {}),
}
ALLOWED = {
    # twins: sub-items that narrow the ban, a comparison whose main clause frees the model, a precondition of safe use
    "1_twin": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n  - without human oversight in high-risk settings\n", {}),
    "1_twin_laws": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n  - that violates applicable laws\n", {}),
    "2_twin": (APACHE, "Unlike v1, which is for research use only, v2 is free for commercial use.", {}),
    "3_twin": (APACHE, "Do not use it for commercial decision-making without human review by a qualified professional.", {}),
    "4_bare": (APACHE, f"## License\n\nPlease refer to {GITHUB}LICENSE", {}),
    "4_see_here": (APACHE, f"## License\n\nSee [here]({GITHUB}LICENSE).", {}),
    "4_zh": (APACHE, f"## 许可证\n\n请参阅 {GITHUB}LICENSE", {}),
    "4_md": (APACHE, f"## License\n\nSee {GITHUB}LICENSE.md", {}),
    "4_readme_en": (APACHE, "", {"README_EN.md": f"# Acme-7B\n\n## License\n\nPlease see {GITHUB}LICENSE\n"}),
    "4_link_twin": (APACHE, f"## License\n\nRefer to the [LICENSE]({GITHUB}LICENSE) in our GitHub repo.", {}),
}
UNKNOWN = {
    # another site's license page, even on a code host's domain outside a repository's files
    "4_site_page": (MIT, "## License\n\nPlease refer to https://acme.example.com/license", {}),
    "4_github_pages": (MIT, "## License\n\nSee [here](https://acme-labs.github.io/acme-7b/license).", {}),
}


def test_review54(tmp_path):
    found = _run(tmp_path, {**DENIED, **ALLOWED, **UNKNOWN})
    _verdicts(found, "denied", DENIED)
    _verdicts(found, "allowed", ALLOWED)
    _verdicts(found, "unknown", UNKNOWN)
