"""review53's false blocks and false allows in card words (ACC55), end to end through the CLI on licscan's verbatim
license texts (Apache's or MIT's LICENSE beside the same `license:`; the cards are short reviewer-style prose, review53's
own, in README.md or in a second README read as card text):

A. a Chinese comparison that quotes another model's terms ("与 LLaMA（仅限非商业用途）不同，...", "相比仅供学术研究使用的
   ChatGLM-6B，...") restricts that model, not this one, as "Unlike LLaMA, which is ..." does;
B. a demo's terms in Chinese ("在线 Demo 仅供学术研究使用。") are not the model's;
C. "Do not use it for commercial decision-making without human review." is a precondition of safe use, no ban;
D. an Out-of-Scope item "- Commercial use" with sub-items says more than commercial use alone;
E. a second README that puts the weights under terms licscan does not know leaves them unknown, as README.md would;
F. a License section's line that only points elsewhere ("See [here](https://...)", "模型权重请参阅 https://...", under
   "### **License**", "## 许可证", "## 라이선스") leaves the checkpoint's terms unknown;
G. a gate heading "Acknowledge the non-commercial license to access this model" restricts;
H. a French Out-of-Scope list ("### Utilisations hors champ" / "- Usage commercial") restricts.
Each case had the wrong verdict before; the twins beside them keep theirs.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_acc44_review46 import project, results

BODY = "# Acme-7B\n\nAcme-7B is a 7B text model trained by Acme Labs.\n"
APACHE = ("license: apache-2.0", {"LICENSE": "apache-2.0.txt"})
MIT = ("license: mit", {"LICENSE": "mit.txt"})


def _run(tmp_path: Path, cases: dict[str, tuple[tuple[str, dict[str, str]], str, dict[str, str]]]) -> dict[str, dict]:
    """cases: name -> ((front matter, licscan texts to copy), README.md's body after BODY, {second README: its text})."""
    root = project(tmp_path, {name: (kind[0], BODY + "\n" + body, kind[1]) for name, (kind, body, _) in cases.items()})
    for name, (_, _, more) in cases.items():
        for file, text in more.items():
            (root / "models" / name / file).write_text(text, encoding="utf-8")
    return results(root)


def _verdicts(found: dict[str, dict], expected: str, names) -> None:
    for name in names:
        assert found[name]["verdict"] == expected, (name, found[name]["verdict"], found[name]["reasons"])


ZH_COMPARISON = "与 LLaMA（仅限非商业用途）不同，Acme-7B 采用 Apache-2.0 协议，可免费商用。"
ZH_COMPARISON2 = "相比仅供学术研究使用的 ChatGLM-6B，Acme-7B 完全开放商用。"
ZH_DEMO = "在线 Demo 仅供学术研究使用。模型权重遵循 Apache-2.0，可商用。"
DECISIONS = "## Limitations\n\nThe model may produce errors. Do not use it for commercial decision-making without human review."

ALLOWED = {
    "a_zh_readme": (APACHE, "", {"README_zh.md": "# Acme-7B\n\n## 说明\n\n" + ZH_COMPARISON + "\n"}),
    "a_zh_main": (APACHE, ZH_COMPARISON, {}),
    "a_zh_readme2": (APACHE, "", {"README_zh.md": "# Acme-7B\n\n" + ZH_COMPARISON2 + "\n"}),
    "a_zh_he_xiangbi": (APACHE, "和 ChatGLM-6B（仅供学术研究使用）相比，Acme-7B 完全开放商用。", {}),
    "b_zh_readme": (APACHE, "", {"README_zh.md": "# Acme-7B\n\n" + ZH_DEMO + "\n"}),
    "b_zh_main": (APACHE, ZH_DEMO, {}),
    "b_zh_yanshi": (APACHE, "在线演示仅供学术研究使用。", {}),
    "c_en_readme": (APACHE, "", {"README_EN.md": "# Acme-7B\n\n" + DECISIONS + "\n"}),
    "c_main": (APACHE, DECISIONS, {}),
    "d_nested": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n  - without human oversight\n  - in regulated domains\n", {}),
    # twins: a License section that names a license licscan knows, or points to the LICENSE it read
    "f_known": (MIT, "## License\n\nMIT. See [here](https://opensource.org/licenses/MIT).", {}),
    "f_repo_file": (MIT, "## License\n\nSee [LICENSE](LICENSE).", {}),
    "g_twin": (("license: mit\nextra_gated_heading: Acknowledge the license to access this model", {"LICENSE": "mit.txt"}), "", {}),
}
DENIED = {
    # the restriction said of the model itself stays one
    "a_twin": (APACHE, "与 LLaMA 不同，本模型仅供学术研究使用。", {}),
    "a_twin_main_clause": (APACHE, "和 ChatGLM 相比，本模型仅限非商业用途。", {}),
    "b_twin": (APACHE, "本模型仅供学术研究使用。", {}),
    "c_twin": (APACHE, "Do not use it for commercial decision-making without our review and approval.", {}),
    "d_twin": (APACHE, "### Out-of-Scope Use\n\n- Commercial use\n- Medical diagnosis\n", {}),
    "g_gate": (("license: mit\nextra_gated_heading: Acknowledge the non-commercial license to access this model",
                {"LICENSE": "mit.txt"}), "", {}),
    "h_french": (MIT, "### Utilisations hors champ\n\n- Usage commercial\n", {}),
}
UNKNOWN = {
    "e_zh_plain_url": (APACHE, "", {"README_zh.md": "# Acme-7B\n\n## License\n\nThe weights are governed by the terms at "
                                                    "https://acme.example.com/weights-terms\n"}),
    "e_en_subject_to": (APACHE, "", {"README_EN.md": "# Acme-7B\n\nUse of the model weights is subject to the "
                                                     "[Acme Model License](https://acme.example.com/model-license).\n"}),
    "e_zh_book_title": (APACHE, "", {"README_zh.md": "# Acme-7B\n\n模型权重的使用请遵循《[Acme 模型许可协议](https://acme.example.cn/license)》。\n"}),
    "f_see_here": (MIT, "## License\n\nSee [here](https://acme.example.com/l).", {}),
    "f_h3_bold": (MIT, "### **License**\n\nSee [here](https://acme.example.com/l).", {}),
    "f_zh_heading": (MIT, "## 许可证\n\n模型权重请参阅 https://acme.example.cn/license", {}),
    "f_ko_heading": (MIT, "## 라이선스\n\n모델 가중치는 https://acme.example.kr/license 의 약관을 따릅니다.", {}),
}


def test_review53_card_words(tmp_path):
    found = _run(tmp_path, {**ALLOWED, **DENIED, **UNKNOWN})
    _verdicts(found, "allowed", ALLOWED)
    _verdicts(found, "denied", DENIED)
    _verdicts(found, "unknown", UNKNOWN)
