"""How a family's name is written in a card's words: where the names start, the words after one that may pin its
version (never past the next model's name), whether it names one model of the family, and the card naming its own
model by the family's name and its own words (lineage_words reads what they pass down)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from ...lazy_regex import lazy
from ..base_families import Family

# Characters after a family's name that may pin its version ("Llama-3.1-8B", "Qwen-7B-Chat").
VERSION_WINDOW = 40


def without_its_own_name(text: str, name: str, by_name: dict[Family, tuple[tuple[str, ...], str]]) -> str:
    """The text without the places it names this model by its family and its own words, the version left out
    ("Llama Nemotron Nano VL is deployable ..." on Llama-3.1-Nemotron-Nano-VL-8B-V1's card): the family's name
    there gives no base. Only where the repo name pins a version of the family and every word after the family's
    name (up to three, before any punctuation) is a word of the repo name: "Mistral-Small-Instruct-2409" on a
    Mistral-Small-3.2 repo, or "LLaMA (Touvron et al., 2023)", name another model (review16)."""
    own = set(re.findall(r"[a-z0-9]+", name.lower()))

    def blanked(named: re.Match[str], family: Family) -> str:
        if family.licenses_for(text[named.start(): named.start() + VERSION_WINDOW])[1]:
            return named.group(0)   # a version of its own
        after = re.findall(r"[A-Za-z0-9]+", _PUNCTUATION.split(text[named.end(): named.end() + 60], maxsplit=1)[0])[:3]
        return " " * len(named.group(0)) if after and all(word.lower() in own for word in after) else named.group(0)

    for family, (licenses, _) in by_name.items():
        if licenses != family.default:
            text = family.name.sub(partial(blanked, family=family), text)
    return text


_PUNCTUATION = lazy(r"[^\w\s-]")


# After a family's name, the words that make it a model of the family ("DeepSeek-Coder-V2-Lite", "FLUX.1-Krea-dev",
# "Aya 23 8B"), unless they say only that something is made like the family ("Llama-based", "the Qwen series").
# A number after the name, or after one word of it ("DeepSeek-Coder-V2"); a name ending in a size or a model number
# ("Yi-34B", "Aya 23"). Not after "_" ("meta_llama_full_colab_remerge_2" is somebody's folder), nor a word alone
# ("mistral-uzbek-lora" is a derivative named after the family, not a model of it).
_MORE_OF_A_NAME = lazy(r"[-. ]?(?:[A-Za-z]+[-. ])?v?[0-9]", re.IGNORECASE)
_SIZE_OR_NUMBER_ENDING = lazy(r"(?:[0-9]{2,}|[0-9]+(?:\.[0-9]+)?b)$", re.IGNORECASE)
_LIKE_THE_FAMILY = lazy(r"[-_. ]?(?:based|like|style|family|series|architecture|arch|models?|compatible|derived|powered|format|"
                        r"chat|instruct|base|template|tokenizer|weights|checkpoints?|version|variants?)(?![A-Za-z])", re.IGNORECASE)


def a_model_of_its_own(text: str, name: re.Match[str]) -> bool:
    """Whether the family's name as written names one model of it (with a size, a variant, a number), not the family
    alone: another version of the family pinned in the same words is then not this one's."""
    return (bool(_SIZE_OR_NUMBER_ENDING.search(name.group(0))) or bool(_MORE_OF_A_NAME.match(text, name.end()))) \
        and not _LIKE_THE_FAMILY.match(text, name.end())


def name_starts(families: Iterable[Family], text: str) -> list[int]:
    """Where the families' names start in the text, in order."""
    return sorted(m.start() for family in families for m in family.name.finditer(text))


def as_written(text: str, name: re.Match[str], starts: list[int]) -> str:
    """The family's name as written, with the words after it that may pin its version: up to VERSION_WINDOW
    characters, and never past the start of the next model's name ("Mistral Large 2 with Mistral Large 3 as judge",
    "Yi-34B with the Yi-1.5 chat template"): the version written there is that model's, not this one's."""
    end = min(name.start() + VERSION_WINDOW, next((at for at in starts if at >= name.end()), len(text)))
    return text[name.start():end]


# A name made of another word and "for" before a family's ("GPTQ-for-LLaMa", "exllama-for-Qwen"): a tool's.
TOOL_FOR = lazy(r"[A-Za-z0-9][-_]for[-_]$", re.IGNORECASE)
# A family's name, with its version, before what is not its weights: its chat template, its prompt format, its tokenizer
# or vocabulary ("uses the Llama 3 chat template", "we reuse the Gemma tokenizer", "in the Qwen2.5 format"): the weights
# a template or a tokenizer goes with are not the model's source. Only version words between ("Llama-2-7B in GGUF format"
# names the weights). Words, not a repo's name: "acme/llama_tokenizer" may be Meta's tokenizer files, under its license.
# acc64 (review60): or that something works with the family's models ("The base model is Llama-3/Mistral compatible", "a
# Llama-3-compatible server"): the families a slash joins are read as one ("Llama-3/Mistral").
_NOT_THE_WEIGHTS = lazy(r"(?:[-_. ]?(?:v?[0-9][\w.]*|instruct|chat|it|base|\[?(?:dev|schnell)\]?))*"
                        r"(?:\s*/\s*[A-Za-z][\w.-]{0,30}?)*(?:\s+(?:chat[-_ ]|prompt[-_ ])?"
                        r"(?:templates?|tokeni[sz]ers?|vocab(?:ulary)?|(?:prompt |chat )?format"
                        r"|토크나이저|トークナイザー?|分词器|词表)|(?:\s+|-)compatib(?:le|ility)"
                        # not "Command-R compatible weights", "Mistral-compatible acme/x-7b": weights said to be the
                        # family's kind, or another repo named, are weights, not something that works with them (review61)
                        r"(?![*_`]{0,2}\s+[*_`]{0,2}(?:weights|checkpoints?|models?|parameters|\[|https?://|[\w.-]+/[\w.-]+)))(?![a-z])"
                        # "the Llama 3.1 8B Instruct tokenizer and weights": the weights too (review21)
                        r"(?!\s*(?:and|&|\+|,)\s*(?:the\s+|its\s+)?(?:model\s+)?(?:weights|checkpoints?|parameters)\b)", re.IGNORECASE)
# ... or the value a format, template or tokenizer is set to, or a class called with its arguments: llama-cpp-python's
# usage code `llm = Llama(model_path="./phi-2.Q4_K_M.gguf", chat_format="llama-2")` loads any GGUF model (TheBloke's phi-2)
# Not a label naming the weights beside it: "- **Base model and tokenizer:** Llama-2-13B" (review21)
_SET_AS_FORMAT = lazy(r"(?<!\band )(?<!\b& )(?:format|template|tokeni[sz]er)[\"']?\s*[=:]\s*[\"']?$", re.IGNORECASE)
_CALLED = lazy(r"\(\s*\w+(?: \w+)?\s*=")   # the card's prose reads "model_path" as "model path"


# ... or a model class of a library's code, which the family's name starts: transformers' "Qwen2ForCausalLM",
# "LlamaForCausalLM", "MistralForCausalLM", "Qwen2_5_VLForConditionalGeneration", "Gemma3ForCausalLM" (its architecture:
# "trl-internal-testing/tiny-Qwen2ForCausalLM-2.5" is a tiny test model of that class, no Qwen checkpoint, cards26). Its own
# spelling only: the class names are written in CamelCase, "For" then one of transformers' task endings. Any other word
# after "For" is a model's name ("Fine-tuned from Llama3.1ForFinance, our previous model.": a Llama 3.1 fine-tune, review38).
_CODE_CLASS = lazy(r"[0-9_.]*(?:[A-Z][A-Za-z0-9]*?)?For(?:CausalLM|ConditionalGeneration|(?:Sequence|Token|Image|Audio|AudioFrame|Video"
                   r"|ZeroShotImage)Classification|(?:Table|Document|Visual)?QuestionAnswering|MaskedLM|MultipleChoice|PreTraining"
                   r"|Seq2SeqLM|SpeechSeq2Seq|CTC|(?:ZeroShot)?ObjectDetection|(?:Semantic|Instance|Universal|Image)Segmentation"
                   r"|ImageTextToText|Vision2Seq|NextSentencePrediction|MaskedImageModeling|DepthEstimation|KeypointDetection|XVector"
                   r"|TextToSpeech|TextToWaveform|TextToSpectrogram|(?:Process)?RewardModel)(?![a-z])")


# ... or a family's name as the words of a link to its architecture's page in transformers' documentation ("based on the
# following architecture: [Llama](https://huggingface.co/docs/transformers/model_doc/llama)", review59 c100): the code.
_ARCHITECTURE_DOCS = lazy(r"[^\[\]\n]{0,40}\]\(\s*https?://(?:www\.)?huggingface\.co/docs/transformers/(?:[\w.-]+/)?(?:[a-z]{2}/)?"
                          r"model[_ ]doc/", re.IGNORECASE)   # (the card's prose is read with its underscores as spaces)
# (the page's address names the family too)
_IN_DOCS_ADDRESS = lazy(r"huggingface\.co/docs/[^\s)\]]{0,40}(?:model[_ ]doc/[^\s)\]]{0,20})?$", re.IGNORECASE)


def not_the_weights(text: str, name: re.Match[str]) -> bool:
    return bool(_NOT_THE_WEIGHTS.match(text, name.end()) or _CALLED.match(text, name.end())
                or _ARCHITECTURE_DOCS.match(text, name.end())
                or _IN_DOCS_ADDRESS.search(text, max(0, name.start() - 80), name.start())
                or _SET_AS_FORMAT.search(text, max(0, name.start() - 30), name.start())
                or _CODE_CLASS.match(text, name.end()))
