"""The base-model families a card may name (rules/card-words/families.yaml): each family's name, the licenses of its
versions, and who publishes it. Read by card_words' loader; asked by the lineage readers."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property

from ..lazy_regex import lazy


@dataclass(frozen=True)
class Version:
    """A version of a base-model family: the words that name it and the licenses it carries."""

    words: re.Pattern[str]
    licenses: tuple[str, ...]


@dataclass(frozen=True)
class Family:
    """A base-model family a card may name, and the licenses of its versions."""

    family: str
    name: re.Pattern[str]
    versions: tuple[Version, ...]
    default: tuple[str, ...]
    # its licenses include those of the models it was made from (a DeepSeek-R1 distill's include Qwen2.5's):
    # another family named beside it is its base, already counted, and the cards of its models list each other
    includes_its_bases: bool = False
    # the Hub owners that publish the family's own models ("mistralai"): a repo of another owner with the family's
    # name is somebody's derivative, whose terms the name does not tell
    publishers: tuple[str, ...] = ()
    # the licenses its models moved to after their first release (Yi: 2.0, the Community License 2.1): a card that
    # declares, ships or names one says which terms a family name pinning no version carries
    later_licenses: tuple[str, ...] = ()
    # the words that name one of the later licenses with its version ("the Yi Series Models Community License"): a card
    # naming the family's license by a name every version bore ("license_name: yi-license", "the Yi License") pins none
    later_license_words: tuple[Version, ...] = ()

    def __hash__(self) -> int:
        """The hash dataclass would give (of every field), computed once: the lineage readers key dicts and sets by
        families, for each text of every card, and hashing one hashes each of its versions' patterns."""
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, field.name) for field in fields(self)))

    def licenses_for(self, written: str) -> tuple[tuple[str, ...], bool]:
        """The licenses the family's name as written carries, and whether the words pinned the version. A name listing
        other sizes after its own ("Qwen2-VL-7B and 72B-Instruct", "Qwen2.5-7B/72B") carries each size's licenses."""
        licenses = self._pinned(written)
        if licenses is None:
            return self.default, False
        size = _SIZE.search(written)
        listed = _LISTED_SIZES.match(written, size.end()) if size else None
        if size is not None and listed is not None:
            for other in _SIZE.findall(listed.group(0)):
                more = self._pinned(written[:size.start()] + other + written[size.end():])
                licenses += tuple(license_id for license_id in more or self.default if license_id not in licenses)
        return licenses, True

    def _pinned(self, written: str) -> tuple[str, ...] | None:
        return next((version.licenses for version in self.versions if version.words.search(written)), None)


# A model size in a family's name ("7B", "0.5b"), and more sizes listed right after it ("7B and 72B", "7B/72B", "1.5B, 7B")
_SIZE = lazy(r"(?<![\w.])\d+(?:\.\d+)?[bB](?![a-zA-Z0-9])")
_LISTED_SIZES = lazy(r"(?:[-\w]*?(?:\s*(?:,|/|&|\band\b|\bor\b)\s*)(?:\w+[-_ ])?\d+(?:\.\d+)?[bB](?![a-zA-Z0-9]))+")
