"""From evidence to a license: what the card declares, what the files say, and how they agree.

Each kind of evidence is a strategy (``strategies/``), as licensee does it: a license text in the card
body, the license files' texts (the strongest evidence), the use-policy and NOTICE files' texts, the card
metadata (the author's declaration), the card's prose and license lines, what files that match no text
state, the weight-file headers.
Each returns candidate licenses with a confidence, a role and the words they rest on; ``decide`` keeps
every candidate that applies, lets the most restrictive decide, and reports where they disagree.
"""

from __future__ import annotations

from dataclasses import replace

from ..matcher import Matcher
from ..model import Classification, Evidence, TextMatch
from ..normalize import card_characters
from ..rules import KnowledgeBase
from .candidates import Reading, SoFar, Strategy
from .decide import decide
from .strategies import STRATEGIES
from .strategies.prose import prose_licenses


class Classifier:
    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None):
        self.kb = kb
        self.matcher = matcher or Matcher(kb)
        self.strategies: tuple[Strategy, ...] = tuple(strategy(kb, self.matcher) for strategy in STRATEGIES)

    def classify_text(self, text: str) -> TextMatch:
        return self.matcher.match(text)

    def classify(self, evidence: Evidence) -> Classification:
        return decide(self.kb, evidence, self.read(evidence))

    def read(self, evidence: Evidence) -> tuple[Reading, ...]:
        """Every strategy's reading of the evidence, in order. The card's words are read as license texts
        are, after folding the characters that disguise them (a no-break hyphen in "non\u2011commercial")."""
        if evidence.card_body and not evidence.card_body.isascii():
            evidence = replace(evidence, card_body=card_characters(evidence.card_body))
        readings: tuple[Reading, ...] = ()
        for strategy in self.strategies:
            readings += (strategy.read(evidence, SoFar(evidence, readings)),)
        return readings

    def prose_license(self, body: str) -> tuple[str, str] | None:
        """A license named only in the card's prose ("released under the Apache License 2.0"):
        (rule id, the phrase) for the first phrase that names a known license, or None."""
        found = prose_licenses(self.kb, body)
        return found[0] if found else None

    def prose_licenses(self, body: str) -> list[tuple[str, str]]:
        return prose_licenses(self.kb, body)


__all__ = ["Classifier", "decide"]
