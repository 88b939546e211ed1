"""The model a card's title names: the title ("# ...") whole, and the name in it ("Acme-7B" of "# Model Card for Acme-7B",
the Hub card template's title, or of "# Acme-7B: a chat model"). Read by base_ids' and card_tables' table readers, which
decide from it which row of a "| Model | Base model |" table is this checkpoint's; a module of its own below both (base_ids
must not import the classifier package, card_tables is in it)."""

from __future__ import annotations

import re

from .lazy_regex import lazy

_TITLE = lazy(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
# the model a title names: "# Model Card for Acme-7B" (the Hub card template's title), "# Acme-7B: a chat model" (acc60)
_TITLE_NAME = lazy(r"(?:model\s+card\s+(?:for|of)\s+)?(?P<name>.+?)\s*(?:[:：|(（—–]|\s-\s|$)", re.IGNORECASE)
_LINK = lazy(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")


def title_names(body: str) -> tuple[str, ...]:
    """The card's title ("# ..."), whole and the model name in it ("Acme-7B" of "# Model Card for Acme-7B")."""
    title = _TITLE.search(body)
    if not title:
        return ()
    whole = _LINK.sub(lambda m: m.group("text"), title.group(1)).strip("*_` ")
    name = _TITLE_NAME.match(whole)
    return (whole, name.group("name")) if name else (whole,)
