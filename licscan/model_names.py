"""The names a card gives its model, and how two models' names are compared. The title ("# ...") whole and the name in
it ("Acme-7B" of "# Model Card for Acme-7B", the Hub card template's title, or of "# Acme-7B: a chat model"); a name
letters and digits only ("Acme-7B" and "acme_7b" are one); whether a table cell's repo ids are clearly another model's.
Read by base_ids' and card_tables' table readers, which decide from them which row of a "| Model | Base model |" table is
this checkpoint's, and by weights_terms for a code host's LICENSE of the checkpoint's own project; a module of its own
below them all (base_ids must not import the classifier package, card_tables is in it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def plain_name(name: str) -> str:
    """A model's name, letters and digits only, lower case ("Acme-7B" and "acme_7b" are one)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def names_another_model(names: set[str], own_plain: Iterable[str]) -> bool:
    """Whether a table cell's repo ids (``names``: their last parts, plain_name) are clearly another model's than this
    checkpoint's (``own_plain``: its names, plain_name): none holds one of its names of three characters or more, nor
    is held in one ("acme/acme-7b-chat" is Acme-7B written differently, acc60)."""
    owns = {own for own in own_plain if len(own) >= 3}
    return bool(names and owns) and not any(own in name or name in own for name in names for own in owns)
