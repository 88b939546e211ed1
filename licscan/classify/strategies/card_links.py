"""Links on a card's license lines: to a license file of the repo the checkpoint does not have, and to a license
by its vendor's URL (a rule's `links`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from ...lazy_regex import lazy
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS
from ...rules import KnowledgeBase, LicenseRule
from ..card_words import load_card_words
from .card_tables import LICENSE_WORD

_LICENSE_FILE = lazy(r"(?:^|/)[^/]*(?:licen[cs]e|copying|notice|agreement|terms)[^/]*$", re.IGNORECASE)
# A document in a format of its own (a PDF, a Word file, a web page), not a license file's plain text under another suffix
_OTHER_FORMAT = lazy(r"\.(?:pdf|docx?|odt|rtf|html?)$", re.IGNORECASE)
# A Markdown link: [text](target)
LINK = lazy(r"\[([^\]\n]{1,120})\]\(\s*<?([^)\s>]{1,300})>?(?:\s+\"[^\"]*\")?\s*\)")


def missing_license_files(evidence: Evidence, names_a_license: Callable[[str], bool],
                          names_the_declared: Callable[[str, str], bool] = lambda text, line: False) -> list[tuple[str, str]]:
    """Links on license lines to a file of the repo ("[LICENSE](LICENSE)", "[license](./LICENSE.md)") that the
    checkpoint does not have: the card says its terms are there, and they could not be read. ``names_a_license``:
    whether a sentence's words name a license licscan knows; ``names_the_declared``: whether a link's text (and its
    line) name the license the card's metadata declares and no other, so that the file it points to, absent from the
    repository, holds nothing the card has not said ("license: mit" and "All models are licensed under [MIT](LICENSE)"
    with no LICENSE in the repo: a dead link to the MIT License, round 37)."""
    have = {file_stem(f.name) for f in evidence.files}
    # "[licence](./licence.md)" beside a LICENSE.md: the link is to the file it has, misspelt; "[Model
    # License](MODEL_LICENSE)" beside a LICENSE is another file, the weights' terms, unread (review19)
    have_spelt = {_spelling(stem) for f in evidence.files if f.role == "license" for stem in (file_stem(f.name),)}
    out: list[tuple[str, str]] = []
    in_section = False
    for line in evidence.card_body[:MAX_CLASSIFY_CHARS].splitlines():
        if line.lstrip().startswith("#"):
            in_section = bool(LICENSE_WORD.search(line))
        if not (in_section or LICENSE_WORD.search(line)):
            continue
        for text, target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.IGNORECASE) or not _LICENSE_FILE.search(target):
                continue
            if (target.startswith("../") and (_spelling(file_stem(target)) in _PLAIN_LICENSE_FILES or names_a_license(text))
                    and _points_back_to_a_named_license(line, target, names_a_license)):
                # "Licensed under the Apache License, Version 2.0; see the [LICENSE](../../LICENSE) file": a card kept for
                # another host (its authors' GitHub folder) links outside the repository for the details of a license
                # its words name; "the terms in [MODEL_LICENSE](../../MODEL_LICENSE)" names none, and stays unread, as
                # does "[Model License](../../MODEL_LICENSE)" beside "[Apache-2.0](../../LICENSE)" for the code
                continue
            if names_a_license(text) and have_spelt:
                continue   # "the code follows [Apache-2.0](LICENSE)" beside the MODEL_LICENSE it has: its words name the terms
            if names_the_declared(text, line):
                continue
            # "[EN](Community%20License%20for%20Baichuan-13B%20Model.pdf)": a link's path is URL-encoded, a file name is not
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            stem = file_stem(path)
            if _OTHER_FORMAT.search(path):
                # "[LICENSE.pdf](./LICENSE.pdf)" beside a LICENSE (review52): a document of its own, which the text file
                # of the same name need not be; only that very file is the one linked to
                found = path.rstrip("/").rsplit("/", 1)[-1].lower() in {f.name.rsplit("/", 1)[-1].lower() for f in evidence.files}
            else:
                found = stem in have or _spelling(stem) in have_spelt
            if not found and (target, line.strip()[:200]) not in out:
                out.append((target, line.strip()[:200]))
    return out


# A sentence that only points to more about what was said ("For more details, see the [LICENSE](...) file.")
_POINTER = lazy(r"\b(?:see|refer\s+to|details|more\s+information|read)\b", re.IGNORECASE)


def _points_back_to_a_named_license(line: str, target: str, names_a_license: Callable[[str], bool]) -> bool:
    """Whether the link's sentence names a license licscan knows, or only points to the details of one the sentence
    before it names ("Tucano is licensed under the Apache License, Version 2.0. For more details, see the
    [LICENSE](../../LICENSE) file."); "The model weights are licensed under the terms in [MODEL_LICENSE](...)" does
    neither, whatever the sentence before it licenses."""
    parts = re.split(r"(?<=[.;!?])\s+", line)
    at = next((i for i, part in enumerate(parts) if target in part), 0)
    return names_a_license(parts[at]) or bool(at and _POINTER.search(parts[at]) and names_a_license(parts[at - 1]))


# A repository's one license file, as its name is spelt: the file a link to the details of a license its words name
# points to ("LICENSE", "licence.md", "COPYING"); "MODEL_LICENSE", "LICENSE-MODEL" are files of their own terms
_PLAIN_LICENSE_FILES = frozenset({"license", "copying"})


def _spelling(stem: str) -> str:
    """A file name's stem as its spelling varies: "licence" is "license", case and punctuation out."""
    return re.sub(r"[^a-z0-9]", "", stem.lower().replace("licence", "license"))


def file_stem(path: str) -> str:
    name = path.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].lower() if "." in name else name.lower()


def linked_licenses(kb: KnowledgeBase, body: str) -> list[tuple[str, str]]:
    """Licenses the card links to anywhere by a vendor's license URL (a rule's `links`), as (id, line)."""
    words = load_card_words()
    return [(rule.id, line.strip()[:200]) for line in body[:MAX_CLASSIFY_CHARS].splitlines() if "](" in line and not words.is_trap(line)
            for rule in linked_rules(kb, line, by_text=False)]


# A badge: a Markdown image ("![License: CC BY-NC 4.0](https://img.shields.io/...)"), an HTML image's alt text
_IMAGE = lazy(r"!\[([^\]\n]{0,120})\]\(\s*<?([^)\s>]{1,300})>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = lazy(r"<img\b[^>]*?\balt\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)')[^>]*>", re.IGNORECASE)
_HTML_LINK = lazy(r"<a\b[^>]*?\bhref\s*=\s*[\"']([^\"'\s<>]{1,300})[\"'][^>]*>([^<>\n]{0,120})</a\s*>", re.IGNORECASE)
_HTML_TAG = lazy(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
# The words of a license label and nothing else: "License", "Model License", "Weights license"
_LABEL_ONLY = lazy(r"\W*(?:(?:model|weights?)\s+)?licen[cs]e\W*", re.IGNORECASE)
# A URL written out, not the target of a Markdown or HTML link
_BARE_URL = lazy(r"(?<![(<\"'=\w/])https?://[^\s)<>\]\"'`*]{1,300}", re.IGNORECASE)
# A shields.io static badge, "https://img.shields.io/badge/License-CC%20BY--NC%204.0-lightgrey.svg": its path is
# the words the badge shows (label, message, colour; "--" a dash, "_" a space, URL-encoded)
_SHIELDS_BADGE = lazy(r"https?://img\.shields\.io/badge/([^/?#]{1,300})", re.IGNORECASE)
_BADGE_URL = lazy(r"https?://img\.shields\.io/badge/[^/?#\s)<>\]\"'`]{1,300}", re.IGNORECASE)
_BADGE_PART = lazy(r"(?:[^-]|--)+")


def with_badges_read(text: str) -> str:
    """``text`` with each shields.io badge URL in it replaced by the words the badge shows."""
    if "shields.io/badge/" not in text:
        return text
    return _BADGE_URL.sub(lambda url: _badge_words(url.group(0)) or url.group(0), text)


def badges_as_words(text: str) -> str:
    """``text`` with each shields.io badge image ("![](https://img.shields.io/badge/License-Research%20Only-red)") as the
    words it shows, on a line of their own ("License: Research Only"): what a reader of the rendered card reads."""
    if "shields.io/badge/" not in text:
        return text
    return _IMAGE.sub(lambda image: f"\n{words}\n" if (words := _badge_words(image.group(2))) else image.group(0), text)


def _badge_words(url: str) -> str | None:
    """The words a shields.io badge shows ("License: CC BY-NC 4.0"), or None for another URL."""
    badge = _SHIELDS_BADGE.match(url)
    if badge is None:
        return None
    path = re.sub(r"\.(?:svg|png|json)$", "", badge.group(1), flags=re.IGNORECASE)
    parts = [unquote(part.replace("--", "\0").replace("__", "\1").replace("_", " ")).replace("\0", "-").replace("\1", "_")
             for part in _BADGE_PART.findall(path)]
    # the last part is the badge's colour
    return ": ".join(part.strip() for part in parts[:-1] if part.strip()) if len(parts) > 1 else None


def words_of_line(kb: KnowledgeBase, line: str) -> str:
    """A card line's words as a reader of the rendered card reads them: a badge by its alt text ("[![License: CC
    BY-NC 4.0](https://img.shields.io/...)](https://creativecommons.org/licenses/by-nc/4.0/)" says "License: CC
    BY-NC 4.0"), HTML links as Markdown ones and other tags out, and a link or a written-out URL to a license's own
    page (a rule's `links`) with that license's name beside its words ("Licensed under [this
    license](https://creativecommons.org/licenses/by-nc/4.0/)."): the page is what the words point to."""
    if "<" in line:
        line = _HTML_IMAGE.sub(lambda image: image.group(1) or image.group(2) or "", line)
        line = _HTML_LINK.sub(lambda link: f"[{link.group(2).strip() or link.group(1)}]({link.group(1)})", line)
        line = _HTML_TAG.sub(" ", line)
    if "![" in line:
        # a shields.io badge shows its own words, whatever its alt text says ("[![License](https://img.shields.io/badge/
        # License-CC--BY--NC--4.0-lightgrey.svg)](LICENSE)" shows "License | CC-BY-NC-4.0", review37); another image its alt
        line = _IMAGE.sub(lambda image: _badge_words(image.group(2)) or image.group(1), line)
    if "http" not in line:
        return line

    def named_by_link(link: re.Match[str]) -> str:
        rule = kb.by_link(link.group(2))
        if rule is None or rule.kind != "license" or kb.by_name(link.group(1).strip()):
            return link.group(0)
        if _LABEL_ONLY.fullmatch(link.group(1)):
            # a badge or link whose words are only a label ("[![Model License](shield)](https://creativecommons.org/
            # licenses/by-nc/4.0/)"): the page it links is the value the label gives, as "License: CC BY-NC 4.0" (acc20)
            return f"{link.group(1).strip()}: {rule.name}"
        return f"{link.group(1)} ({rule.name})"

    def named_by_url(url: re.Match[str]) -> str:
        # a badge written out (a reference definition "[cc-by-shield]: https://img.shields.io/badge/License-CC%20BY%204.0-
        # lightgrey.svg") is read by the words it shows, not its encoded URL's ("CC%20BY%204.0" named the bare "cc", astremo)
        badge = _badge_words(url.group(0))
        if badge is not None:
            return badge
        rule = kb.by_link(url.group(0).rstrip(".,;:"))
        return rule.name if rule is not None and rule.kind == "license" else url.group(0)
    return _BARE_URL.sub(named_by_url, LINK.sub(named_by_link, line))


def linked_rules(kb: KnowledgeBase, line: str, by_text: bool) -> list[LicenseRule]:
    out: list[LicenseRule] = []
    for text, url in LINK.findall(line):
        rule = kb.by_link(url) or (kb.by_name(text.strip()) if by_text else None)
        if rule is not None and rule.kind == "license" and rule not in out:
            out.append(rule)
    return out
