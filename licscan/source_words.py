"""The words a card needs before its sentences are read for the repo it was made from (a conversion, a
quantisation, a fine-tune): lineage asks before it imports the classifier, classify.named_sources before it
reads a sentence. A module of its own so that neither imports the other."""

from __future__ import annotations

import re

from .lazy_regex import lazy

# Words a source reference (classify.named_sources, rules/card-words/phrases.yaml source_phrases) cannot do
# without: a card with none is not read for one (most cards; the classifier then stays unimported)
SOURCE_WORDS = lazy(r"conver(?:ted|sion)|quanti[sz]|gguf|gptq|awq|exl2|mlx|onnx|ct2|ctranslate2|fine[- ]?tune(?:d\s+version)?\s+of"
                    r"|fine[- ]?tun(?:e|es|ed) [\[`*]|fine[- ]?tuned (?:from|on top of)\b|leverag(?:es|ing) [\[`*]"
                    r"|\bas (?:(?:an?|the|its|our) )?(?:pre-?trained|base|backbone|initial|language)(?: \w+)? model"
                    r"|distilled (?:from|of)\b|by fine[- ]?tuning\b|\) (?:model |checkpoint )?fine[- ]?tuned (?:on|with|for|using)\b"
                    r"|starting from\b|weights (?:come|came|are taken|were taken|are initiali[sz]ed|were initiali[sz]ed) from\b"
                    r"|(?:original|source|parent|upstream)[ _-]?model(?:[ _-]?(?:name|id|repo|link))?(?:\*\*|__)?\s{0,2}[:：]",
                    re.IGNORECASE)
