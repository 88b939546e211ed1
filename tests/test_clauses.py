"""license_texts/CLAUSES.md quotes each license's commercial-use clauses for reviewers. Every quote
must be in the reference text it names (only whitespace collapsed), and every text it names must be
one a rule uses: a quote that drifts from the texts licscan matches against would mislead a review.
"""

from __future__ import annotations

import re
from pathlib import Path

from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
CLAUSES = ROOT / "license_texts" / "CLAUSES.md"
# - **TOPIC** — `text-id` §section: "quote"
QUOTE_LINE = re.compile(r'^- \*\*(?P<topic>[^*]+)\*\* — `(?P<text>[^`]+)` §(?P<section>[^:]*): "(?P<quote>.*)"\s*$')


def collapsed(text: str) -> str:
    return " ".join(text.split())


def quotes() -> list[tuple[int, str, str, str]]:
    found = []
    for number, line in enumerate(CLAUSES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("- **"):
            continue
        match = QUOTE_LINE.match(line)
        assert match, f"CLAUSES.md:{number}: a clause line this test cannot read: {line[:80]}"
        found.append((number, match["text"], match["section"], match["quote"]))
    return found


def test_every_clause_quoted_is_in_the_text_it_names():
    kb = load_knowledge_base()
    texts_used = {name for rule in kb.rules for name in rule.texts}
    checked = quotes()
    assert len(checked) > 100   # the file quotes ~150 clauses; far fewer means the format changed
    wrong = []
    for number, text_id, section, quote in checked:
        name = f"{text_id}.txt"
        if name not in texts_used:
            wrong.append(f"CLAUSES.md:{number}: {name} is not a reference text of any rule")
        elif collapsed(quote) not in collapsed(kb.text_path(name).read_text(encoding="utf-8")):
            wrong.append(f"CLAUSES.md:{number}: §{section} is not in {name}: {quote[:60]}")
    assert wrong == []


def test_a_changed_quote_is_caught():
    """The check can fail: a quote with one word changed is not found in its text."""
    kb = load_knowledge_base()
    _, text_id, _, quote = next(q for q in quotes() if q[1] == "llama3.1")
    text = collapsed(kb.text_path(f"{text_id}.txt").read_text(encoding="utf-8"))
    assert collapsed(quote) in text
    assert collapsed(quote.replace("Llama", "Lama", 1)) not in text
