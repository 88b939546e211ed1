"""The model a card's own training command started from: the model argument of a command or a parameter list in one of
its code blocks that trains ("python run_glue.py --model_name_or_path prajjwal1/bert-tiny --do_train ...",
'model_checkpoint = "microsoft/mdeberta-v3-base"' beside 'learning_rate = 2e-5'), as a training run's saved arguments
(training_args.json's 'model_name_or_path') name it. base_ids follows it where the card has no license of its own and
nothing else names a base (acc80: round 49's M-FAC/bert-tiny-finetuned-mrpc, whose reproduction script is the only place
its base is named)."""

from __future__ import annotations

import re

from .lazy_regex import lazy

# The arguments a training script takes its starting model in (Hugging Face's example scripts and Trainer notebooks); not
# "base_model:" (a mergekit config in a code block: lineage_words reads it as front matter outside the metadata), nor an
# adapter's path (adapter_name_or_path: the weights trained, often the card's own)
_MODEL_ARGUMENT = lazy(r"(?<![\w-])(?:--?)?(?:model_name_or_path|pretrained_model_name_or_path|model_checkpoint)[ \t]*(?:=|:|[ \t])"
                       r"[ \t]*[\"']?(?P<value>[A-Za-z0-9][\w.\-]{0,95}(?:/[A-Za-z0-9][\w.\-]{0,95})?)[\"']?(?![\w/.\-$]|\.\w)")
# What makes a code block a training run's: a trainer's flag or hyperparameter ("--do_train", "num_train_epochs = 2",
# "learning_rate = 2e-5"). An evaluation ("--do_eval" alone), an inference example or a conversion names the model it
# loads, often the card's own, not the one it was made from.
_TRAINS = lazy(r"(?<![\w-])(?:--?)?(?:do_train|num_train_epochs|per_device_train_batch_size|train_batch_size|learning_rate|lr_scheduler_type|"
               r"warmup_steps|max_train_steps)\b")
# A model id the card's Python assigns to a name ('model_name = "org/X"', 'base_model = "org/X"', 'model_id = "org/X"', acc82):
# the model the run started from when the code loads it by that name (from_pretrained(model_name)) and fine-tunes (a trainer,
# get_peft_model) in the card's code blocks, a notebook's cells as often as one block. An inference example loading a model so
# (most often the card's own repo) trains nothing and names no base.
_ASSIGNED_MODEL = lazy(r"^[ \t]*(?P<name>(?:base_)?model(?:_id|_name|_name_or_path|_checkpoint)?|base_model_(?:id|name))[ \t]*"
                       r"(?::[ \t]*str[ \t]*)?=[ \t]*[\"'](?P<value>[A-Za-z0-9][\w.\-]{0,95}(?:/[A-Za-z0-9][\w.\-]{0,95})?)[\"']"
                       r"[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_FINE_TUNES = lazy(r"\b(?:\w*Trainer|get_peft_model)\s*\(")
_FENCE = lazy(r"^[ \t]*(?:```|~~~)", re.MULTILINE)
_HUB_ID = lazy(r"[A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95}")
MAX_COMMAND_BASES = 3


def training_command_bases(body: str, own_id: str) -> list[tuple[str, str]]:
    """The models the card's training code blocks start from, as (repo id, the argument as written): a Hub id (ORG/NAME)
    or one of the Hub's legacy single-name ids (base_named.legacy_model_id), not the card's own repo, a local path
    ("./out"), a variable ("$MODEL") nor a name of no model ("bert"). None when no block trains."""
    if "```" not in body and "~~~" not in body or not ("model_name_or_path" in body or "model_checkpoint" in body
                                                         or ("from_pretrained" in body and ("Trainer" in body or "get_peft_model" in body))):
        return []   # most cards: nothing to read
    from .classify.strategies.base_named import legacy_model_id

    own = own_id.strip("/").lower()
    found: list[tuple[str, str]] = []
    blocks = _code_blocks(body)
    named = [match for block in blocks if _TRAINS.search(block) for match in _MODEL_ARGUMENT.finditer(block)]
    code = "\n".join(blocks)
    if _FINE_TUNES.search(code):
        named += [match for match in _ASSIGNED_MODEL.finditer(code) if _loads(code, match.group("name"))]
    for match in named:
        value = match.group("value").rstrip(".")
        if value.lower() == own or any(value.lower() == f.lower() for f, _ in found) or ".." in value:
            continue
        if _HUB_ID.fullmatch(value) or legacy_model_id(value):
            found.append((value, " ".join(match.group(0).split())))
    return found[:MAX_COMMAND_BASES]


def _loads(code: str, name: str) -> bool:
    """Whether the code loads a model by the name it assigned the id to: "AutoModelForCausalLM.from_pretrained(model_name",
    "from_pretrained(\n pretrained_model_name_or_path=model_name"; not its tokenizer, processor or config alone (the
    model may be loaded from elsewhere)."""
    return re.search(r"(?<!Tokenizer)(?<!TokenizerFast)(?<!Processor)(?<!Config)(?<!Extractor)\.from_pretrained\(\s*"
                     rf"(?:pretrained_model_name_or_path\s*=\s*)?{re.escape(name)}\s*[,)]", code) is not None


def _code_blocks(body: str) -> list[str]:
    """The text of each fenced code block of the card (an unclosed last fence runs to the end), its lines joined where a
    shell line continues ("\\" at its end)."""
    fences = [m.start() for m in _FENCE.finditer(body)]
    blocks = []
    for start, end in zip(fences[::2], [*fences[1::2], len(body)], strict=False):
        blocks.append(re.sub(r"\\[ \t]*\n", " ", body[start:end]))
    return blocks
