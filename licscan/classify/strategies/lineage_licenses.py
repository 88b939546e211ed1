"""Which of a base family's licenses a card's own evidence speaks for, for lineage_words: the family's licenses and their
other dated texts, the later ones it moved to and those the card pins (a text it ships, words naming the version), and
whether its files already name one."""

from __future__ import annotations

from ...model import Evidence
from ...rules import KnowledgeBase, LicenseRule
from ..base_families import Family
from ..candidates import TEXT_SOURCES, SoFar
from .card_terms import card_prose


def family_ids(kb: KnowledgeBase, family: Family) -> frozenset[str]:
    """The licenses of a family the card's words may name: those its versions list, and the other dated texts of
    each of those licenses (an id that is the other's with a date appended, "chatglm2-6b-license-20230625-nc" of
    "chatglm2-6b-license", in the same rule ``family``): THUDM's ChatGLM2-6B card under its July license is not a
    ChatGLM2-6B derivative under the June one its name alone would pin. Not every license of the line: a card under
    Llama 3's license does not settle which terms a Vicuna v1.3 base it names (the original LLaMA's) carries."""
    memo = _memo(kb)
    kept = memo.get(("family", id(family)))
    if kept is not None and kept[0] is family:
        return kept[1]
    ids = {license_id for version in family.versions for license_id in version.licenses} | set(family.default) | set(family.later_licenses)
    listed = [rule for rule in (kb.get(i) or kb.by_name(i) for i in ids) if rule is not None]
    found = frozenset({rule.id for rule in listed}.union(*(dated_texts_of(kb, rule) for rule in listed)))
    memo[("family", id(family))] = (family, found)
    return found


def later_ids(kb: KnowledgeBase, family: Family) -> frozenset[str]:
    """The family's later licenses that none of its versions lists, with their other dated texts."""
    memo = _memo(kb)
    kept = memo.get(("later", id(family)))
    if kept is not None and kept[0] is family:
        return kept[1]
    listed = {license_id for version in family.versions for license_id in version.licenses} | set(family.default)
    later = [rule for rule in (kb.get(i) or kb.by_name(i) for i in family.later_licenses if i not in listed) if rule is not None]
    found = frozenset(set().union(*(dated_texts_of(kb, rule) for rule in later)) - listed)
    memo[("later", id(family))] = (family, found)
    return found


def later_licenses_pinned(kb: KnowledgeBase, family: Family, evidence: Evidence, so_far: SoFar) -> tuple[str, ...]:
    """The family's later licenses the card pins: a text of one it ships, or words naming one with its version
    (families.yaml 'later_license_words')."""
    later = later_ids(kb, family)
    shipped = {c.license_id for c in so_far.candidates if c.license_id in later and c.source in TEXT_SOURCES}
    prose = card_prose(evidence.card_body) + "\n" + (evidence.card.license_name or "")   # "license_name: yi-community-license"
    named = {license_id for words in family.later_license_words if words.words.search(prose) for license_id in words.licenses}
    return tuple(sorted(shipped | named))


def dated_texts_of(kb: KnowledgeBase, one: LicenseRule) -> frozenset[str]:
    """The license and its other dated texts (the same rule ``family``, one id the other's with a date appended)."""
    memo = _memo(kb)
    kept = memo.get(("dated", one.id, one.family))
    if kept is not None:
        return kept[1]
    found = frozenset({one.id} | {rule.id for rule in kb.rules if rule.family and rule.family == one.family
                                  and (rule.id.startswith(one.id + "-") or one.id.startswith(rule.id + "-"))})
    memo[("dated", one.id, one.family)] = (one, found)
    return found


# The answers above for the last knowledge bases, by the object (held, so that its id is not reused), each beside the
# family or rule it was asked for (a family by its id, checked to be the same object: hashing a Family hashes its every
# version): each walks every rule, and lineage_words asks them for each family of every checkpoint (~10 walks each).
_Kept = dict[tuple[object, ...], tuple[object, frozenset[str]]]
_MEMOS: dict[int, tuple[KnowledgeBase, _Kept]] = {}


def _memo(kb: KnowledgeBase) -> _Kept:
    found = _MEMOS.get(id(kb))
    if found is None or found[0] is not kb:
        if len(_MEMOS) >= 4:
            _MEMOS.clear()
        found = _MEMOS[id(kb)] = (kb, {})
    return found[1]


def files_pin(kb: KnowledgeBase, family: Family, so_far: SoFar) -> bool:
    """Whether the checkpoint's own files already name a license of the family (a NOTICE "Llama 3.1 is
    licensed under the Llama 3.1 Community License", the license text itself): that version applies through
    them, and an unversioned family name in the repo name adds nothing to it."""
    ids = family_ids(kb, family)
    return any(c.license_id in ids and c.finding is not None and c.role in ("governs", "use-policy")
               for c in so_far.candidates)
