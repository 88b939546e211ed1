"""The words a card needs before its sentences are read for the repo it was made from (a conversion, a
quantisation, a fine-tune): lineage asks before it imports the classifier, classify.named_sources before it
reads a sentence. A module of its own so that neither imports the other."""

from __future__ import annotations

import re

from .lazy_regex import folded, lazy

# Words a source reference (classify.named_sources, rules/card-words/phrases.yaml source_phrases) cannot do
# without: a card with none is not read for one (most cards; the classifier then stays unimported)
_SOURCE_WORDS_PATTERN = (r"conver(?:ted|sion)|quanti[sz]|gguf|gptq|awq|exl2|mlx|onnx|ct2|ctranslate2|fine[- ]?tune(?:d\s+version)?\s+of"
                    r"|fine[- ]?tun(?:e|es|ed) [\[`*]|fine[- ]?tuned (?:from|on top of)\b|leverag(?:es|ing) [\[`*]"
                    r"|\bas (?:(?:an?|the|its|our) )?(?:pre-?trained|base|backbone|initial|language)(?: \w+)? model"
                    r"|distilled (?:from|of)\b|by fine[- ]?tuning\b|\) (?:model |checkpoint )?fine[- ]?tuned (?:on|with|for|using)\b"
                    r"|(?:models?|checkpoints?) fine[- ]?tuned (?:on|with|for|using)\b"
                    r"|buil(?:t|ds) (?:[\w.-]+ )?(?:on top of|on|upon|from|using|atop|off|with) (?:[\w.'’-]+ ){0,3}?(?:\[|https?://|(?:\*\*|`)?[a-z0-9][\w.-]{0,95}/[a-z0-9])"
                    r"|\bbuilding (?:on top of|on|upon|atop) (?:[\w.'’-]+ ){0,3}?(?:\[|https?://)"
                    r"|starting from\b|weights (?:come|came|are taken|were taken|are initiali[sz]ed|were initiali[sz]ed) from\b"
                    r"|(?:original|source|parent|upstream)[ _-]?model(?:[ _-]?(?:name|id|repo|link))?(?:\*\*|__)?\s{0,2}[:：]"
                    # acc59: "and fine-tuned it", "smaller/distilled versions of", "further ... pre-training on", "trained further
                    # on", "the checkpoint for [X](...) after", "a model called [X](...)"
                    r"|(?:fine[- ]?tuned|instruction[- ]tuned|trained) it\b"
                    r"|(?:smaller|distilled|compressed|pruned|trimmed|reduced|sparse|sparsified) versions? of"
                    r"|\bfurther (?:[\w-]+ ){0,2}?(?:pre-?train|train|fine[- ]?tun)|(?:trained|tuned) further\b"
                    r"|(?:checkpoint|weights|version) (?:for|of) .{0,300}?,? after\b|(?:called|named) [\[`*]")
SOURCE_WORDS = lazy(_SOURCE_WORDS_PATTERN, re.IGNORECASE)
# The same pattern, case-sensitive, for lazy_regex.folded() text: the pattern is lower-case, and folding gives
# what re's IGNORECASE equates with its letters, so the answer is the same at ~1/4 of the cost (a card body is
# asked on every check, remembered or not: lineage asks before it knows whether to read the card at all).
_SOURCE_WORDS_FOLDED = lazy(_SOURCE_WORDS_PATTERN)


def has_source_words(text: str) -> bool:
    """Whether SOURCE_WORDS.search(text) finds anything."""
    return _SOURCE_WORDS_FOLDED.search(folded(text)) is not None
