"""A license named without its version ("CC-BY-NC", "Creative Commons BY-NC-SA"): a name without a version is an
alias of the latest version licscan knows (rules/cc-by-nc-4.0.yaml), and the reason says so, with what every version
licscan knows of that license is, so a reader sees the verdict does not rest on a version the card never gave."""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...rules import KnowledgeBase

# A rule id that ends in its version: "cc-by-nc-4.0" is version 4.0 of "cc-by-nc"
_VERSIONED_ID = lazy(r"^(?P<stem>.+)-(?P<version>\d+(?:\.\d+)*)$")
# A version number in a card's words: "2.5", "v2" (its own major version alone, "GPLv3", counts too)
_A_VERSION = lazy(r"(?<![\d.])\d+\.\d+(?![\d.]*\d)|v\d+\b", re.IGNORECASE)


def version_not_given(kb: KnowledgeBase, rule_id: str, words: str) -> str:
    """" (named without its version: every version licscan knows of it, cc-by-nc-2.0, ... is non-commercial)" when ``words``
    name ``rule_id``, one of several versions of a license, and give no version at all; else ""."""
    versioned = _VERSIONED_ID.match(rule_id)
    if versioned is None:
        return ""
    major = versioned.group("version").split(".")[0]
    if _A_VERSION.search(words) or re.search(rf"(?<![\d.]){major}(?![\d])", words):
        return ""   # "CC BY-NC 4.0", ".../by-nc/4.0/", "GPLv3": a version is given
    versions = [rule for rule in kb.rules if (match := _VERSIONED_ID.match(rule.id)) and match.group("stem") == versioned.group("stem")]
    if len(versions) < 2:
        return ""
    categories = sorted({rule.category for rule in versions})
    known = ", ".join(rule.id for rule in versions[:-1]) + f" and {versions[-1].id}"
    if len(categories) == 1:
        return f" (named without its version: every version licscan knows of it, {known}, is {categories[0]})"
    return f" (named without its version: the versions licscan knows of it, {known}, differ: {', '.join(categories)})"
