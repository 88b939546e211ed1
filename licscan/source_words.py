"""The words a card needs before its sentences are read for the repo it was made from (a conversion, a
quantisation, a fine-tune): lineage asks before it imports the classifier, classify.named_sources before it
reads a sentence. A module of its own so that neither imports the other."""

from __future__ import annotations

import re

from .lazy_regex import RequiredWords, folded, lazy

# Words a source reference (classify.named_sources, rules/card-words/phrases.yaml source_phrases) cannot do
# without: a card with none is not read for one (most cards; the classifier then stays unimported)
_DERIVATIVE = r"deriv(?:ative|ation|ed version)(?: model| work)?(?:\*\*|__)? (?:of|from)\b"
# A heading (or a bold line, acc82) with a word of a base's heading, over a line opening with a link, a Hub address or an ORG/NAME (the line under
# the heading is looked at first: most headings have words under them, passed over before the heading's words are read)
_BASE_HEADING_OVER_A_VALUE = (
    r"[ \t]{0,3}(?:#{1,6}[ \t]|\*\*|__)(?=[^\n]{0,160}\n(?:[ \t]*\n){0,3}[ \t]*(?:[-*+>][ \t]+)?(?:\[(?!!)|https?://|(?:\*\*|__|[`*_\"“])?"
    r"[a-z0-9][\w.-]{0,95}/[a-z0-9]))[^\n]{0,80}?(?:based|built|tuned|derived|initiali|trained from|base|parent|source|original|"
    r"upstream|foundation|pre-?train|starting|lineage|기반|베이스|기본|원본|학습|ベース|元モデル|事前学習|基础|基座|底座|基礎|预训练|"
    r"預訓練|基于|基於|basis|ausgangs|basiert|bas[eé]|basado|baseado|базов|исходн|основе)"
)
_SOURCE_WORD_PARTS = (
    # each a search of its own, most of them starting with a literal word that re finds at C speed; an alternative that
    # opens with a word boundary is written "as(?<=\bas) ..." (the same match as "\bas ..."), so that re scans for its word
    # (one alternation of them all, or one opening with "\b", is tried at every position of the card: 2-4x the cost)
    r"fine[- ]?tune(?:d?\s+(?:version|model|checkpoint))?\s+of", r"conver(?:ted|sion)", r"quanti[sz]", r"gguf", r"gptq", r"awq", r"exl2", r"mlx",
    r"onnx", r"ct2", r"ctranslate2",
    # the link may open the next line of the paragraph ("a fine-tuned \n[org/X](...) model on", acc86: named_sources joins them)
    r"fine[- ]?tun(?:e|es|ed)\s+[\[`*]", r"tuned (?:from|on top of)\b",
    r"leverag(?:es|ing) [\[`*]",
    r"as(?<=\bas) (?:(?:an?|the|its|our) )?(?:pre-?trained|base|backbone|initial|language)(?: \w+)? model",
    r"distilled (?:from|of)\b", r"by fine[- ]?tuning\b", r"\) (?:model |checkpoint )?fine[- ]?tuned (?:on|with|for|using)\b",
    r"\) (?:model |checkpoint )?(?:that|which) (?:was|has been|is) fine[- ]?tuned (?:on|with|for|using)\b",   # acc88
    r"is an instance of\b",   # acc89: "This is an instance of [org/X](hub) trained on ..."
    r"\) (?:model |checkpoint )?tuned (?:to|on|with|for|using)\b",
    r"(?:models?|checkpoints?) fine[- ]?tuned (?:on|with|for|using)\b",
    r"buil(?:t|ds) (?:[\w.-]+ )?(?:on top of|on|upon|from|using|atop|off|with) (?:[\w.'’-]+ ){0,3}?(?:\[|https?://|[*_`]{0,2}[a-z0-9][\w.-]{0,95}/[a-z0-9])",
    r"building(?<=\bbuilding) (?:on top of|on|upon|atop) (?:[\w.'’-]+ ){0,3}?(?:\[|https?://|(?:\*\*|__|[`*_])[a-z0-9][\w.-]{0,95}/[a-z0-9])",
    r"starting from\b", r"weights (?:come|came|are taken|were taken|are initiali[sz]ed|were initiali[sz]ed) from\b",
    r"(?:original|source|parent|upstream)[ _-]?model(?:[ _-]?(?:name|id|repo|link))?(?:\*\*|__)?\s{0,2}[:：]",
    # acc59: "and fine-tuned it", "smaller/distilled versions of", "further ... pre-training on", "trained further
    # on", "the checkpoint for [X](...) after", "a model called [X](...)"
    r"(?:fine[- ]?tuned|instruction[- ]tuned|trained) it\b",
    r"(?:smaller|distilled|compressed|pruned|trimmed|reduced|sparse|sparsified) versions? of",
    r"further(?<=\bfurther) (?:[\w-]+ ){0,2}?(?:pre-?train|train|fine[- ]?tun)", r"(?:trained|tuned) further\b",
    r"(?:(?:checkpoint|weights|version) (?:for|of)|(?:checkpoints?|weights) (?:is|are)) .{0,300}?,? after\b", r"(?:called|named) [\[`*]",
    # acc62: "created by taking [X]", "The base model is org/X", "Pre-trained model: X", "the original model ... can be found
    # here: X", "It is based on ...: [X](hub)"
    r"(?:created|made|obtained|produced|derived|built) by (?:taking|modifying|pruning|shrinking|trimming|compressing|distilling|quanti[sz]ing)\b",
    r"base (?:model|checkpoint) (?:(?:that )?(?:we |i )?(?:used|fine[- ]?tuned|trained|started from|chose)(?: (?:here|in this (?:work|model|project)"
    r"|for this (?:model|work)))? |for this (?:model|work) )?(?:is|was)\b",
    r"pre-?train(?:ed|ing)?[ _-]?(?:model|checkpoint)(?: used)?(?:\*\*|__)?\s{0,2}(?:[:：=]|[-–—](?=\s))",
    r"original (?:foundation |base |pre-?trained )?(?:model|weights|checkpoints?)\b[^.;:]{0,150}?"
    r"(?:can be (?:found|downloaded|accessed)|(?:is|are) available)",
    # acc90: "Information on this base model may be found at [X](...)"
    r"(?:information|details|more) (?:on|about) (?:this|the|its|our) (?:base|parent|original|foundation|pre-?trained) model (?:may|can) be found",
    r"based on\b(?:[^.;\[\n]|\[[^\]\n]{0,120}\]\([^)\s]{0,300}\)){0,250}?[:：](?:\*\*|__)?\s*"
    r"(?:\[[^\]\n]*\]\(https?://(?:www\.)?"
    r"(?:huggingface\.co|hf\.co)/|https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"|(?:\*\*|__|[`*_])?[a-z0-9][\w.-]{0,95}/[a-z0-9])",
    # acc64: "[X](...) was then fine-tuned on"
    r"(?:was|is|has been|were|got) (?:then|subsequently|later|additionally)(?: further)? "
    r"(?:pre-?trained|trained|fine[- ]?tuned|instruction[- ]tuned)\b",
    # acc63: "which is a derivative of [X](hub)"
    # (only where the phrase may stand: after "is/was/as (a)", an apposition to a name with a digit, or a line's start;
    # not a pasted license's "a derivative of the Model" / "any derivative work of", which the benchmark's cards hold)
    # (one search each, opening with a literal: an alternation before "deriv" made it the gate's costliest part)
    *(rf"{word}(?<=\b{word})(?: an?)? (?:direct )?{_DERIVATIVE}" for word in ("is", "was", "are", "were", "as")),
    rf", an? (?:direct )?{_DERIVATIVE}", rf"\n\W{{0,3}}{_DERIVATIVE}", rf"^\W{{0,3}}{_DERIVATIVE}",
    # acc65: "An [adapter](...) for the `roberta-base` model", "based on a fine-tuned org/x model", Korean and Japanese
    # "org/x에 ... fine-tuning한 모델", "org/x を ... ファインチューニングしたモデル"
    r"(?:adapters?|loras?)(?:\]\([^)\s]{0,200}\))?(?: (?:weights|model|checkpoint))?(?: (?:trained|fine[- ]?tuned|built|made))? (?:for|on top of) ",
    # acc67: "This adapter must be loaded on X", Korean and Japanese "[X](hub)를 기반으로 학습", "X をベースに"
    r"(?:adapters?|loras?) (?:(?:must|should|can|has to|have to|needs? to|is to|is meant to|is designed to) be "
    r"|(?:is|are|was|were|gets?) )?(?:loaded|applied) (?:on|onto|to)\b",
    r"(?:을|를)\s?(?:기반으로|바탕으로|베이스로)|を\s?ベース(?:に|と)",
    r"based on (?:an? |the )?(?:fine[- ]?tuned |pre-?trained |instruction[- ]tuned )?(?:[\w.'’-]+ ){0,3}?"
    r"(?:\[|https?://|(?:\*\*|__|[`*_])?[a-z0-9][\w.-]{0,95}/[a-z0-9])",
    # acc70: "This is a org/X LoRA.", "# org/X LoRA", "LoRA adapter (base: org/X)", "This adapter is for X", "Use this adapter
    # with X", "A LoRA of X", "PEFT model for X", "Base model for this adapter: X", "initialised from X", "trained from X";
    # Korean, Japanese, Chinese "X 기반으로", "Xをもとに", "基于X" (the phrase's id or link right after 基于: not a pasted
    # Chinese license's "基于侵权行为", which the benchmark's cards hold)
    r"/[a-z0-9][\w.-]{0,95}(?:\*\*|__|[`*_])? (?:q?lora|peft|dora|adapters?)\b", r"\)(?:\*\*|__|[`*_])? (?:q?lora|peft|dora|adapters?)\b",
    r"\(\s?base(?:[ _-]?model)?\s?[:：=]",
    r"(?:adapters?|q?loras?|peft|dora)(?: (?:adapters?|weights|model|checkpoint))? (?:(?:is|are|was|were) (?:(?:only |also )?"
    r"(?:made|meant|intended|designed|trained|built|to be used) )?)?(?:for|on top of|with|of|onto|on|to|into) ",
    r"base[ _-]?model (?:for|of) (?:this|the|our) ", r"initiali[sz](?:ed|ing) (?:from|with) ", r"warm[- ]started (?:from|with) ",
    r"trained from (?!scratch)", r"기반으로", r"바탕으로", r"베이스로", r"を\s?(?:もと|元|基)に", r"基[于於]\s?(?:\[|https?://|[*_`]{0,2}[a-z0-9][\w.-]{0,95}/)",
    r"(?:fine[- ]?tun(?:ing|ed)|파인 ?튜닝|미세 ?조정|추가 ?학습|튜닝|ファインチューニング|微調整|追加学習|チューニング)\s?"
    r"(?:한|된|시킨|을 한|した|された|して作成した)\s?(?:모델|モデル)",
    # acc73: "the same license / terms / usage restrictions / rules as org/X", "the same architecture and weights as org/X",
    # "the same pretrained model as org/X", "weights from org/X", "starts from org/X"
    r"same (?:[\w&-]+ ){0,3}?(?:licen[cs]|terms|conditions|restrictions|rules|agreement|weights|parameters|checkpoint|model)\w* (?:as|of) ",
    r"weights (?:(?:are|were|taken|copied|loaded|obtained|inherited) ){0,2}from ", r"start(?:s|ed) (?:off )?from ",
    # acc75: "License: same as org/X", "Licensed the same way as org/X", "Gleiche Lizenz wie", "La misma licencia que", "We use
    # the weights of org/X" ("starting from" and "weights ... from" are above)
    r"same(?<=\bsame)(?: way)? as ", r"gleichen? ", r"selben? ", r"dieselben? ", r"mism[ao]s? ", r"mesm[ao]s? ", r"m[eê]mes? ",
    r"stess[aei] ", r"(?:weights|parameters|checkpoints?) of ",
    # acc76: "License: identical to org/X", "License: inherited from org/X", "Our starting point is org/X"
    r"identical (?:to|with) ", r"(?:inherited|taken|copied) from ",
    # acc77: "Our base checkpoint is org/X" (above), "The license inherits from org/X"
    r"inherits from ", r"start(?:ing)? (?:point|checkpoint|model|weights)\b",
    # acc85: "fine-tuned this model from org/X", "The model was originally the pre-trained [X](hub) model, which is then fine-tuned"
    r"tuned (?:this|the|our) (?:model|checkpoint) (?:from|on top of)\b",
    r"originally(?<=\boriginally) (?:the |an? )?(?:pre-?trained )?(?:\[|https?://|[*_`\"“]{0,2}[a-z0-9][\w.-]{0,95}/[a-z0-9])",
    # acc81: a heading with a word of phrases.yaml's base_headings ("## Model based on", "## Base model", "## 기반 모델"), the
    # next line opening with a link, an address or an ORG/NAME (named_sources reads the heading's whole text); at the
    # card's start too (a leading "^" is tried at the start only, where "(?:^|\n)" is tried at every character)
    rf"\n{_BASE_HEADING_OVER_A_VALUE}", rf"^{_BASE_HEADING_OVER_A_VALUE}",
)
_SOURCE_WORDS_PATTERN = "|".join(_SOURCE_WORD_PARTS)
SOURCE_WORDS = lazy(_SOURCE_WORDS_PATTERN, re.IGNORECASE)
# The same pattern, case-sensitive, for lazy_regex.folded() text: the pattern is lower-case, and folding gives
# what re's IGNORECASE equates with its letters, so the answer is the same at ~1/4 of the cost (a card body is
# asked on every check, remembered or not: lineage asks before it knows whether to read the card at all).
_SOURCE_WORDS_FOLDED = tuple(lazy(part) for part in _SOURCE_WORD_PARTS)
# Each part's required words (lazy_regex.required_words, read from the part itself), looked for once: only the parts
# whose words the card holds are searched (speed15)
_SOURCE_WORDS_NEEDED = RequiredWords(_SOURCE_WORDS_FOLDED)


def has_source_words(text: str) -> bool:
    """Whether SOURCE_WORDS.search(text) finds anything."""
    plain = folded(text)
    return any(part.search(plain) is not None for part in _SOURCE_WORDS_NEEDED.may_match(plain))
