"""The lines a card gives its license on: each line of the body with the "License" section it is in and the line that
leads into it (``lines_of_sections``), the labels that make a line a license line ("**License:** ...", "Licensed under
..."), and what a license line's sentence is said of (``kind_of_license_line``): the model alone ("bare"), the model beside
something else ("mixed"), or something else (code, data, a demo, another model). license_lines.py reads which licenses
such lines name; license_qualifiers.py what they say beside them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...lazy_regex import lazy, prefiltered
from ...normalize import MAX_CLASSIFY_CHARS
from ..card_words import CardWords
from .card_tables import LICENSE_WORD, dataset_table_rows

# A line that labels the license ("License: ...", "**License**: ...", "| License | ... |", "许可证：..."), as a
# card's metadata block in its prose does; a line that merely says "licensed" somewhere is not one
# A line that opens "Licensed under ..." says of what the card describes, as a label does: it names nothing else
LICENSE_LABEL = prefiltered(r"^[\s>*_|#-]*(?:(?:(?:model|weights?)\s+)?(?:licen[cs]e[sd]?|licen[cs]ing|lizenz|licencia|许可证?|ライセンス)"
                      r"(?:\s+type)?[\s*_]*(?:[:：|]|=(?!\s*[{\[(\"'`])|\s+-\s)|(?:licen[cs]ed|released|distributed|published|provided|made\s+available|shared|offered)"
                      # (acc75, review66: the other verbs of a release, "Published under CC BY-NC 4.0.", "Provided under ...", and
                      # the publisher named between, "Released by Acme under CC BY-NC 4.0.", "Distributed by Acme
                      # Labs under ...", as "Released under ..." says it; acc76, review67: a publisher of up to 8 words, "Distributed
                      # by the Acme Labs research team under ...", "Made available by the Acme Labs applied research team under ...")
                      # ("Model license = CC BY-NC 4.0", acc76: "=" labels as ":" does; not a field's value, `license = {Apache-2.0}`
                      # of TRL's BibTeX, `license = "mit"`: a field of code or a citation, license_lines' field rule)
                      # (acc77, review68: a publisher in any words, "Released by Acme, Inc. under ...", "Released by Acme (Berlin)
                      # under ...", "Released by the applied research team of Acme Labs in Berlin, Germany under ..."; not across
                      # a sentence's end, nor a name of terms: "Released by Acme. The data is under ...")
                      r"(?:\s+by\s+(?:(?!licen[cs]e|agreement|terms\b)(?:[^\n;:.]|\.(?=\S)|(?<=Inc)\.|(?<=Ltd)\.|(?<=Corp)\.|(?<=Co)\.))"
                      r"{1,120}?)?\s+under\b)", re.IGNORECASE)
# What a license line may be said of besides the weights, the model or the repository as a whole: code, data,
# a demo, outputs, another model ("Code: MIT", "## Dataset license", "The demo app is CC BY-NC 4.0")
OTHER_THAN_THE_MODEL = lazy(
    r"\b(?:code|codebase|software|scripts?|programs?|librar(?:y|ies)|packages?|tools?|dependenc(?:y|ies)|components?|"
    r"modules?|plugins?|third[- ]part(?:y|ies)|data|datasets?|corpus|corpora|"
    r"demos?|spaces?|apps?|applications?|outputs?|generations?|generated|images?|pictures?|photos?|audio|samples?|examples?|"
    r"docs|documentation|paper|website|tokenizers?|vocabular\w*|prompts?|annotations?|base\s+models?|original\s+models?|"
    r"parent\s+models?|upstream)\b|代码|数据|コード|データ", re.IGNORECASE)
# A heading that gives the license ("## License: Acme Model License")
_HEADING_LABEL = lazy(r"#+\s*licen[cs]e\s*[:：]", re.IGNORECASE)


def license_sections(body: str) -> list[list[str]]:
    """The lines of each of the card's "License" sections ("## License", "### **License**", "## 许可证", "## 라이선스"),
    headings and dataset tables' rows left out."""
    sections: dict[str, list[str]] = {}
    for line, in_section, heading, _, _, label_heading in lines_of_sections(body):
        if in_section and not label_heading:
            sections.setdefault(heading, []).append(line)
    return list(sections.values())


def lines_of_sections(body: str) -> Iterator[tuple[str, bool, str, str, str, bool]]:
    """Each line of the card body that is not blank, a heading or a dataset table's row, and each heading that gives
    the license ("## License: Acme Model License"): (the line, whether it is in a License section, the section's
    heading, the line before it when that one ends in a colon: its lead-in, the lead-in when such a heading is a line
    too (the heading "## License:" leads in the line after it), whether the line is such a heading)."""
    in_section, heading, lead_in, labelled_lead_in = False, "", "", ""
    dataset_rows = dataset_table_rows(body)
    for line in body[:MAX_CLASSIFY_CHARS].splitlines():
        label_heading = False
        if line.lstrip().startswith("#"):
            in_section, heading, lead_in, labelled_lead_in = bool(LICENSE_WORD.search(line)), line, "", ""
            if not _HEADING_LABEL.match(line):
                continue
            label_heading = True
        if not line.strip():
            continue
        lead = lead_in if lead_in.rstrip().endswith((":", "：")) else ""
        labelled_lead = labelled_lead_in if labelled_lead_in.rstrip().endswith((":", "：")) else ""
        labelled_lead_in = line if in_section else ""
        if not label_heading:
            lead_in = labelled_lead_in
        if line not in dataset_rows:
            yield line, in_section, heading, lead, labelled_lead, label_heading


def kind_of_license_line(words: CardWords, heading: str, lead: str, sentence: str, in_section: bool) -> str | None:
    """"bare": the sentence of a license line says its license of nothing else; "mixed": its words name the model
    beside something else, or give its license as another's, so whether the weights are under it they leave open;
    None: it licenses something else ("Code: MIT", "The training data is licensed under ...")."""
    context = " ".join((heading, lead, sentence))
    this = _THIS_MODEL.match(sentence)
    # "This fine-tune is CC BY-NC 4.0", "This adapter is ...": the word that seemed to give a base says what this
    # checkpoint is, its verb right after it; the sentence without it gives none, and the license is this
    # checkpoint's own ("This fine-tune of Llama 2 is ..." names a base, as before)
    rest = sentence[this.end():] if this is not None and _VERB_NEXT.match(sentence, this.end()) else None
    if words.gives_a_base(context) and not (rest is not None and not words.gives_a_base(" ".join((heading, lead, rest)))):
        # "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under ...": another
        # model's; "This LoRA follows the base model's license: CC BY-NC 4.0", "(same as the base model)": this one's
        return "mixed" if this or _SAME_AS.search(sentence) or _BESIDE_THE_BASE.search(sentence) else None
    if not said_of_something_else(words, context):
        return "bare"
    # a License section's heading or lead-in may name the model beside code ("## Model and code license", "This
    # repository (model weights, code and configs) is released under:"); another section's heading names nothing
    above = " ".join((heading, lead))
    above_names_the_model = in_section and bool(MODEL_OR_SAME.search(above))
    if ((MODEL_OR_SAME.search(sentence) or above_names_the_model)
            and (above_names_the_model or not said_of_something_else(words, above))
            and words.licensed_subject(sentence) != "else"):
        return "mixed"
    return None


def said_of_something_else(words: CardWords, text: str) -> bool:
    return bool(words.is_trap(text) or OTHER_THAN_THE_MODEL.search(text) or words.something_else.search(text))


# A sentence about this checkpoint itself: "This LoRA ...", "The model ...", "Our adapter ...", "Although this
# fine-tune is ..."
_THIS_MODEL = lazy(r"\W*(?:(?:although|though|even\s+though|while|whereas)\s+)?(?:this|our|the)\s+"
                   r"(?:(?:fine[- ]?tuned|quanti[sz]ed|merged)\s+)?(?:models?|lora|adapters?|fine[- ]?tunes?|checkpoints?"
                   r"|weights|repository|quanti[sz]ations?|merge)\b", re.IGNORECASE)
_VERB_NEXT = lazy(r"\s+(?:is|are)\b", re.IGNORECASE)
_SAME_AS = lazy(r"\bsame\s+(?:license\s+)?as\b|\binherit", re.IGNORECASE)
# A license line that gives this checkpoint's license beside its base's: "Released under CC BY-NC 4.0, like the base
# model.", "CC BY-NC 4.0 (base model: Apache 2.0)". The base is named only to compare: the line's license may be this
# checkpoint's, and a gate must not pass it as a question for the lineage (review13)
_BESIDE_THE_BASE = lazy(r"\b(?:like|as\s+(?:for|with))\s+(?:the|its|our)\s+(?:base|original|parent|upstream)\b"
                        r"|\(\s*(?:the\s+)?(?:base|original|parent|upstream)\s+models?\s*[:：]", re.IGNORECASE)
# A license line's own words that make it the model's too, or its license another thing's ("same as", "inherited")
# (what a card calls this checkpoint: a fine-tune, an LLM, this release, its parameters, a merge, a quantization)
MODEL_OR_SAME = lazy(r"\b(?:models?|weights?|checkpoints?|lora|adapters?|fine[- ]?tunes?|fine[- ]?tuned|llms?|release|"
                      r"parameters|merges?|quanti[sz]ations?|quants?|same|inherit\w*|follows?|identical)\b", re.IGNORECASE)
