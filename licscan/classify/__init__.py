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

from ..card_html import card_html_as_markdown
from ..matcher import Matcher
from ..model import Classification, Evidence, TextMatch
from ..normalize import card_characters
from ..rules import KnowledgeBase
from .candidates import Reading, SoFar, Strategy
from .decide import decide
from .strategies import STRATEGIES
from .strategies.card_body import without_pasted_license_text
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
        are, after folding the characters that disguise them (a no-break hyphen in "non\u2011commercial"), and
        its HTML as the Markdown it renders like (card_html). A license text pasted into the card is read as that
        license by the strategy that reads the card as a text; the others read the card's words without it
        (strategies.card_body.without_pasted_license_text)."""
        if evidence.card_body and not evidence.card_body.isascii():
            evidence = replace(evidence, card_body=card_characters(evidence.card_body))
        if evidence.card_body and "<" in evidence.card_body:
            evidence = replace(evidence, card_body=card_html_as_markdown(evidence.card_body))
        words = evidence
        if evidence.card_body:
            without_text = without_pasted_license_text(self.matcher, evidence.card_body)
            if without_text != evidence.card_body:
                words = replace(evidence, card_body=without_text)
        readings: tuple[Reading, ...] = ()
        for strategy in self.strategies:
            read = evidence if getattr(strategy, "reads_the_card_as_a_text", False) else words
            readings += (strategy.read(read, SoFar(read, readings)),)
        return readings

    def prose_license(self, body: str) -> tuple[str, str] | None:
        """A license named only in the card's prose ("released under the Apache License 2.0"):
        (rule id, the phrase) for the first phrase that names a known license, or None."""
        found = prose_licenses(self.kb, body)
        return found[0] if found else None

    def prose_licenses(self, body: str) -> list[tuple[str, str]]:
        return prose_licenses(self.kb, body)


__all__ = ["Classifier", "decide"]
