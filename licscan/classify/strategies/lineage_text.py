"""Where a card's text says what its model was made from, for lineage_words: its sentences (also split after a
version number), the lines of its code blocks without the classes models are loaded with, and the name its
front matter's model-index gives the model."""

from __future__ import annotations

import re

from ...hub_links import LINK_TARGET_OR_ADDRESS
from ...lazy_regex import lazy, prefiltered
from ...model import Evidence
from ...normalize import plain_latin_letters
from ..base_families import Family
from ..card_words import CardWords, load_card_words, sentences

# The class a checkpoint is loaded with ("Qwen2_5_VLForConditionalGeneration.from_pretrained(", "LlamaForCausalLM.from_pretrained(")
# is an architecture, which models of many licenses share; the repo in its arguments names the weights
_LOADING_CLASS = lazy(r"\b[A-Za-z_]\w*(?=\s*\.\s*from_pretrained\b)")


_MODEL_INDEX_NAME = lazy(r"^model-index:[ \t]*\n(?:[ \t]*#.*\n)*[ \t]*-[ \t]+name:[ \t]*[\"']?([^\s\"'#]{1,200})", re.MULTILINE)


def model_index_names(evidence: Evidence) -> list[str]:
    """The name the card's front matter gives its model in `model-index` (the first entry)."""
    card = next((f for f in evidence.files if f.role == "card" and f.name.lower() == "readme.md"), None)
    if card is None or "model-index:" not in card.text:
        return []
    front = card.text.split("\n---", 1)[0] if card.text.lstrip("\ufeff").startswith("---") else ""
    return [m.group(1) for m in _MODEL_INDEX_NAME.finditer(front)][:1]


# A full stop after a version number or a model's size, before a capitalised word: "Quantized from Mistral Small 3.1.
# Mistral Large, by contrast, is ...", "fine-tuned from LLaMA-7B. We compare it to GPT-4." are two sentences (review17);
# the shared splitter keeps "3.1." and "7B." whole, as it keeps "v0.1. release" notes and "U.S. Government" whole.
_AFTER_A_VERSION = lazy(r"(?<=[0-9A-Z])\.\s+(?=[A-Z])", first_chars=True)


def lineage_sentences(body: str) -> list[str]:
    """The card's sentences, each also split where a sentence ends on a version number of a model it names: the next
    one names another model for its own reasons (a comparison, a license), not as this one's base. A tool's version
    ("Quantized with AutoAWQ 0.2.6. Original model: Codestral-22B-v0.1") ends no sentence that names a model: the cue
    before it and the base after it are one statement, read together."""
    families = load_card_words().families
    out = []
    for sentence in sentences(body):
        start = 0
        for stop in _AFTER_A_VERSION.finditer(sentence):
            if any(family.name.search(sentence, start, stop.start()) for family in families):
                out.append(sentence[start:stop.start() + 1])
                start = stop.end()
        out.append(sentence[start:])
    return [part for part in out if part.strip()]


# A code comment that says what a model was made from: a repo id ("# base model: meta-llama/Llama-2-7b-hf"), or words
# that make one model another's source ("# This adapter was fine-tuned from Llama-2-7b; load it on top of that base",
# review32); not a model described by its base ("# load SD 1.5 based finetuned model": the one the user brings)
_COMMENT_GIVING_A_BASE = lazy(r"[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}|\bfine[- ]?tuned (?:from|on top of|on)\b|"
                              r"\bbased on\b|\bbuilt (?:on|upon|from)\b|\bderived from\b|\binitiali[sz]ed from\b|"
                              r"\b(?:merged|quanti[sz]ed|converted|distilled|trained) (?:from|on top of)\b|\bbase model\b",
                              re.IGNORECASE)


def code_lines(body: str) -> str:
    """The lines of the card's code blocks, without the classes models are loaded with: usage code names the base
    it loads ("from_pretrained(...)"). Not a comment, which describes a step of the code for whoever runs it, often the
    model the user brings ("# load SD 1.5 based finetuned model" above another repo's pipeline, in AnimateDiff's
    motion-adapter card: no base of the adapter), unless it names a repo or says what a model was made from."""
    out, inside = [], False
    for line in body.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            inside = not inside
        elif inside and not (stripped.startswith(("#", "//")) and not _COMMENT_GIVING_A_BASE.search(stripped)):
            out.append(_LOADING_CLASS.sub(" ", line) if "from_pretrained" in line else line)
    return "\n".join(out)


# A model the sentence measures this one against, not one it was made from: the model a Chinese sentence compares this
# one with ("与标准的 LLaMA-13B 相比，...推理速度提升 31.6%": Baichuan-13B-Chat), or the model this one succeeds ("the
# second-generation version of ChatGLM-6B", "the successor to Llama 2"). Only those words are taken out, up to the end
# of the name's clause or the next words that give a base: "本模型基于 LLaMA-13B 微调，与原版 LLaMA-13B 相比..." and "the
# successor to our MedGLM model and was fine-tuned from ChatGLM-6B", "... MedGLM built on Llama-2-13B" still name their
# base (review21, review22). A context length extended "from 2K in ChatGLM-6B to 32K" is not taken out: the words are
# the same whether that model is the one this one succeeds (ChatGLM2's cards) or its base (review22).
_COMPARED = lazy(
    r"(?:与|和|跟|同)[^,;.!?。，；与和跟同]{1,60}?(?:相比|相较|相較)"
    # "相比 LLaMA-13B，", "LLaMA-13B と比べて", "LLaMA-13B에 비해", "LLaMA-13B와 비교하여" (review23)
    r"|(?:相比于?|相较于?|相較於?)\s*[^,;.!?。，；、]{1,60}?(?=[,;.!?。，；、]|$)"
    r"|[\w.\-]+\s*(?:と比べ|と比較|に比べ|에\s*비해|와\s*비교|과\s*비교|대비)"
    # "exceeding LLaMA-13B by 40%" (Baichuan-13B-Chat), "exceeds Llama-2-70B on MT-Bench": the model exceeded, only (review32:
    # "a context length exceeding 4k tokens", "exceeds its base model" leave the base the sentence gives)
    r"|\bexceed(?:s|ed|ing)?\s+(?!(?:its|their|the\s+base|our\s+base)\b)(?:the\s+)?[A-Za-z][\w.\-]*[A-Za-z0-9](?:\s+by\s+[\d.]+\s*%)?"
    # "Unlike bert-base-uncased models fine-tuned for SQuAD, ...", "Similar to bart-large fine-tuned on SQuAD, ...": the one
    # name after the words, only: "Unlike the original, this model is fine-tuned from Llama-2-7b" still gives its base (acc50)
    r"|\b(?:unlike|similar\s+to|in\s+contrast\s+to)\s+(?:(?:the|an?)\s+)?[A-Za-z][\w.\-]*[A-Za-z0-9]"
    # "a 6-layer RoBERTa-like model - the same number of layers & heads as DistilBERT - initialized from the default
    # initialization settings" (CodeBERTa-small-v1, round 42): the one name a shape is compared with. Not "the same weights /
    # parameters / checkpoint / base / backbone / initialisation as X" (a copy of X or its base), nor "the same license as
    # the base model (llama-13b)" (its terms), nor "the same as X" (no word between: what the model is); nor "the same
    # licensing / conditions / usage restrictions / rules / agreement as X" (its terms as well, acc73)
    r"|\bsame\s+(?:(?!(?:weights?|parameters|params|checkpoints?|files?|tensors?|models?|base|backbone|init\w*|pre-?trained|starting|"
    r"licen[cs]\w*|terms|conditions|restrictions|rules|agreements?)\b)[\w&-]+\s+){1,5}as\s+"
    r"(?:(?:the|an?)\s+)?[A-Za-z][\w.\-]*[A-Za-z0-9]"
    r"|\b(?:(?:second|third|fourth|fifth|next)[- ]generation|successor)\b(?:\s+(?:version|model|release))?\s+(?:of|to)\b"
    r"[^,;.!?。，；]*?(?=\s+(?:and|but|which|that|while|who|is|was|are|were|has|had|have|it|built|based|fine[- ]?tuned|trained|"
    r"derived|initiali[sz]ed|distilled|merged|quanti[sz]ed|continued|on\s+top)\b|[,;.!?。，；]|$)",
    re.IGNORECASE)
# A model named as the source of a dataset, in Japanese, Chinese or Korean ("Vicuna の会話データを元に作成した日本語データセット",
# "Alpaca 的数据", "ShareGPT 数据集", "Vicuna 대화 데이터"): where the training data came from, not what the model was made from
# (review23; English datasets are the training_data_tail phrase). The name in Latin letters only, right before the data
# words: "Vicuna-13Bを日本語データで" names the base before を, and "日本語" is no model.
_DATA_SOURCE = lazy(r"(?<![A-Za-z0-9._-])[A-Za-z][A-Za-z0-9._-]*\s*(?:の|的|의)?\s*(?:会話|対話|对话|對話|指令|대화|지시)?\s*"
                    r"(?:データセット|データ|数据集|数据|數據集|數據|데이터셋|데이터)")
# Models a sentence says are released beside this one ("In addition to the dialogue model ChatGLM3-6B, the base model
# ChatGLM3-6B-Base and the long-text dialogue model ChatGLM3-6B-32K are also open-sourced"): a list of releases
_ALSO_RELEASED = lazy(r"\b(?:are|were|is|was|have been|has been) also (?:being )?(?:open[- ]?sourced|released|published|made available)\b",
                      re.IGNORECASE)
_BASE_MODEL_NOUN = lazy(r"base[ _-]?models?", re.IGNORECASE)


def without_compared_models(sentence: str) -> str:
    """The sentence without the words that name a model this one is measured against or succeeds."""
    return _COMPARED.sub(" ", sentence)


# The model whose context length a sentence says was extended ("由 ChatGLM-6B 的 2K 扩展到了 32K", "from 2K in ChatGLM-6B to
# 32K"): on a card of its family's own publisher, the model this one succeeds (THUDM's ChatGLM2-6B-32K card); on anyone
# else's the same words may extend the base's context, and the model stays read as a base (review22)
_CONTEXT_OF = lazy(r"由\s*(?P<cn>[A-Za-z][\w.\-]*)\s*的\s*\d+\s*[Kk](?![A-Za-z])"
                   r"|\bfrom\s+\d+\s*[Kk]\s+(?:tokens\s+)?in\s+(?P<en>[A-Za-z][\w.\-]*)",
                   re.IGNORECASE)
# The words after which a card names the model its own succeeds: "ChatGLM2-6B is the second-generation version of the
# open-source bilingual (Chinese-English) chat model [ChatGLM-6B](...)", "the successor to X", "是 ... ChatGLM-6B 的第二代版本"
# (acc50: re-uploads of THUDM's ChatGLM2-6B card, chatJeffrey/GLM2-6B)
# (prefiltered: a card without "generation", "successor" or "的第" is not searched; the search tried a name at every
# letter of every card, ~0.2 ms a card: speed14)
# (the English alternative alone for a card without "的第", which every match of the Chinese one holds: that one tries a
# name at every letter of the card and backtracks through it, ~0.15 ms a card that says "text-generation"; speed15)
_SUCCESSION_EN = (r"\b(?:(?:second|third|fourth|fifth|next)[- ]generation|successor)\b(?:\s+(?:version|model|release))?\s+(?:of|to)\b"
                  r"(?P<en>[^.;!?。，；\n]{0,160})")
_SUCCESSION = prefiltered(_SUCCESSION_EN + r"|(?P<cn>[A-Za-z][\w.\-]*)\]?(?:\([^)\s]{0,200}\))?\s*的第[二三四五]代", re.IGNORECASE)
# (with a "cn" group that never takes part: its matches answer as the first alternative's do)
_SUCCESSION_IN_ENGLISH = prefiltered(_SUCCESSION_EN + r"(?:(?P<cn>(?!)))?", re.IGNORECASE)


def succession_words(body: str) -> tuple[str, ...]:
    """The words in which a card names the model its own succeeds (``_SUCCESSION``): its name, or the words after "the
    second-generation version of" up to the end of the clause."""
    # without "的第" no match of the second alternative (no case folds 的 or 第): the first alone gives the same matches
    pattern = _SUCCESSION if "的第" in body else _SUCCESSION_IN_ENGLISH
    return tuple(m.group("en") or m.group("cn") for m in pattern.finditer(body))


def _names_one_succeeded(name: str, succeeded: tuple[str, ...]) -> bool:
    """Whether ``name`` (as a context-extension sentence writes it, "ChatGLM-6B") is the model one of the ``succeeded``
    words name, as a whole name: "ChatGLM-6B" is not "ChatGLM-6B-Med"."""
    whole = re.compile(r"(?<![\w.\-])" + re.escape(name) + r"(?![\w\-]|\.\w)", re.IGNORECASE)
    return any(whole.search(words) for words in succeeded)


def without_data_sources(words: CardWords, sentence: str) -> str:
    """The sentence without the models it names as a dataset's source, when it still names a model after them: the base
    ("Mistral-7B を、Vicuna の会話データを元に作成した日本語データセットで"). A sentence naming no other model keeps them: "本模型是基于
    c4ai-command-r-v01 指令数据微调的" (based on it, fine-tuned with instruction data) and "Llama-2-13b 대화 데이터로 미세조정한"
    read the same whether the model is the base or only the data's source, so it is read as the base (review26)."""
    without = _DATA_SOURCE.sub(" ", sentence)
    if without == sentence or not any(family.name.search(without) for family in words.families):
        return sentence
    return without


# Where the data a tail names begins, after what the model was trained on: "on LLaMA-7B for 3 epochs on the Alpaca
# dataset", "on Llama-2-13b using the OpenOrca dataset", "on LLaMA-7B and the Alpaca dataset" (review29). Not a bare
# "and" or comma: "on the [OASST](...) and [Vicuna-chats](...) datasets" is one list of data.
_WHERE_THE_DATA_BEGINS = lazy(r"\s(?:on|using|with|via|through|for|by|in|from|after|during|plus|and (?:the|an?|our|my))\s",
                              re.IGNORECASE)
_DATASET_LINK = lazy(r"\[[^\]\n]{0,120}\]\(\s*https?://(?:www\.)?huggingface\.co/datasets/[^)\s]{0,300}\s*\)")


def _without_training_data(words: CardWords, sentence: str) -> str:
    """The sentence without the dataset it ends on ("fine-tuned on the [ShareGPT](...) dataset"), unless a model is
    named before the data: "fine-tuned on Llama-2-13b using the OpenOrca dataset", "trained on FLUX.1-dev on a custom
    dataset" name their base right after "on", and taking the tail out took the base with it (the sentence then gave a
    base and named none: allowed on the card's own license)."""
    without = words.training_data_tail.sub("", sentence, count=1)
    if without == sentence or not sentence.startswith(without):
        return without
    tail = sentence[len(without):].lstrip()[len("on"):]
    beginnings = list(_WHERE_THE_DATA_BEGINS.finditer(tail))
    before_the_data = _DATASET_LINK.sub(" ", tail[:beginnings[-1].start()]) if beginnings else ""
    if words.names_the_model_trained(before_the_data):
        return sentence
    return without


def sentences_giving_a_base(words: CardWords, body: str, its_publishers_card: bool = False,
                            succeeded: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Each sentence of the card's text that says what its model was made from, as written, with the words read for
    a base: its Latin letters plain ("fine-tuned from Llamá-2"), without the addresses that are not its source, the bases
    it denies, the models it is measured against or succeeds, and the datasets it ends on ("fine-tuned on the
    [ShareGPT](...), and [Wizard-Vicuna](...) datasets": where it was trained, not what it was made from). Not a sentence
    whose only cue is "the base model" in a list of releases ("the base model ChatGLM3-6B-Base ... are also open-sourced").
    ``its_publishers_card``: the card is its family's publisher's, where a model whose context length was extended is the
    one this one succeeds. ``succeeded``: the words in which the card itself names the model its own succeeds, where the
    checkpoint ships that family's license (LineageWords._predecessors): a context extended "由 ChatGLM-6B 的 2K" / "from
    2K in ChatGLM-6B" starts from that model, named there, and names no base; any other model's context stays read."""
    out = []
    for sentence in lineage_sentences(body):
        kept = words.without_denied_bases(plain_latin_letters(without_addresses(words, sentence)))
        if not words.gives_a_base(kept) or (_LINKS_ONLY.fullmatch(kept) and not words.has_a_lineage_cue(LINK_TARGET_OR_ADDRESS.sub(" ", kept))):
            # most sentences: the words taken out next never make one give a base; nor does a row of links with no words
            # of its own whose only cue is inside the addresses (a benchmark table's links to fine-tuned models, "[mBERT](...)
            # [88.61](https://huggingface.co/org/x-finetuned-ner)", acc88). In running text an address's words still count:
            # "This model is [Llama-2-7b](https://huggingface.co/someone/llama-2-7b-qlora) trained on my chats" is a Llama 2 adapter
            continue
        kept = without_data_sources(words, without_compared_models(kept))
        if its_publishers_card:
            kept = _CONTEXT_OF.sub(" ", kept)
        elif succeeded:
            kept = _CONTEXT_OF.sub(lambda m: " " if _names_one_succeeded(m.group("cn") or m.group("en"), succeeded) else m.group(0), kept)
        giving = words.words_giving_a_base(kept)
        if giving is not None and not (_ALSO_RELEASED.search(kept) and not words.gives_a_base(_BASE_MODEL_NOUN.sub(" ", kept))):
            # the words before the data it names when the rest is about data, else the sentence without its dataset tail
            out.append((sentence, _without_training_data(words, kept) if giving == kept else giving))
    return out


# Links and what a table row puts between them (bars, spaces, numbers, emphasis marks), and no word of its own
_LINKS_ONLY = lazy(r"(?:\[[^\]\n]*\]\([^)\n]*\)|[\s|*_`:.,;%+\-\d])*")


# The owner part of a Hub repo id ("Qwen/" in "Qwen/QwQ-32B", "meta-llama/" in a huggingface.co address); not a
# folder of a local path ("/models/Qwen/...") nor the words "Llama/Mistral".
_OWNER = lazy(r"(?:(?<![\w./-])|(?<=huggingface\.co/)|(?<=hf\.co/))([A-Za-z0-9][\w.-]{0,95})/(?!/)", re.IGNORECASE)


# An address that is not a Hub page: a code repository, a paper, a website ("please refer to our [Github Repo](https://
# github.com/THUDM/ChatGLM)"). It says where to read more; the words around it say what the model is made from.
# A dataset's or a Space's page on the Hub is no model either.
_ADDRESS = lazy(r"\bhttps?://(?!(?:www\.)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/))[^\s()<>\"'\]]+", re.IGNORECASE)
# What may stand between a lineage cue and the address it gives as the source: a few words, no clause break
# ("fine-tuned from the original weights at https://...", "fine-tuned from https://modelscope.cn/models/...")
_CUE_TO_SOURCE = lazy(r"[^\s,;:.!?()\[\]]*(?:\s+[^\s,;:.!?()\[\]]+){0,6}\s+", re.IGNORECASE)


def without_addresses(words: CardWords, sentence: str) -> str:
    """The sentence without the addresses of pages that are not on the Hub, unless the sentence gives one as what
    the model was made from, a few words after a lineage cue: then its words (facebookresearch/llama,
    qwen/Qwen-7B-Chat) name the family as a Hub id would. Any other address (the project's GitHub repo,
    "github.com/THUDM/ChatGLM", after "please refer to our") names no base; a link's text still does
    ("fine-tuned from [LLaMA](https://github.com/facebookresearch/llama)"), and a Hub model page names the repo it is."""
    if "://" not in sentence:
        return sentence
    cue_ends = [m.end() for cue in words.lineage_cues for m in cue.finditer(sentence)]

    def unless_the_source(address: re.Match[str]) -> str:
        gives_it = any(end <= address.start() and _CUE_TO_SOURCE.fullmatch(sentence, end, address.start())
                       for end in cue_ends)
        return address.group(0) if gives_it else " "
    return _ADDRESS.sub(unless_the_source, sentence)


def without_publishers(words: CardWords, text: str) -> str:
    """The text without the owners of repo ids that publish a family ("Qwen/", "meta-llama/"): a publisher names
    who released a model, not which one; the name after it says which ("Qwen/Qwen2-7B" a Qwen2, "Qwen/QwQ-32B" no
    version of the Qwen family the name pins). Left in, the owner would name the family with no version pinned,
    and its most restrictive license would apply to whatever the repo is. A name that holds the family's name
    inside a word ("Qwen/CodeQwen1.5-7B", "google/embeddinggemma-300m") is that family's model, as a reader takes
    it: the word is split off so the family and its version are read ("Code Qwen1.5-7B")."""
    if "/" not in text:
        return text
    by_owner: dict[str, list[Family]] = {}
    for family in words.families:
        for publisher in family.publishers:
            by_owner.setdefault(publisher.lower(), []).append(family)

    read, at = [], 0
    for owner in _OWNER.finditer(text):
        families = by_owner.get(owner.group(1).lower())
        if families and owner.start() >= at:
            named = _REPO_NAME.match(text, owner.end())
            name = named.group(0) if named else ""
            read += [text[at:owner.start()], " /", _family_split_off(families, name)]
            at = owner.end() + len(name)
    return "".join(read) + text[at:]


_REPO_NAME = lazy(r"[\w.-]*")


def _family_split_off(families: list[Family], name: str) -> str:
    """The repo name, with a space before a family's name it holds inside a word, when the family reads none in it."""
    for family in families:
        if family.name.search(name):
            continue
        inside = next((at for at in range(1, len(name)) if name[at - 1].isalnum() and family.name.match(name[at:])), None)
        if inside is not None:
            return name[:inside] + " " + name[inside:]
    return name


# What makes a card an adapter's or a fine-tune's, whose "trained on X" names the model it was trained on top of: its
# tags, a PEFT library, an adapter's config, or the word in its title or repo name (review24)
_ADAPTER_TAGS = frozenset({"lora", "qlora", "peft", "adapter", "lycoris", "loha", "lokr", "dreambooth", "fine-tuned",
                           "finetuned", "fine-tune", "finetune", "sft", "trl", "unsloth"})
_ADAPTER_WORD = lazy(r"(?<![a-z])(?:q?lora|adapters?|lycoris|fine[-_ ]?tune[ds]?|finetune[ds]?)(?![a-z])", re.IGNORECASE)
_LIBRARY = lazy(r"^library_name:[ \t]*[\"']?([\w.-]+)", re.MULTILINE)
_PIPELINE = lazy(r"^pipeline_tag:[ \t]*[\"']?([\w.-]+)", re.MULTILINE)
_TITLE = lazy(r"^#[ \t]+(.+)$", re.MULTILINE)
# The words that make a family named right after them the adapter's base, on such a card only: "Trained on FLUX.1-dev
# with kohya_ss", "Made for Flux Dev" ("trained on Llama-3 outputs" on any other card is what the data came from)
_TRAINED_ON = lazy(r"\b(?:(?:trained|tuned|finetuned)\s+(?:on|using|with|against)|(?:made|designed|created|meant|intended)\s+"
                   r"(?:for|with)(?:\s+use\s+with)?)\s+(?:(?:the|an?)\s+)?[\[`*\"']*(?:[A-Za-z0-9][\w.-]{0,95}/)?", re.IGNORECASE)
# The model's name runs to a clause break or a word that starts another part of the sentence ("with kohya_ss", "at 1024px")
_NAME_RUNS = lazy(r"[^\s,;:!?()]*(?:\s+(?!(?:with|using|at|for|by|in|and|or|via|from|on|to|over|across|as|under|in|rank|steps?)\b)"
                  r"[^\s,;:!?()]+){0,3}", re.IGNORECASE)
# Data, not a model: "trained on Llama-3-70B outputs", "trained on FLUX.1-dev generated images" (review24)
# (plural where the singular may be a model's name: "Hunyuan Video", "Llama 2 Chat")
_DATA_WORDS = lazy(r"\b(?:outputs?|data|datasets?|generations?|generated|conversations?|samples?|responses?|completions?|"
                   r"images|captions?|prompts?|texts|traces?|answers?|distill\w*|logits|synthetic|renders|videos|clips|"
                   r"pairs?|dialogues?|chats"
                   # not a model either: its maker, an event, people ("Built for the Mistral AI Worldwide Hackathon")
                   r"|ai|hackathon|team|community|challenge|competition|contest|event|users?|fans?|apps?|platform|api|ecosystem)\b",
                   re.IGNORECASE)
# A model the training used for another part than its base: "trained with Qwen2.5-72B as the teacher" (review24)
_ANOTHER_ROLE = lazy(r"[^,;.!?]{0,40}?\b(?:teachers?|judges?|reward[ -]models?|critics?|annotators?|labell?ers?|graders?|"
                     r"evaluators?|verifiers?|text[ -]encoders?)\b", re.IGNORECASE)
_NEGATED = lazy(r"\b(?:not|n't|never)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Families whose models make images or videos: the bases a diffusion adapter's words may name (Hunyuan makes both)
_DIFFUSION_FAMILIES = frozenset({"FLUX.1", "Stable Diffusion 1", "SDXL-Turbo", "Stable Video Diffusion", "Stable Cascade",
                                 "Stable Diffusion 3", "NVIDIA Cosmos", "Stable Diffusion XL", "Pony Diffusion", "Illustrious XL",
                                 "SDXL-Lightning", "Juggernaut XL", "NoobAI-XL", "LTX-Video", "LTX-2", "FLUX.2", "CogVideoX",
                                 "Kolors", "Playground", "Sana"})
_BOTH_KINDS = frozenset({"Hunyuan"})
_DIFFUSION_CARD = lazy(r"^(?:text-to-image|image-to-image|text-to-video|image-to-video|diffusers|stable-diffusion\S*|"
                       r"template:sd-lora|flux\S*|sdxl\S*|comfyui)$", re.IGNORECASE)
_TEXT_CARD = lazy(r"^(?:text-generation|text2text-generation|conversational|transformers|text-generation-inference)$",
                  re.IGNORECASE)


def is_adapter_or_fine_tune(evidence: Evidence) -> bool:
    """Whether the card is an adapter's (a LoRA, a PEFT adapter) or a fine-tune's, as its metadata, files, title or
    repo name say."""
    tags = {tag.lower() for tag in evidence.card.tags}
    library = _LIBRARY.findall(_front_matter(evidence))
    title = _TITLE.search(evidence.card_body)
    return bool(tags & _ADAPTER_TAGS or any(_ADAPTER_WORD.search(tag) for tag in tags) or "peft" in library
                or any(c.file.endswith("adapter_config.json") for c in evidence.config_lineage)
                or any(f.name.endswith("adapter_config.json") for f in evidence.files)
                or _ADAPTER_WORD.search(evidence.entry.ref.rstrip("/").rsplit("/", 1)[-1])
                or (title and _ADAPTER_WORD.search(title.group(1))))


def _front_matter(evidence: Evidence) -> str:
    card = next((f for f in evidence.files if f.role == "card" and f.name.lower() == "readme.md"), None)
    text = card.text.lstrip("\ufeff") if card else ""
    return text.split("\n---", 1)[0] if text.startswith("---") else ""


def _card_kind(evidence: Evidence) -> str | None:
    """"diffusion" or "text" when the card's tags, library or pipeline say which models it adapts, else None."""
    front = _front_matter(evidence)
    said = [tag for tag in evidence.card.tags] + _LIBRARY.findall(front) + _PIPELINE.findall(front)
    diffusion, text = any(_DIFFUSION_CARD.match(s) for s in said), any(_TEXT_CARD.match(s) for s in said)
    return "diffusion" if diffusion and not text else "text" if text and not diffusion else None


_IMAGE_CLASSIFICATION = frozenset({"image-classification", "zero-shot-image-classification"})


def classifies_images(evidence: Evidence) -> bool:
    """Whether the card's tags or pipeline_tag say its model classifies images (acc80: a name there is its classes')."""
    said = {tag.lower() for tag in evidence.card.tags} | {tag.lower() for tag in _PIPELINE.findall(_front_matter(evidence))}
    return bool(said & _IMAGE_CLASSIFICATION)


def adapter_sentences_giving_a_base(words: CardWords, body: str, evidence: Evidence) -> list[tuple[str, str]]:
    """On an adapter's or a fine-tune's card, each sentence that says what it was trained on or made for, naming a
    family right after those words, with the family's name as written ("Trained on FLUX.1-dev with kohya_ss": "FLUX.1-
    dev"); not a family whose models are of another kind than the card's (an LLM named on a diffusion LoRA's card),
    nor a name data words follow ("trained on Llama-3-70B outputs"). Only sentences that give no base otherwise."""
    if not is_adapter_or_fine_tune(evidence):
        return []
    kind = _card_kind(evidence)
    out = []
    for sentence in lineage_sentences(body):
        if not _TRAINED_ON.search(sentence):
            continue
        kept = words.without_denied_bases(plain_latin_letters(without_addresses(words, sentence)))
        if words.gives_a_base(kept):
            continue   # read already, as any card's
        for cue in _TRAINED_ON.finditer(kept):
            if _NEGATED.search(kept, max(0, cue.start() - 20), cue.start()):
                continue   # "not trained on FLUX.1-dev"
            family = next((f for f in words.families if f.name.match(kept, cue.end())), None)
            if family is None or (kind and family.family not in _BOTH_KINDS
                                  and (family.family in _DIFFUSION_FAMILIES) != (kind == "diffusion")):
                continue
            name = _NAME_RUNS.match(kept, cue.end())
            written = name.group(0).rstrip(".*`\"'") if name else ""
            if written and not _DATA_WORDS.search(written) and not words.is_trap(written) \
                    and not _ANOTHER_ROLE.match(kept, name.end() if name else cue.end()):
                out.append((sentence, written))
    return out
