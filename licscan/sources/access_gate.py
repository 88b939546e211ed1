"""The words of a card's Hub access gate: the YAML fields the Hub shows before it grants access
(``extra_gated_heading``, ``extra_gated_description``, ``extra_gated_prompt``, and the questions of
``extra_gated_fields``: "I agree to use this model for non-commercial use ONLY: checkbox"). What a user
must agree to before downloading is read by the classifier as the card's words are.

The answers a form offers (a "Job title" select's options) are not terms; the button's label
(``extra_gated_button_content``) is read too, as the user clicks it to agree ("I accept the non-commercial terms",
"Agree and access (research use only)": review52). Only text is taken (a nested value is never turned into text: an
alias-built structure could be enormous); a text field holding anything else (``extra_gated_prompt: {terms:
non-commercial use only}``) is a card problem, so the gate's terms are not taken as read (access_gate_problems).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

GATE_TEXT_FIELDS = ("extra_gated_heading", "extra_gated_description", "extra_gated_prompt", "extra_gated_button_content")
GATE_QUESTIONS_FIELD = "extra_gated_fields"


def access_gate_text(front_matter: Mapping[str, Any]) -> str:
    """The gate's words, one paragraph per text field and one line per question."""
    parts = [value for key in GATE_TEXT_FIELDS if isinstance(value := front_matter.get(key), str)]
    questions = front_matter.get(GATE_QUESTIONS_FIELD)
    if isinstance(questions, Mapping):
        parts.extend(question for question in questions if isinstance(question, str))
    elif isinstance(questions, list):   # a list of {question: type} mappings, or of questions
        for item in questions:
            parts.extend(question for question in (item if isinstance(item, Mapping) else [item]) if isinstance(question, str))
            # or of fields written out ({name: use, label: "I will only use the model for non-commercial research",
            # type: checkbox}): the label is the question the user answers (review52)
            if isinstance(item, Mapping) and isinstance(item.get("label"), str):
                parts.append(item["label"])
    return "\n\n".join(part.strip() for part in parts if part.strip())


def access_gate_problems(front_matter: Mapping[str, Any]) -> list[str]:
    """A gate text field whose value is no text (a mapping, a list): its words are not read, and the card says
    so as a dict ``license_link`` or ``base_model`` does, leaving the terms unknown."""
    return [f"card field '{key}' has an unexpected type ({type(value).__name__})" for key in GATE_TEXT_FIELDS
            if (value := front_matter.get(key)) is not None and not isinstance(value, str)]
