"""The grammar of a "Base model:" label and its value, read by base_ids (a card's label lines and sentences) and
base_tables (a table's Base model column)."""

from __future__ import annotations

import re

# The value is a Hub id written bare ("Base model: org/X"), as a Hub address ("Base model: https://huggingface.co/org/X")
# or as a link to one, whose target is the id whatever its text says ("- **Base model:** [X](https://huggingface.co/org/X)"),
# after a colon, a dash or a table's cell border ("| Base model | org/X |", acc54: review53).
LABEL_AFTER = r"\W{0,6}?[:：\-–—|]\W{0,4}"
_HUB_ID = r"[A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95}"
BASE_LABEL_VALUE = (r"(?:(?:\[[^\]\n]{0,120}\]\(\s*)?(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?:models/)?"
                rf"(?!datasets/|spaces/|collections/|papers/|docs/|blog/)(?P<address>{_HUB_ID})|(?P<bare>{_HUB_ID}))")
# (acc81: "Base checkpoint: org/X" as "Base model: org/X", as a table's column of that name was read already)
# (a whole word: "Database model: org/X", "Knowledge-base model: org/X" are no base's label, acc82)
ENGLISH_BASE_LABEL = r"(?<![\w-])(?:base[ _-]?(?:model|checkpoint)|fine-?tuned from(?: model)?(?: \[optional\])?)"


def label_value(match: re.Match[str]) -> tuple[str, int, int, bool]:
    """A "Base model:" label match's id, where it is, and whether it was written bare (not as a Hub address)."""
    group = "address" if match.group("address") else "bare"
    return match.group(group), match.start(group), match.end(group), group == "bare"
