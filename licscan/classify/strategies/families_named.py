"""Which model families some words name, and what that makes of their licenses: the families named in a card's sentences
or a base's recorded name (``families_named``: the versions pinned, else the family's default), the licenses of the versions
a text pins (``pinned_families``), the license of the family a `base_model` that is no Hub repo names (``license_named_by``,
lineage's stand-in for a base it cannot fetch) and whether a repo's owner publishes the family its name names
(``published_by_its_family``). The families and their words are data: rules/card-words/families.yaml. Read by
lineage_words (the strategy), base_license_words, lineage, evaluate and license_link_rules."""

from __future__ import annotations

from ...lazy_regex import lazy
from ...rules import KnowledgeBase, LicenseRule, restrictiveness
from ..base_families import Family
from ..card_words import CardWords, load_card_words
from .family_names import TOOL_FOR, a_model_of_its_own, as_written, name_starts, not_the_weights


def families_named(words: CardWords, said: list[tuple[str, str]],
                   its_own_card: bool = False) -> dict[Family, tuple[tuple[str, ...], str]]:
    """Each family named, with its licenses (those of the versions pinned, else its default) and
    where it was named first (the first place that pins a version, if any does). ``its_own_card``: the card is
    its family's publisher's, where the models of a family whose cards list each other are named as relatives."""
    pinned: dict[Family, tuple[list[str], str]] = {}
    loose: dict[Family, str] = {}
    unpinned_models: set[Family] = set()
    for where, text in said:
        found_at = {family: m.start() for family in words.families for m in [family.name.search(text)] if m}
        named = list(found_at)
        first_including = min((at for family, at in found_at.items() if family.includes_its_bases), default=None)
        if first_including is not None:
            # "DeepSeek-R1-Distill-Qwen-7B is derived from Qwen-2.5": the Qwen named after it is its base, counted
            # in it; one named before it is not ("Qwen2.5-3B fine-tuned on traces distilled from DeepSeek-R1-Distill-...")
            named = [family for family in named if family.includes_its_bases or found_at[family] < first_including]
        starts = name_starts(found_at, text)
        for family in named:
            for match in family.name.finditer(text):
                if TOOL_FOR.search(text, max(0, match.start() - 12), match.start()) or not_the_weights(text, match):
                    continue   # "GPTQ-for-LLaMa": a tool made for the family; "the Llama 3 chat template": its format
                licenses, is_pinned = family.licenses_for(as_written(text, match, starts))
                if is_pinned:
                    known, first = pinned.setdefault(family, ([], where))
                    known.extend(license_id for license_id in licenses if license_id not in known)
                else:
                    loose.setdefault(family, where)
                    if a_model_of_its_own(text, match) and not (its_own_card and family.includes_its_bases):
                        unpinned_models.add(family)
    out: dict[Family, tuple[tuple[str, ...], str]] = {}
    for family, (ids, where) in pinned.items():
        if family in unpinned_models:
            # "fine-tuned from Aya 23 8B, with the Aya 101 tokenizer": the version pinned is another model's; the one
            # named without a known version carries the family's most restrictive license beside it
            ids.extend(license_id for license_id in family.default if license_id not in ids)
        out[family] = (tuple(ids), where)
    for family, where in loose.items():
        out.setdefault(family, (family.default, where))
    return out


def published_by_its_family(repo: str) -> bool:
    """Whether the repo's owner publishes the family its name names ("mistralai/Mistral-7B-Instruct-v0.3"); not
    another owner's model with the family's name ("Salesforce/LLaMA-3-8B-SFR-Iterative-DPO-R", CC BY-NC)."""
    global _last_published
    words = load_card_words()
    last = _last_published
    if last[0] is words and last[1] == repo:
        return last[2]   # LineageWords.read asks three times of the same checkpoint
    owner = repo.partition("/")[0].lower()
    answer = any(owner in family.publishers for family in families_named(words, [(repo, repo)]))
    _last_published = (words, repo, answer)
    return answer


_last_published: tuple[object, str, bool] = (None, "", False)   # the card words, the repo and the answer


def license_named_by(kb: KnowledgeBase, value: str, siblings: tuple[str, ...] = (), loose: bool = True) -> LicenseRule | None:
    """The license of the family a `base_model` value that is not a Hub repo names ("/root/model/
    chatglm2-6b", "./Meta-Llama-3-8B"): the version it pins, else the family's most restrictive; None
    when it names no family licscan knows. Lineage uses it for a base it cannot fetch.

    ``siblings``: the other models a merge merged; a version they pin stands for a family this value names
    without one (mergekit merges models of one architecture: "meta_llama_full_colab_remerge_2" merged with
    "Llama-3.1-SauerkrautLM-8b" is a Llama 3.1). ``loose=False``: a family named with no version pinned here
    or by the siblings names nothing."""
    words = load_card_words()
    value = as_family_name(value)
    elsewhere = pinned_families(words, siblings)
    ids: list[str] = []
    for family in families_named(words, [(value, value)]):
        here = pinned_families(words, (value,)).get(family)
        if here is None:
            here = elsewhere.get(family)
        if here is None and not loose:
            continue
        ids += here or family.default
    rules = [rule for rule in (kb.get(i) or kb.by_name(i) for i in ids) if rule]
    return max(rules, key=restrictiveness) if rules else None


# An Ollama library tag ("qwen2.5:7b", "mistral:7b", "user/model:8b-q4"): its tag is the size or variant the name leaves
# out, written after a colon the families' version words do not expect: read as "qwen2.5 7b"
_OLLAMA_TAG = lazy(r"^((?:[A-Za-z0-9][\w.\-]{0,95}/)?[A-Za-z0-9][\w.\-]{0,95}):([A-Za-z0-9][\w.\-]{0,95})$")


def as_family_name(value: str) -> str:
    """A recorded name as the families' words read it: an Ollama library tag "qwen2.5:7b" as "qwen2.5 7b"."""
    return _OLLAMA_TAG.sub(r"\1 \2", value)


def pinned_families(words: CardWords, texts: tuple[str, ...]) -> dict[Family, tuple[str, ...]]:
    """The families the texts name with a version pinned, and the licenses of the versions pinned."""
    out: dict[Family, list[str]] = {}
    for text in texts:
        named = [family for family in words.families if family.name.search(text)]
        starts = name_starts(named, text)
        for family in named:
            for match in family.name.finditer(text):
                if not_the_weights(text, match):
                    continue
                licenses, is_pinned = family.licenses_for(as_written(text, match, starts))
                if is_pinned:
                    out.setdefault(family, []).extend(i for i in licenses if i not in out[family])
    return {family: tuple(ids) for family, ids in out.items()}
