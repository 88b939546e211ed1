"""Licenses a card's statement denies: "The weights are not released under Apache 2.0 but under CC BY-NC 4.0"
gives CC BY-NC 4.0, not Apache 2.0 (issue 15). The prose reader blanks the denied license before it reads
what a statement gives."""

from __future__ import annotations

import re
from functools import lru_cache

from ...lazy_regex import lazy

# A license a statement denies is not the one it gives: "The weights are not released under Apache 2.0 but under
# CC BY-NC 4.0", "... under CC BY-NC 4.0 rather than Apache 2.0", "License: CC BY-NC 4.0, not Apache 2.0". Not "not
# only X but also Y", which gives both.
_NOT_ONLY = r"(?!(?:only|just|merely|simply|solely|exclusively|least)\b)"
_NOT_X_BUT_Y = lazy(
    rf"(?P<no>\b(?:not|never)\s+{_NOT_ONLY}|(?<=[a-z])n['’]t\s+{_NOT_ONLY})"
    r"(?P<verb>(?:[\w-]+\s+){0,3}?(?:under|by)\s+)?"
    r"(?P<denied>(?:[^\n.;:!?]|\.(?=\S)){1,100}?)"
    # after "but", a license: another statement verb ("but under Y") or a name ("but CC BY-NC 4.0"), not a verb
    # phrase ("not changed from the release under CC BY-NC 4.0 but quantized to 4 bits" denies nothing)
    r"(?P<but>\s*,?\s+but\s+(?!also\b)(?:rather\s+|instead\s+)?)"
    r"(?:(?P<again>(?:[\w-]+\s+){0,3}?(?:under|by)\s+)(?=\S)|(?=(?-i:[*_`\[(]*(?:the\s+)?[A-Z0-9])))",
    re.IGNORECASE)
# the same in German, French and Spanish, whose "under" the prose reader reads: "nicht unter X, sondern unter Y", "ne
# sont pas publiés sous X mais sous Y", "no se publican bajo X sino bajo Y"
_NICHT_X_SONDERN_Y = lazy(
    r"(?P<no>\b(?:nicht|pas|no)\s+)(?P<verb>(?:[\w-]+\s+){0,2}?(?:unter|sous|bajo)\s+)"
    r"(?P<denied>(?:[^\n.;:!?]|\.(?=\S)){1,100}?)"
    r"(?P<but>\s*,?\s+(?:sondern|mais|sino)\s+)(?P<again>(?:[\w-]+\s+){0,2}?(?:unter|sous|bajo)\s+)?(?=\S)",
    re.IGNORECASE)
# the same in Chinese, which names the license before its word for license (prose.py): "不采用 X 许可证，而是采用 Y 许可证",
# "并非采用 X，而是 Y". After "而是", a license: a verb of a license statement or a name (Latin capital or digit), and
# a word for license before the clause ends; "不可用于商业用途，而是仅供研究使用" denies no license and is left whole
_VERB_ZH = r"(?:采用|使用|遵循|遵守|依据|基于|按照|依照)"
_BU_X_ER_SHI_Y = lazy(
    rf"(?P<no>(?:并非|并不是|并不|不是|不|非)\s*)(?P<verb>{_VERB_ZH}\s*)"
    r"(?P<denied>[^\n。；;！？!?]{1,100}?)"
    rf"(?P<but>\s*[，,、]?\s*而是\s*)(?P<again>{_VERB_ZH}\s*)?"
    r"(?=[*_`\[(]*[A-Z0-9])(?=[^\n。；;，,]{1,80}?(?:许可|协议|授权|(?i:licen[cs]e)))")
_Y_RATHER_THAN_X = lazy(
    rf"(?P<no>(?:,\s*|\s+)(?:rather\s+than|instead\s+of|as\s+opposed\s+to)\s+|(?:,|\()\s*(?:and\s+|but\s+)?not\s+{_NOT_ONLY})"
    r"(?P<denied>(?:(?!\s+(?:and|but|while|whereas|because|since|as|which|so|for)\b)(?:[^\n;:,()!?]|\.(?=\d))){1,80})",
    re.IGNORECASE)

# A license the card says its model does not share: "it does not share the same license as meta-llama/Llama-2-7b-hf", "is not
# under the same terms as Llama 2", "its license is not the same as X's" (acc82, acc78 F1): the model named after "as" gives
# no license of the weights. Not "not only ... the same license as X" (it does share it).
_NOT_THE_SAME_AS = lazy(
    rf"(?P<no>(?:\b(?:not|never)\s+{_NOT_ONLY}|(?<=[a-z])n['’]t\s+{_NOT_ONLY})(?:[\w-]+\s+){{0,3}}?(?:the\s+)?same\s+"
    r"(?:(?:licen[cs]\w*|terms|conditions)\s+)?as\s+)"
    r"(?P<denied>(?:[^\n.;:!?,()]|\.(?=\S)){1,100}?)(?=\s*(?:[.;:!?,()]|\n|$)|\s+(?:and|but|because|since|which|so|while)\b)",
    re.IGNORECASE)

# "not" right before a license statement's verb ("are not released under X"): the license is denied
DENIED_BEFORE = lazy(rf"(?:\bnot|n['’]t|\bnever)\s+{_NOT_ONLY}(?:\w+\s+)?\Z", re.IGNORECASE)


# A word each of the forms above holds: most sentences have none, and are returned as they are
# (the lookahead names the characters every form starts with: re then skips the other positions at once, ~4x faster)
_DENIAL_WORD = lazy(r"(?=[nroip而])(?:\bnot\b|n['’]t\b|\bnever\b|\brather\b|\binstead\b|\bopposed\b|\bnicht\b|\bpas\b|\bno\b|而是)",
                    re.IGNORECASE)


@lru_cache(maxsize=8192)   # the card strategies blank the same lines and sentences (speed6: memo, answers unchanged)
def without_denied_licenses(text: str) -> str:
    """The text with the words that deny a license, and the license they deny, blanked out (one space for each
    character, so that offsets into it are offsets into the text): "The weights are not released under Apache
    2.0 but under CC BY-NC 4.0" reads "The weights are released under CC BY-NC 4.0"; "... not under X but are
    released under Y" reads "... are released under Y"."""
    if not _DENIAL_WORD.search(text):
        return text

    def blank(match: re.Match[str]) -> str:
        groups = ["no", "denied"]
        if "but" in match.re.groupindex:
            again = match.group("again") or ""
            # one verb is kept, the one after "but" when it has its own ("but is released under"), else the first
            groups += ["but", "verb"] if again.split()[:-1] else ["but", "again"] if match.group("verb") else ["but"]
        kept = match.group(0)
        for group in groups:
            if match.group(group):
                a, b = (at - match.start() for at in match.span(group))
                kept = kept[:a] + " " * (b - a) + kept[b:]
        return kept

    text = _Y_RATHER_THAN_X.sub(blank, _NICHT_X_SONDERN_Y.sub(blank, _NOT_X_BUT_Y.sub(blank, text)))
    text = _NOT_THE_SAME_AS.sub(blank, text) if "same" in text.lower() else text
    return _BU_X_ER_SHI_Y.sub(blank, text) if "而是" in text else text
