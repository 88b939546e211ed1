"""The words licscan's records use, as types: "unknown" is a verdict, a category, a match status and a
license id, and a type says which one a field holds. The values are the strings of the JSON report.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Verdict = Literal["allowed", "conditional", "denied", "unknown"]
# The ids of rules/categories.yaml (their ranks are there; tests/test_rules.py keeps the two equal).
Category = Literal[
    "permissive", "copyleft", "openrail", "gemma-terms", "llama-community",
    "revenue-threshold", "other-restricted", "non-commercial", "unknown",
]
# Open licenses: commercial use with notice or share-alike duties only (categories.md); a card's words often name
# one for its code, images or data rather than its weights.
OPEN_CATEGORIES: tuple[Category, ...] = ("permissive", "copyleft")
MatchStatus = Literal["exact", "modified", "partial", "unknown"]
# What a file is to the checkpoint, by its name: the model card, a license, a use policy, a notice, a guide to using
# the model (RESPONSIBLE_USE.md, USAGE.md) whose words are read for terms as the card's are, not matched as a license.
FileRole = Literal["card", "license", "use-policy", "notice", "use-guide"]
# What a candidate license found by a classification strategy is to the checkpoint's weights:
# "governs" applies to them; "code" is a license file taken to cover code or other material;
# "use-policy" is a use policy that applies alongside; "mention" is a license a card names in passing;
# "review" a license the card's words name that must be confirmed; "fallback" one that counts only
# when nothing else says which license applies; "component" the license of bundled code a NOTICE or
# third-party-notices file lists, never the weights' terms.
EvidenceRole = Literal["governs", "code", "use-policy", "mention", "review", "fallback", "component"]

UNKNOWN: Final = "unknown"   # the license id of a checkpoint whose license could not be determined
VERDICT_VALUES: tuple[Verdict, ...] = get_args(Verdict)
CATEGORY_VALUES: tuple[Category, ...] = get_args(Category)
def as_verdict(value: str) -> Verdict:
    """``value`` (a rule's grant, read from rules/*.yaml) as a Verdict. The rule loader admits only
    verdicts, so anything else is a defect in licscan, not bad input."""
    for verdict in VERDICT_VALUES:
        if value == verdict:
            return verdict
    raise ValueError(f"not a verdict: {value!r}")


def as_category(value: str) -> Category:
    """``value`` (a rule's category, read from rules/*.yaml) as a Category; see ``as_verdict``."""
    for category in CATEGORY_VALUES:
        if value == category:
            return category
    raise ValueError(f"not a category: {value!r}")
