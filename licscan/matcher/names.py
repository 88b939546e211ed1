"""License names in running text ("The model weights are licensed under CC-BY-NC-4.0")."""

from __future__ import annotations

from itertools import compress, count

from ..normalize import _TOKEN as _TOKEN_CHARS
from ..rules import KnowledgeBase
from .records import NamedLicenses

# Names are looked for in the first words of a text only, which bounds the cost of a very long text.
_SEARCHED_WORDS = 4_000
# A name is at most this many words ("Llama 3.1 Community License Agreement").
_NAME_WORDS = 8


class LicenseNames:
    """Every way the knowledge base's licenses are named: id, name, SPDX id, Hub ids, aliases."""

    def __init__(self, kb: KnowledgeBase):
        # letters and digits only ("CC-BY-NC-4.0" -> "ccbync40")
        self._names = {
            key: rule.id
            for rule in kb.rules if rule.kind == "license"
            for name in (rule.id, rule.name, rule.spdx, *rule.hub_ids, *rule.aliases)
            if len(key := "".join(_TOKEN_CHARS.findall(name.lower()))) >= 3 and not key.startswith("licenseref")
        }
        # a name can only start at a word that is a prefix of some name ("cc", "llama", "apache", ...)
        self._prefixes = {key[:end] for key in self._names for end in range(1, len(key) + 1)}

    def find(self, words: list[str]) -> NamedLicenses:
        """The licenses the words name, in order, and the positions of the words that name them. The
        longest name wins ("Llama 3.1" is not "Llama 3")."""
        found: list[str] = []
        positions: set[int] = set()
        names, prefixes = self._names, self._prefixes
        limit = min(len(words), _SEARCHED_WORDS)
        covered = 0
        for start in compress(count(), map(prefixes.__contains__, words[:limit])):   # looped in C
            if start < covered:
                continue
            key, longest = "", None
            for end, word in enumerate(words[start: start + _NAME_WORDS], start + 1):
                key += word
                if key not in prefixes:
                    break
                if key in names:
                    longest = (names[key], end)
            if longest is not None:
                found.append(longest[0])
                positions.update(range(start, longest[1]))
                covered = longest[1]
        return NamedLicenses(found, positions)
