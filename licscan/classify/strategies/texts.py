"""How one matched text (a license file, a NOTICE, a use policy, the card body) becomes candidates and
remarks; shared by the strategies that read texts."""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...matcher import OTHER_LICENSE
from ...model import FileFinding
from ...rules import KnowledgeBase
from ...vocabulary import EvidenceRole
from ..candidates import OPEN, PROSE_CONFIDENCE, Candidate, Remark
from ..card_words import load_card_words


def read_finding(kb: KnowledgeBase, finding: FileFinding, governing: bool) -> tuple[list[Candidate], list[Remark]]:
    """``governing``: the file may decide the weights' license (False for a license file taken to cover
    code beside the weights' one)."""
    match = finding.match
    rule = kb.get(match.rule_id) if match.rule_id else None
    name = finding.file
    candidates = [Candidate(policy, "text-also", "use-policy", OTHER_LICENSE, f"{name} contains the {policy} text", finding)
                  for policy in match.also_found]
    remarks: list[Remark] = []
    # A file that carries a second license in full is under that one too (the most restrictive decides),
    # whatever the file's first match is (a license, or a use policy).
    counts = rule is not None and governing
    aside: EvidenceRole = "code" if not governing else "mention"
    candidates += [Candidate(other, "text-also", "governs" if counts else aside, OTHER_LICENSE,
                             f"{name} also contains the {other} text in full", finding)
                   for other in match.also_licenses]
    # a card names models and their licenses in passing
    named_role: EvidenceRole = "governs" if counts and finding.role != "card" else aside
    candidates += [Candidate(other, "text-names", named_role, PROSE_CONFIDENCE, f"{name} names {other}", finding)
                   for other in match.also_named]
    if counts:
        assert rule is not None
        if match.also_modified:
            remarks.append(Remark("unsettled", f"{name} also contains an altered copy of {', '.join(match.also_modified)}", finding))
        if match.unexplained and finding.role != "card":
            if match.unexplained_terms:
                remarks.append(Remark("unsettled", f"{name} states terms outside the {rule.id} text: “{match.unexplained}”", finding))
            else:
                remarks.append(Remark("review", f"{name} has words outside the {rule.id} text; confirm they change "
                                                f"nothing: “{match.unexplained}”", finding))
    basis = f"{name} is the {match.rule_id} text ({match.status}, score {match.score:.3f})"
    if rule is not None and rule.kind == "use-policy":
        candidates.append(Candidate(rule.id, "license-text", "use-policy", match.score, basis, finding))
        return candidates, remarks
    if not governing:
        if rule is not None:   # a code license beside the weights' license: reported, does not decide
            candidates.append(Candidate(rule.id, "license-text", "code", match.score, basis, finding))
        return candidates, remarks
    if rule is None:
        if finding.role in ("license", "use-policy"):
            remarks.append(Remark("unknown-file", name, finding))
        return candidates, remarks
    candidates.append(Candidate(rule.id, "license-text", "governs", match.score, basis, finding))
    return candidates, remarks


# Words of a component notice (outside the license texts it carries) that say a bundled component is model
# weights: "Vocoder weights (vocoder/generator.safetensors)", "bundles the following third-party model"
_WEIGHTS_COMPONENT = lazy(r"\b(?:weights?|checkpoints?|safetensors|ckpt|gguf|onnx|(?:pre ?trained|third party|bundled|included)"
                                r" models?|models? (?:files?|parameters))\b", re.IGNORECASE)
# ... and words that say it is software: a library, code, a tokenizer
_CODE_COMPONENT = lazy(r"\b(?:code|software|librar(?:y|ies)|packages?|scripts?|source|tokenizers?|tools?|dependenc(?:y|ies))\b",
                             re.IGNORECASE)


def bundled_component_terms(kb: KnowledgeBase, name: str, listed: list[str], own_words: str) -> tuple[list[str], list[Remark]]:
    """Of the licenses a component notice lists, those that restrict the checkpoint: a license that is not open
    (not permissive or copyleft) for a bundled component the notice's own words call model weights ("Vocoder
    weights (vocoder/generator.safetensors)" under CC BY-NC 4.0) is terms of what ships, as the weights' own
    are; one for a component it calls neither weights nor software is a question; one for software stays a
    component license. Returns (the licenses that apply, the remarks saying why)."""
    closed = [rule_id for rule_id in listed if (rule := kb.get(rule_id)) is not None and rule.category not in OPEN]
    if not closed:
        return [], []
    weights = _WEIGHTS_COMPONENT.search(own_words)
    if weights:
        words = own_words.split()
        at = len(own_words[:weights.start()].split())
        quote = " ".join(words[max(0, at - 6):at + 6])
        return closed, [Remark("note", f"{name} lists {', '.join(closed)} for bundled model weights (“{quote}”): a shipped "
                                       "component's terms restrict the checkpoint, and they apply")]
    if not _CODE_COMPONENT.search(own_words):
        return [], [Remark("unsettled", f"{name} lists {', '.join(closed)} for a bundled component it does not say is "
                                        "software or model weights")]
    return [], []


def read_component_notice(kb: KnowledgeBase, finding: FileFinding) -> tuple[list[Candidate], list[Remark]]:
    """A NOTICE or third-party-notices file that lists bundled components (Qwen's "LICENSE FOR NVIDIA
    Megatron-LM code", Phi-3's "This software incorporates material from third parties"): the license
    texts in it are the components' licenses, listed with their obligations; an altered copy is the
    component's own copy (its holder's name), not a change to the weights' terms. Words of its own that
    state terms for the weights still count, and so does a restricting license of bundled model weights."""
    match = finding.match
    name = finding.file
    found = [rule_id for rule_id in dict.fromkeys((match.rule_id, *match.also_licenses, *match.also_modified, *match.also_named))
             if rule_id and kb.get(rule_id) is not None and kb.get(rule_id).kind == "license"]  # type: ignore[union-attr]
    shipped, remarks = bundled_component_terms(kb, name, found, match.unexplained)
    candidates = [Candidate(rule_id, "license-text", "governs" if rule_id in shipped else "component", PROSE_CONFIDENCE,
                            f"{name} lists {rule_id} for " + ("bundled model weights" if rule_id in shipped else "a bundled component"), finding)
                  for rule_id in found]
    candidates += [Candidate(policy, "text-also", "use-policy", OTHER_LICENSE, f"{name} contains the {policy} text", finding)
                   for policy in match.also_found]
    components = [rule_id for rule_id in found if rule_id not in shipped]
    if components:
        remarks.append(Remark("note", f"{name} lists the licenses of bundled components, not the weights' terms: "
                                      f"{', '.join(components)} (keep their notices)", finding))
    if match.unexplained_terms and load_card_words().about_the_weights.search(match.unexplained):
        remarks.append(Remark("unsettled", f"{name} states terms outside the component licenses: “{match.unexplained}”", finding))
    return candidates, remarks
