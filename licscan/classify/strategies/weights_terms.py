"""A card sentence that puts the weights under a license licscan does not know ("The model weights are
released under the Acme Community License v1", "Use of the model weights is subject to the [Model
Terms](MODEL_TERMS.md)"), beside a license the metadata or a file declares: the weights' own terms are
then unknown, whatever else applies, and the checkpoint is never allowed on the other license alone.

Only a sentence about the weights or the model counts, and only a name that is one: it says "License",
"Agreement", "Terms" (or links to the terms), names no license licscan knows, and has a word of its own
("Acme"). "Released under the same license as the base model", "the terms of the license below", "the
license of the original model", the declared license's vendor ("the Meta license") name nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from ...lazy_regex import lazy
from ...matcher import Matcher
from ...model import Evidence
from ...model_names import plain_name
from ...normalize import MAX_CLASSIFY_CHARS, card_characters, plain_latin_letters, tokens
from ...rules import KnowledgeBase
from ...sources.common import is_card_translation, split_card
from ..candidates import OPEN, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words
from ..memo import split_remembered
from .card_links import LINK as _LINK
from .card_links import file_stem as _stem
from .card_tables import anchored_section, weights_table_rows
from .denied_licenses import without_denied_licenses
from .license_lines import own_license_names
from .license_sections import license_sections
from .prose import SENTENCE_END, about_the_weights, prose_licenses
from .unknown_terms import names_vendor_of

_STATEMENT = lazy(
    r"(?:licen[cs]ed|released|distributed|available|provided|governed|covered|offered|published)\s+(?:\w+\s+){0,2}?"
    r"(?:under|by)\s+(?P<name>[^\n]{1,200})"
    r"|\bsubject\s+to\s+(?P<name2>[^\n]{1,200})"
    # "the use of the CogVLM model weights must comply with the [Model License](...)", "使用 ... 模型权重必须遵循 [模型许可](...)"
    r"|\b(?:compl(?:y|ies|ying)|in\s+compliance)\s+with\s+(?P<comply>[^\n]{1,200})|(?:遵循|遵守|遵照)\s*(?P<comply_zh>[^\n]{1,200})"
    # "By downloading the weights you agree to the [Acme Model License](...)", "agree to be bound by ..."
    r"|\bagree(?:s|d|ing)?\s+to\s+(?:be\s+bound\s+by\s+|(?:abide|comply)\s+by\s+)?(?P<agree>[^\n]{1,200})"
    # "The model weights are under the Acme Community License v1", "remain under"
    r"|\b(?:is|are|remains?|stays?|falls?)\s+(?:\w+\s+)?under\s+(?P<name3>[^\n]{1,200})"
    # "The license of the model weights is the Acme Community License v1", "The weights' license is ...": a name
    # follows, capitalised as names are ("is inherited from the base model", "is the same as ..." name nothing)
    r"|\blicen[cs]e\b(?:\s+(?:of|for|on|covering)\s+[^.;:\n]{1,60}?)?\s+(?:is|are|will\s+be)\s+"
    r"(?P<named>(?:(?:the|an?)\s+)?(?:[A-Z0-9\[][^\n]{0,199}))"
    # "Model weights license: Acme Community License v1", "**Weights license:** ..."
    r"|\blicen[cs]e[*_]*\s*[:\uff1a][*_]*\s*(?P<colon>[^\n]{1,200})",
    re.IGNORECASE,
)
# Words that start what follows "license is" or "license:" without naming a license: "see LICENSE", "Same as the base".
_NOT_A_NAME_START = lazy(r"(?:see|refer|check|please|per|same|similar|in|at|on|available|under|inherit|follow|as|from|"
                               r"included|provided|described|given|listed|below|above|here|tbd|n/?a|none|unknown)\b", re.IGNORECASE)
# Where a license's name ends: punctuation, a parenthesis or dash ("... License v1 (the code is under MIT)"), or
# a word that starts the rest of the sentence.
_NAME_END = lazy(r"[.;,:]\s|[.;,:]$|[。；，：]|\s*\(|\s[-\u2013\u2014]+\s"
                       r"|\s(?:and|for|which|that|with|to|except|unless|if|when|whenever|see|available|in|on|but|while|whereas|although|as)\s",
                       re.IGNORECASE)
# What a statement may be about that is not the weights: its code, data, samples, outputs.
_OTHER_SUBJECT = lazy(r"\b(?:code|codebase|software|scripts?|library|dataset|data|images?|samples?|outputs?|demo|"
                            r"app|application|tokenizer|documentation|docs)\b", re.IGNORECASE)
# A link to a file of the repository: relative, or on the Hub ("https://huggingface.co/org/name/blob/main/LICENSE");
# "https://acme.example/license" is another site's page, whatever its last word.
_REPO_FILE = lazy(r"(?![a-z][a-z0-9+.-]*:)|https?://(?:www\.)?(?:huggingface\.co|hf\.co)/", re.IGNORECASE)
# A LICENSE file on a code host ("https://github.com/acme-labs/acme-7b/blob/main/LICENSE", ".../raw/main/LICENSE.md",
# GitLab's "/-/blob/"): the project's LICENSE, judged as the LICENSE the checkpoint ships, as a link into the repository is
# (review54 4; a site's "/license" page stays another site's page)
_CODE_HOST_LICENSE = lazy(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|gitee\.com|bitbucket\.org|codeberg\.org)/[^\s?#]+?/"
                          r"(?:-/)?(?:blob|raw)/[^\s?#]+/(?:licen[cs]e|copying)(?:\.md|\.txt)?/?$"
                          r"|https?://raw\.githubusercontent\.com/[^\s?#]+/(?:licen[cs]e|copying)(?:\.md|\.txt)?$", re.IGNORECASE)


def _repo_file(url: str, own: frozenset[str] = frozenset()) -> bool:
    """Whether a link is to a file of the repository (relative, on the Hub) or to the project's LICENSE on a code host:
    a repository whose name is the checkpoint's own (``own``: its names, letters and digits only; "acme-labs/acme-7b"
    for "acme/Acme-7B-Instruct"), not another project's ("facebookresearch/DiT/blob/main/LICENSE.txt": DiT's terms,
    review55)."""
    if _REPO_FILE.match(url):
        return True
    host = _CODE_HOST_LICENSE.match(url.rstrip(".,;:"))
    if host is None:
        return False
    path = re.sub(r"^https?://[^/]+/", "", url).split("/")
    project = plain_name(path[1]) if len(path) > 1 else ""
    return len(project) >= 3 and any(name.startswith(project) or project.startswith(name) for name in own if len(name) >= 3)


def _own_plain_names(evidence: Evidence) -> frozenset[str]:
    """The checkpoint's names (its ref's last name, the card's first heading), letters and digits only."""
    from .base_named import own_names

    return frozenset(plain_name(name.rsplit("/", 1)[-1]) for name in own_names(evidence))
_NAME_WORD = lazy(r"licen[cs]e|agreement|\bterms\b|\bconditions\b|\beula\b|ライセンス|라이선스|라이센스|лицензи", re.IGNORECASE)
# "provided / released / distributed / offered / published / made available by X": who provides the model, not its terms,
# unless the words name terms ("released by the Acme Model License"); "governed / covered / licensed by X" name terms
# (deutsche-telekom/mt5-small-sum-de-mit-v1, round 42: "provided by the [One Conversation](https://www.welove.ai/)" + "team of
# Deutsche Telekom AG" on the next line was read as the weights' unknown license)
_BY_A_PARTY = lazy(r"(?:released|distributed|available|provided|offered|published)\s+(?:\w+\s+){0,2}?by\b", re.IGNORECASE)
# Words that say which license without naming one: "the same license as the base model", "the license below".
_GENERIC = frozenset(
    "the a an our this its their that these those same as base original parent upstream underlying respective corresponding "
    "model models model's weights weight checkpoint checkpoints code license licence licensed licenses licences agreement "
    "agreements terms term conditions of use usage community open under by governed released is are below above following "
    "here herein applicable accompanying attached included repository repo file files it they all any full text standard "
    "project from permissive free source opensource open-source osi approved "
    # "the license found in LICENSE", "the license specified in this model card" (review65)
    "found specified stated given described set out linked referenced mentioned listed shipped in at this card "
    # an access gate's words: "Access to this model is subject to accepting the conditions below" (the gate's own
    # conditions, read by AccessGate where the card gives them)
    "accepting accept acceptance agreeing".split())


# A license line's value that says the terms are the publisher's own without naming them
_NO_LICENSE_NAME = lazy(r"(?:proprietary|custom|closed[- ]source|all\s+rights\s+reserved|restricted|academic|research)\b"
                       r"[^.;,(]{0,40}", re.IGNORECASE)
# A license line's value saying the terms are still to come: "TBD", "To be announced", "Coming soon", "未定"
_NOT_YET_GIVEN = lazy(r"(?:tbd|tba|to\s+be\s+(?:determined|decided|announced|confirmed|defined)|coming\s+soon|pending)\b[^.;,(]{0,40}"
                      r"|(?:未定|待定|検討中|미정)", re.IGNORECASE)
# A link's text that only points ("[here](https://acme.ai/model-license.pdf)"): its address names the terms
_POINTER = lazy(r"(?:click\s+)?(?:here|this(?:\s+(?:link|page|url))?|(?:the\s+)?link)", re.IGNORECASE)


def unknown_terms_for_the_weights(kb: KnowledgeBase, matcher: Matcher, evidence: Evidence, applying: Sequence[str],
                                  license_words: frozenset[str]) -> list[tuple[str, str, bool]]:
    """(the license's name, the sentence, whether the name is only a family's) for each card sentence about
    the weights that puts them under a license licscan does not know, or under a family it knows named
    without saying which member ("a Creative Commons license") beside licenses that are all open (any
    member may be stricter). ``license_words``: the words of the names of the licenses licscan knows."""
    words = load_card_words()
    read = {_stem(f.name) for f in evidence.files}
    own = _own_plain_names(evidence)
    applying_rules = [rule for rule in (kb.get(license_id) for license_id in applying) if rule is not None]
    open_only = all(rule.category in OPEN for rule in applying_rules)

    def unknown(name: str, links: list[tuple[str, str]]) -> tuple[str, bool] | None:
        """(the name, whether only a family's) when ``name`` is a license's name licscan does not know."""
        name = re.sub(r"^(?:the|an?)\s+", "", name.strip(" *_`\"'"), flags=re.IGNORECASE)
        pairs = [(text, url) for text, url in links if text.strip() and text.strip() in name]
        linked = [url for _, url in pairs]
        # only the name itself says whether licscan knows it: "(the code is under MIT)" after it names the code's
        # the name's own links, not the sentence's: "the code follows [Apache-2.0](LICENSE), the weights the
        # [模型许可协议](MODEL_LICENSE.pdf)" names the weights' terms by a link licscan does not know (review19)
        if not (_NAME_WORD.search(name) or linked) or _known(kb, "licensed under " + name, name, pairs):
            return None
        # the terms are a file licscan read: what it found there speaks for them. The link is to it in the repo, or its
        # text is the file's name ("需要遵循 [LICENSE](https://modelscope.cn/models/.../view/master?fileName=LICENSE)", the
        # repo's own mirror)
        # (a bare address is no file's name: "https://acme.example.cn/license" is another site's page, review53 F)
        if pairs and all((_repo_file(url, own) and _stem(url) in read)
                         or (_stem(text.strip()) in read and text.strip() != url and not _CODE_HOST_LICENSE.match(url.rstrip(".,;:")))
                         for text, url in pairs):
            return None
        if pairs and all(url.startswith("#") and _section_names_a_license(kb, evidence.card_body, url[1:]) for _, url in pairs):
            # "遵守[协议](#协议)": a section of the card itself that names the licenses, whose words are read where they
            # are; a link to no section, or to one that only points elsewhere ("详见 https://.../license.pdf"), is unread
            return None
        distinctive = {w for w in re.findall(r"[a-z0-9']+", name.lower()) if w not in _GENERIC}
        if not (distinctive or linked) or any(names_vendor_of(rule, "under " + name) for rule in applying_rules):
            return None
        family = not linked and distinctive <= license_words
        if family and not open_only:
            # "released under a Creative Commons license" beside BRIA's non-commercial license: a family
            # licscan knows, named without saying which member, is no stricter than what already applies
            return None
        # "[here](https://acme.ai/model-license.pdf)": the address says which terms
        return (f"{name} ({linked[0]})" if linked and _POINTER.fullmatch(name.strip()) else name)[:160], family

    out: list[tuple[str, str, bool]] = []
    for sentence in split_remembered(SENTENCE_END, evidence.card_body[:MAX_CLASSIFY_CHARS]):
        plain_letters = plain_latin_letters(sentence)   # "reléased under", "Licénse:" read as the words they disguise
        if not sentence.strip() or words.is_trap(plain_letters) or not about_the_weights(plain_letters):
            continue
        links = _LINK.findall(sentence)
        plain = without_denied_licenses(_LINK.sub(r"\1", plain_letters))   # "not under X but under the Acme License"
        stated = False
        for match, named, name in _statements(plain):
            stated = True
            # "The code is released under the Acme Code License (the model weights are under Apache 2.0)": the
            # statement's own subject is the code, whatever else the sentence is about
            subject = re.split(r"[(;:]", plain[:match.start()])[-1]
            if _OTHER_SUBJECT.search(subject) and not about_the_weights(subject):
                continue
            if match.group("colon") is not None and not about_the_weights(subject):
                continue   # "License: ..." names the weights' license only where its own words say so ("Model weights license:")
            a_link = any(text.strip() and named.startswith(text.strip()) for text, _ in links)   # "is [here](...)"
            if match.group("named") is not None and not re.match(r"(?:(?:the|an?)\s+)?[A-Z0-9\[]", named) and not a_link:
                continue   # IGNORECASE lets "is inherited from ..." through: a name is capitalised, or a link
            if (match.group("named") or match.group("colon")) and _NOT_A_NAME_START.match(named.lstrip(" *_`\"'")) and not a_link:
                continue   # "is available below", "see LICENSE"; but "is [here](https://acme.ai/model-license.pdf)" points to it
            name = name.strip(" *_`\"'")
            if _BY_A_PARTY.match(match.group(0)) and not _NAME_WORD.search(name) and not _NAME_WORD.search(named[:len(name) + 40]):
                continue   # "This model is provided by the [One Conversation](https://www.welove.ai/) team": who provides it
            found = unknown(re.split(r"\bunder\s+", name)[-1], links)   # "provided by Google under the Apache License"
            if found is not None:
                out.append((found[0], " ".join(sentence.split())[:240], found[1]))
                break
        if not stated:   # a sentence that names no terms but points to them
            pointed = _pointed_terms(plain_letters, links, unknown, read, own)
            if pointed is not None:
                out.append((pointed, " ".join(sentence.split())[:240], False))
    # "**License:** [Acme Model License](...)", "## License\n\nAcme Model License": the card's own license line
    for given, line in own_license_names(kb, matcher, evidence.card_body):
        # "## Licence\n\nTBD.": the author has not given the terms yet; beside a license the checkpoint declares or ships
        # ("Licensing: TBD in the releases" over the vendor's LICENSE.txt) that license is what it has
        pending = None if applying else _NOT_YET_GIVEN.match(given)
        if pending is None and _NOT_A_NAME_START.match(given):
            continue
        kind = pending or _NO_LICENSE_NAME.match(given)   # "**License:** Proprietary", "Custom (see https://acme.ai/license)"
        found = (kind.group(0), False) if kind else unknown(_NAME_END.split(given, maxsplit=1)[0], _LINK.findall(line))
        if found is not None and all(found[0] != name for name, _, _ in out):
            out.append((found[0], " ".join(line.split())[:240], found[1]))
    # "## License\n\nSee [here](https://acme.example.com/l).", "## 许可证\n\n模型权重请参阅 https://...": a License section whose
    # first line only points to terms elsewhere gives the checkpoint's license as those terms, which licscan did not read
    # (review53 F). Not a section that names a license licscan knows ("Tucano is licensed under the Apache License, Version
    # 2.0. For more details, see the [LICENSE](../../LICENSE) file.", "... with a CreativeML Open RAIL++-M License ...
    # [Please read the full license here](https://...)"), nor a longer line that says more than where the terms are, nor
    # one that points into the repository or the Hub only
    # (also the section's second line after a first that says the weights have terms of their own, and a License label
    # line whose value only points: "**License**: see [here](https://...)": review54)
    pointers = [(line, "\n".join(section)) for section in license_sections(evidence.card_body) for line in section[:2]]
    pointers += [(line, line) for given, line in own_license_names(kb, matcher, evidence.card_body) if _NOT_A_NAME_START.match(given)]
    for line, section_text in pointers:
        plain_letters = plain_latin_letters(line)
        words_said = _BARE_URL.sub(" ", _LINK.sub(r"\1", plain_letters))
        if len(words_said.split()) > _POINTER_LINE_WORDS or len(SENTENCE_END.split(words_said.strip())) > 1 \
                or not _SECTION_POINTS_TO.search(words_said) or words.is_trap(plain_letters) \
                or (_OTHER_SUBJECT.search(words_said) and not about_the_weights(words_said)) \
                or matcher.named_licenses(tokens(_LINK.sub(r"\1", section_text))) \
                or _known(kb, _LINK.sub(r"\1", plain_letters), "", _LINK.findall(line)):
            continue
        addresses = [url for _, url in _LINK.findall(line)] + _BARE_URL.findall(_LINK.sub(" ", line))
        if not any(not _repo_file(url, own) for url in addresses):
            continue   # "See the [licence](./licence.md) for details.": a file of the repository, judged where links to files are
        pointed = _pointed_terms(plain_letters, _LINK.findall(line), unknown, read, own, in_license_section=True)
        if pointed is not None and all(pointed != name for name, _, _ in out):
            out.append((pointed, " ".join(line.split())[:240], False))
    # "| Weights | Acme Community License v1 |" under a "License" column: the cell is the name
    for cell, row in weights_table_rows(evidence.card_body):
        found = unknown(_NAME_END.split(_LINK.sub(r"\1", cell), maxsplit=1)[0], _LINK.findall(cell))
        if found is not None:
            out.append((found[0], " ".join(row.split())[:240], found[1]))
    return out


# A sentence that sends the reader to the terms rather than naming them: "Weights: see https://acme.example.com/weights-license",
# "For the terms that govern the weights, please read our [license](https://...)", "See our [non-commercial license](...)
# for the weights" (review52)
# (Chinese, Japanese and Korean too: "模型权重请参阅 https://...", "https://... 의 약관을 따릅니다", review53 F)
# ("The model weights follow https://github.com/otherorg/nc-project/blob/main/LICENSE": another project's terms, acc57)
# ("The weights are licensed as in https://github.com/...", "released following the [upstream license](github ...)",
# "must adhere to https://...": acc60, review56)
_POINTS_TO = lazy(r"\b(?:see|read|refer\s+to|check|visit|consult|review|follow(?:s|ing)?|adheres?\s+to|abides?\s+by|"
                  r"compl(?:y|ies)\s+with|as\s+(?:in|per)|according\s+to|governed\s+by|"
                  r"(?:found|given|described|available|published)\s+at)\b"
                  r"|参阅|参见|参照|详见|请见|请查看|查阅|ご確認|ご参照|참조|참고|확인하|따(?:릅니다|르며|라야|름)", re.IGNORECASE)
# terms another model has, or that are not needed ("Unlike X, whose [license](...) ...", "no need to read ...")
_SET_APART = lazy(r"\b(?:unlike|compared\s+(?:to|with)|rather\s+than|instead\s+of|no\s+need|need\s+not)\b|n['’]t\s+need\b",
                  re.IGNORECASE)
# what sends the reader elsewhere on a License section's line that says nothing more (not "A custom commercial license is
# available at: https://...", which offers another license)
_SECTION_POINTS_TO = lazy(r"\b(?:see|read|refer\s+to|check|visit|consult)\b|参阅|参见|参照|详见|请见|请查看|查阅|ご確認|ご参照|참조|참고|"
                          r"따(?:릅니다|르며|라야|름)", re.IGNORECASE)
_POINTER_LINE_WORDS = 12
_BARE_URL = lazy(r"https?://[^\s)\]>\"'<]+", re.IGNORECASE)


def _pointed_terms(sentence: str, links: list[tuple[str, str]], unknown: Callable[[str, list[tuple[str, str]]], tuple[str, bool] | None],
                   read: set[str], own: frozenset[str] = frozenset(), *, in_license_section: bool = False) -> str | None:
    """The terms a sentence about the weights points to without naming a license (a link's words, else the address),
    when licscan does not know them and did not read them (``unknown`` decides, as for a name): the sentence or the
    link says they are a license's or terms ("license", "terms", "agreement"), and a verb sends the reader there.
    ``in_license_section``: the sentence is a License section's line, whose heading says so ("## License\n\nSee [here](...)")."""
    words = _BARE_URL.sub(" ", _LINK.sub(r"\1", sentence))
    if not _POINTS_TO.search(words) or _SET_APART.search(words):
        return None
    bare = [(url.rstrip(".,;:"), url.rstrip(".,;:")) for url in _BARE_URL.findall(_LINK.sub(" ", sentence))]
    for text, url in [*links, *bare]:
        if not (in_license_section or _NAME_WORD.search(words) or _NAME_WORD.search(url)):
            continue
        if text != url and not (_NAME_WORD.search(text) or _POINTER.fullmatch(text.strip())):
            continue   # "please visit the [website](...) and accept our License" (Llama 2): a page, not the terms

        if not _repo_file(url, own) and _stem(text.strip()) in read and _stem(url) not in read:
            text = url   # "read our [license](https://acme.example.com/terms)": another site's page, not the LICENSE shipped
        plain_text = text == url or _NAME_WORD.search(text) or _POINTER.fullmatch(text.strip())
        found = unknown(text if plain_text else f"{text} license", [(text, url)])
        if found is not None:
            return found[0] if url in found[0] else f"{found[0]} ({url})"[:160]
    return None


def _section_names_a_license(kb: KnowledgeBase, body: str, anchor: str) -> bool:
    """Whether the card has the section an in-page link names and that section's words name a license licscan knows."""
    section = anchored_section(body, anchor)
    return section is not None and _known(kb, _LINK.sub(r"\1", section), "", _LINK.findall(section))


def _statements(plain: str) -> Iterator[tuple[re.Match[str], str, str]]:
    """Each statement of the sentence, with what follows its verb and the name that starts it (up to where a name
    ends), the next looked for right after that name, not after all the statement could take in: "源码需要遵循
    Apache-2.0 开源协议，模型权重则需要遵循模型许可协议" holds two (review19)."""
    at = 0
    while (match := _STATEMENT.search(plain, at)) is not None:
        group = next(index for index, text in enumerate(match.groups(), 1) if text is not None)
        named = match.group(group)
        name = _NAME_END.split(named, maxsplit=1)[0]
        yield match, named, name
        at = max(match.start(group) + len(name), match.start() + 1)


def _known(kb: KnowledgeBase, statement: str, name: str, links: list[tuple[str, str]]) -> bool:
    """Whether the statement names a license licscan knows, in words or by a vendor's license URL."""
    return bool(prose_licenses(kb, statement) or kb.by_name(name)
                or any(kb.by_link(url) or kb.by_name(text.strip()) for text, url in links))


# A license the card says does not cover the weights, with none given in its place ("The model weights are not covered
# by the Apache 2.0 license", "... are not released under Apache 2.0."), or only the code ("Only the code is released
# under Apache 2.0"): when it is one that applies, the weights' own terms are not known.
_DENIED_FOR_THE_WEIGHTS = lazy(
    r"(?:\bnot|n['’]t|\bnever)\s+(?!only\b|just\b|solely\b)(?:(?:licen[cs]ed|released|distributed|covered|governed|provided|available|"
    r"offered|published|shared)\s+(?:under|by)|under)\s+(?P<name>[^\n;:,()]{1,80})"
    r"|\bonly\s+(?:the\s+)?(?:source\s+)?code\s+(?:[\w-]+\s+){0,3}?(?:under|by)\s+(?P<code>[^\n;:,()]{1,80})",
    re.IGNORECASE)


def denied_for_the_weights(kb: KnowledgeBase, evidence: Evidence, applying: Sequence[str]) -> list[tuple[str, str]]:
    """(the license, the sentence) for each license that applies which a card sentence says does not cover the weights."""
    out: list[tuple[str, str]] = []
    for sentence in split_remembered(SENTENCE_END, evidence.card_body[:MAX_CLASSIFY_CHARS]):
        linked = _LINK.sub(r"\1", plain_latin_letters(sentence))
        # blanking what a sentence denies only turns characters into spaces: words it lacks, the blanked one lacks too
        lowered = linked.lower()
        if "not" not in lowered and "n't" not in lowered and "only" not in lowered:
            continue
        plain = without_denied_licenses(linked)   # "not X but Y" gives Y
        if "not" not in plain.lower() and "n't" not in plain.lower() and "only" not in plain.lower():
            continue
        for match in _DENIED_FOR_THE_WEIGHTS.finditer(plain):
            subject = re.split(r"[(;:]", plain[:match.start()])[-1]
            if match.group("name") is not None and (not about_the_weights(plain) or (
                    _OTHER_SUBJECT.search(subject) and not about_the_weights(subject))):
                continue   # "The code is not released under GPL": said of something else
            name = _NAME_END.split(match.group("name") or match.group("code"), maxsplit=1)[0]
            for license_id, _ in prose_licenses(kb, "licensed under " + name):
                if license_id in applying and all(license_id != known for known, _ in out):
                    out.append((license_id, " ".join(sentence.split())[:240]))
    return out


class WeightsUnderUnknownTerms(EvidenceStrategy):
    name = "card words on the weights' license"

    def __init__(self, kb: KnowledgeBase, matcher: Matcher):
        super().__init__(kb, matcher)
        self.license_words = frozenset(word for rule in kb.rules for name in (rule.name, *rule.aliases)
                                       for word in re.findall(r"[a-z0-9']+", name.lower())) - _GENERIC

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        applying = so_far.applying()
        if not evidence.card_body:
            return Reading(self.name)
        # the weights' own terms are ones licscan cannot read, whatever else applies
        found = unknown_terms_for_the_weights(self.kb, self.matcher, evidence, applying, self.license_words)
        # the card in another language or under another name (README_zh.md, README_EN.md), read as the card is (review53 E:
        # "模型权重的使用请遵循《[Acme 模型许可协议](https://...)》" there leaves the weights' terms as unknown as in README.md)
        for file in evidence.files:
            if is_card_translation(file.name) and file.role == "use-guide" and file.text.strip():
                translated = replace(evidence, card_body=card_characters(split_card(file.text)[1]))
                found += [(name, f"{sentence} ({file.name})", family)
                          for name, sentence, family in unknown_terms_for_the_weights(
                              self.kb, self.matcher, translated, applying, self.license_words)
                          if all(name != known for known, _, _ in found)]
        # terms of its own: a card that declares nothing and says "## License\n\nProprietary" or "TBD" does not take
        # on its bases' licenses in their place (verdict_rules.declares_no_license)
        own = tuple(Remark("own-terms", name) for name, _, family in found if not family)
        if not applying:
            return Reading(self.name, remarks=(*own, *(
                Remark("unsettled", f"the card gives the weights terms licscan does not know, “{name}”: “{sentence}”")
                for name, sentence, family in found[:3] if not family)))
        # a license the card denies the weights leaves them under none, unless its words give them one ("Only the code
        # is under Apache 2.0; the weights are under the Llama 2 license")
        given = any(c.source == "prose" and c.role == "governs" for c in so_far.candidates)
        denied = [] if given else denied_for_the_weights(self.kb, evidence, applying)
        return Reading(self.name, remarks=(*own, *(
            Remark("unsettled", f"the card says the weights are under “{name}”, "
                                f"{'which does not say which license of that family' if family else 'which licscan does not know'}: “{sentence}”")
            for name, sentence, family in found[:3]), *(
            Remark("unsettled", f"the card says {license_id}, which applies, does not cover the weights, and names no license "
                                f"that does: “{sentence}”") for license_id, sentence in denied[:3])))
