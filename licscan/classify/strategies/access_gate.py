"""Terms in the card's Hub access gate (``extra_gated_prompt``, ``extra_gated_description``,
``extra_gated_heading``, the questions of ``extra_gated_fields``: "I agree to use this model for
non-commercial use ONLY"), as the source read them (licscan/sources/access_gate.py): what a user must
agree to before downloading restricts use of the model as the card's prose does, so they are read for
restrictions with the same words, quoted as coming from the access gate.

The gate often holds the license itself (Llama's, SDXL 0.9's) or "By agreeing you accept the Llama
license": its restriction sentences are that license's, and agree with it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ...lazy_regex import lazy
from ...model import Evidence, FileFinding
from ...normalize import card_characters, tokens
from ...rules import KnowledgeBase, restrictiveness
from ..candidates import PROSE_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar, strictest
from ..card_words import sentences
from .card_links import LINK as _LINK
from .card_links import words_of_line
from .card_terms import restrictions_reading
from .denied_licenses import without_denied_licenses
from .prose import STATEMENT_END, about_the_weights, is_trap_statement, prose_licenses
from .texts import read_finding
from .unknown_terms import unknown_license_statements


class AccessGateText(EvidenceStrategy):
    """A license text in the access gate (Meta's Llama cards put the whole Llama license in ``extra_gated_prompt``;
    a fine-tune copies it beside `license: apache-2.0`): the terms a user must accept to download the weights are
    those of that license, read as a license text pasted into the card is (matched against the references: whole,
    partial or altered), never dropped for the card's own declaration (review37). With no text, a gate whose heading
    is a license's title ("### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", the head of that text alone) names it:
    AccessGateTerms reads the names a gate gives."""

    name = "card access gate text"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        gate = evidence.card.access_gate
        if not gate.strip():
            return Reading(self.name)
        match = self.matcher.match(card_characters(gate))
        if not match.rule_id:
            return Reading(self.name)
        card = next((f for f in evidence.files if f.role == "card"), None)
        finding = FileFinding(GATE_TEXT, card.sha256 if card else "", "card", match)
        candidates, remarks = read_finding(self.kb, finding, governing=True)
        return Reading(self.name, (finding,), tuple(candidates), tuple(remarks), reads_texts=True)


class AccessGateTerms(EvidenceStrategy):
    name = "card access gate"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        gate = evidence.card.access_gate
        if not gate.strip():
            return Reading(self.name)
        # a link or a written-out URL to a license's own page (a rule's `links`: "you agree to the terms at
        # https://creativecommons.org/licenses/by-nc/4.0/") names that license, as its name would (review38)
        # the gate as written, its links as they are (words_of_line puts a link's words in its place)
        unread = [phrase for sentence in sentences(card_characters(gate)) if len(gate) <= MAX_STATEMENT_GATE_CHARS
                  for phrase in self._unknown_terms_agreed(sentence, {f.name.lower() for f in evidence.files})]
        gate = "\n".join(words_of_line(self.kb, line) for line in card_characters(gate).splitlines())
        gate = _LINK.sub(r"\1", gate)   # "governed by the [Acme Research License](https://...)"
        restrictions = restrictions_reading(self.name, gate, WHERE)
        # A license the gate names for the model, stricter than what applies ("The model weights are released
        # under CC BY-NC 4.0", "you agree to the CC BY-NC 4.0 license"), applies as one the card's words name
        # for the weights does; one licscan does not know leaves the checkpoint unknown.
        applying = so_far.applying()
        limit = strictest(self.kb, applying) if applying else -1   # with nothing else, a license it names applies
        candidates = list(restrictions.candidates)
        remarks = list(restrictions.remarks)
        said = {c.license_id for c in candidates}

        def apply(rule_id: str, basis: str, note: str) -> None:
            rule = self.kb.get(rule_id)
            if rule is None or rule.kind != "license" or rule_id in applying or rule_id in said or restrictiveness(rule) <= limit:
                return
            said.add(rule_id)
            candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"{WHERE} {basis}"))
            remarks.append(Remark("note", f"{WHERE} {note} ({rule_id}), {ACCEPTED}, more restrictive than "
                                          f"{', '.join(applying) or 'nothing declared'}: it applies"))

        # a gate holding a whole license (Llama's) is that license's text, matched as such elsewhere (AccessGateText):
        # its "licensed under" and "you agree" clauses are the license's own, not statements about which license applies
        whole_text = any(f.file == GATE_TEXT for f in so_far.findings)
        statements = len(gate) <= MAX_STATEMENT_GATE_CHARS
        for sentence in sentences(gate) if statements or not whole_text else []:
            agreed = bool(_AGREE.search(sentence))
            if not (about_the_weights(sentence) or agreed):
                continue
            for rule_id, phrase in [*prose_licenses(self.kb, sentence), *_agreed_licenses(self.kb, sentence)] if statements else []:
                apply(rule_id, f"says “{phrase}”", f"says “{phrase}”")
            if agreed and not whole_text:
                # "To access Gemma on Hugging Face, you're required to review and agree to Google's usage license", "Access
                # to this model is subject to the Llama 3.1 Community License": a license named in what the user agrees to,
                # not one a statement of the sentence denies, compares the model with or gives a dataset (review38)
                for rule_id in self.matcher.named_licenses(tokens(_agreed_words(sentence))):
                    apply(rule_id, f"names {self._name(rule_id)} in “{sentence.strip()[:160]}”",
                          f"names {self._name(rule_id)} in what a user agrees to")
            for phrase in unknown_license_statements(self.kb, sentence) if statements else []:
                remarks.append(Remark("unsettled", f"{WHERE} names a license licscan does not know: “{phrase}”"))
        # A gate line that is a license's title (Meta's gates begin "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"; the
        # heading alone, review37): the terms a user accepts to download the weights. A license named elsewhere in the
        # gate, in a sentence that is no agreement ("We thank the Llama 3 team", "This model is NOT under CC BY-NC
        # 4.0", "Our model outperforms Gemma 2"), is not what applies (review38).
        if not whole_text:
            for line in gate.splitlines():
                rule = self.kb.by_name(_TITLE_MARKS.sub("", line)) if line.strip() else None
                if rule is not None:
                    apply(rule.id, f"is headed “{line.strip()[:120]}”", f"is headed by the title of {rule.name}")
        known = {r.message for r in remarks}
        remarks += [Remark("unsettled", message) for phrase in unread
                    if (message := f"{WHERE} has the user accept terms licscan does not know: “{phrase}”") not in known]
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

    def _unknown_terms_agreed(self, sentence: str, present: Collection[str] = ()) -> list[str]:
        """What a gate sentence has the user agree to, accept or be bound by that names no license licscan knows and
        that it did not read (review52): a license by a name of its own ("You must accept the Acme Research License to
        access this model"), or terms behind a link to another site ("By requesting access you accept the [Acme Research
        License](https://...)", "Access requires agreeing to our [model terms](https://...)"). Not a link to a license's
        own page or whose words name a known license, a link into the Hub (a repository's LICENSE is read or judged as a
        license_link is), nor one to a form, a website or a privacy policy ("Please visit the [Meta website](...) and accept
        our license terms"); not a clause that denies or sets the terms apart ("you do not need to accept ...").
        A link into the repository itself ("accept the [Acme Model License](LICENSE_WEIGHTS.md)") to a file the source did
        not read (``present``: the names of the files read) is terms unread too (acc54, review53); one to a file read
        ("[Acme Model License](LICENSE)") is judged as that file is."""
        if not _AGREE.search(sentence) or is_trap_statement(sentence):
            return []
        found = []
        clauses = _gate_clauses(sentence)

        def held_to(at: int) -> bool:
            begin, _, continues = next((c for c in reversed(clauses) if c[0] <= at), (0, "", False))
            return not continues and not _not_held_to(sentence[begin:at])

        for link in _LINK.finditer(sentence):
            words, url = link.group(1), link.group(2)
            # a site written without its scheme ("www.acme.com/terms", "acme.com/license") is another site's page, not a
            # file of the repository (acc58): read as its https:// address is
            off_site = f"https://{url}" if _HOST_WITHOUT_SCHEME.match(url) else url
            if (_TERMS_WORDS.search(words) and not _NOT_TERMS.search(words) and _OFF_THE_HUB.match(off_site)
                    and self.kb.by_link(off_site) is None and not self._names_a_license(words) and held_to(link.start())):
                found.append(f"{words} ({url}" + (", terms on another site)" if off_site != url else ")"))
            elif (_TERMS_WORDS.search(words) and not _NOT_TERMS.search(words) and off_site == url
                    and (in_repo := _IN_THE_REPO.match(url))
                    and in_repo.group(1).lower() not in present and held_to(link.start())):
                found.append(f"{words} ({url}, a file of the repository licscan did not read)")
        linked = [text for text, _ in _LINK.findall(sentence)]
        for match in _AGREED.finditer(_LINK.sub(r"\1", sentence)):
            name = match.group("name")
            # a link's words are judged by where it leads (above): "you agree to the [FluxDev Non-Commercial License
            # Agreement](https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md)"
            if any(name.strip() in text or text in name for text in linked):
                continue
            # an owner's name says whose terms, not which ("agree to Google's usage license" on Gemma's gate)
            distinctive = [w for w in re.findall(r"[a-z0-9]+(?:['’]s\b)?", name.lower())
                           if w not in _GENERIC_TERMS_WORDS and not re.search(r"['’]s$", w)]
            if distinctive and not self._names_a_license(name) and not self._names_a_license(f"{name} license") \
                    and held_to(match.start()) and not any(name in phrase for phrase in found):
                found.append(f"{name.strip()} License")
        return found

    def _names_a_license(self, words: str) -> bool:
        rule = self.kb.by_name(words.strip())
        return (rule is not None and rule.kind == "license") or bool(self.matcher.named_licenses(tokens(words)))

    def _name(self, rule_id: str) -> str:
        rule = self.kb.get(rule_id)
        return rule.name if rule is not None else rule_id


ACCEPTED = "the terms a user accepts to download the weights"
# Markdown around a title line: "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "**Gemma Terms of Use**:"
_TITLE_MARKS = lazy(r"^[\s#>*_]+|[\s*_:]+$")
# A clause that names another model or license to set it apart from this one, or denies it: "Unlike Llama 2, ...",
# "Compared to Gemma, ...", "We thank the Llama 3 team", "Our model outperforms Gemma 2", "This model is NOT under CC
# BY-NC 4.0", "this model was not derived from Gemma": its names are not what the user agrees to. acc43: thanks said as
# an acknowledgement of people or their work, whatever follows ("We acknowledge the Llama 3 team for the Llama 3
# license"), is no licence the user acknowledges ("Please acknowledge the CC BY-NC 4.0 license" is one)
# A comparison: what it compares this model with is set apart ("Unlike Gemma, ...")
_COMPARISON = r"unlike|compared\s+(?:to|with)|in\s+contrast\s+to|as\s+opposed\s+to|rather\s+than|instead\s+of"
_SET_APART = (rf"{_COMPARISON}|than|"
              r"thank(?:s|ed|ing)?|grateful|gratitude|"
              r"we\s+(?:would\s+like\s+to\s+|wish\s+to\s+|want\s+to\s+|also\s+|gratefully\s+|sincerely\s+)*acknowledge"
              r"(?!\s+that\b)(?=\s+[^;,.\n]{0,60}?\bfor\b)|"
              r"acknowledg\w*\s+(?:the\s+|our\s+)?(?:[\w.-]+\s+){0,4}?(?:team|teams|authors?|creators?|developers?|contributors?|"
              r"researchers?|maintainers?|community|work|efforts?|contributions?)"
              # not a license's name that holds such a word: "you acknowledge the Llama 3 Community License Agreement" (review50)
              r"(?!\s+(?:licen[cs]e|agreement|terms|(?:acceptable\s+)?use\s+policy)\b)|"
              r"acknowledg\w*(?!\s+that\b)(?!\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?[^;,\n]{0,80}?\blicen[cs]e\b)|"
              r"outperform(?:s|ed|ing)?|beat(?:s|ing)?")
# acc45 (review47): "We acknowledge that you must accept ..." / "We acknowledge that this model is subject to ..." is no
# thanks: only "we acknowledge/thank the X team/authors" or "... for" is
# (and a negation: "not subject to", "are not bound by", "no need to accept", "does not require agreeing to")
_NEGATION = r"not|never|no\s+need|no\s+longer|needn['’]t"
_NEGATED = rf"(?:\b(?:{_NEGATION})\b|n['’]t\b)"   # a negation, "don't" and "isn't" too
_OTHER_SUBJECT = lazy(rf"\b(?:{_SET_APART}|{_NEGATION})\b|n['’]t\b", re.IGNORECASE)
# A negation the agreement then makes a condition of use: "You may not use this model without accepting ...", "may not
# access it unless you agree to ...": the user is held to it all the same
_NEGATED_THEN_REQUIRED = lazy(rf"{_NEGATED}(?:(?!{_NEGATED}).)*?"
                              r"\b(?:without|unless|until|before|except\s+(?:by|under)|other\s+than\s+(?:by|under)|only\s+(?:if|when|after))\b",
                              re.IGNORECASE | re.DOTALL)
# Also where "and"/"but" starts another undertaking: "You agree not to share your access and to abide by the CC BY-NC
# 4.0 license" denies the sharing, not the license (review43)
_CLAUSE_END = lazy(r"[,;:()]|\s[-–—]\s|\s(?:and|but)\s+(?=(?:to|you|will|must|shall|agree|comply|abide|accept)\b)", re.IGNORECASE)
# What opens a clause that says more of the other thing a clause before it set apart: a relative ("Unlike Gemma models,
# which are subject to the Gemma Terms of Use, ...", "Unlike Gemma — which requires ... —"); so does a bracket ("Unlike
# Gemma (subject to the Gemma Terms of Use), you ..."). Not a participle after a comma: "Unlike Llama 2, subject to the
# CC BY-NC 4.0 license." may say it of this model
_OF_THE_THING_BEFORE = lazy(r"\s*(?:which|who|whose)\b", re.IGNORECASE)
# acc45 (review47): only a comparison carries over to such a clause; thanks do not set apart the thing thanked for's terms
# ("Thank you for your interest in this model, which is subject to the Gemma Terms of Use"), and a base model's terms
# named in a comparison still say the base's terms, which a fine-tune of it stays under ("Compared to the base model,
# which you accepted under the Gemma Terms of Use, ...")
_COMPARES = lazy(rf"\b(?:{_COMPARISON})\b", re.IGNORECASE)
_A_BASE = lazy(r"\b(?:base|parent|upstream|foundation)\b|\boriginal\s+(?:model|checkpoint|weights)\b", re.IGNORECASE)
# "not only ... but also", "not just by ...": no negation (acc45)
_NOT_ONLY = lazy(r"\bnot\s+(?:only|just|merely|simply|solely)\b", re.IGNORECASE)
# A negation then a negated condition: "You will not be able to access the model if you don't accept ...", "Access is not
# granted to anyone who has not agreed to ...": the user is held to it (acc45)
_NEGATED_IF_NOT = lazy(rf"{_NEGATED}(?:(?!{_NEGATED})[^,;:])*?"
                       rf"\b(?:if|unless|who|whoever|those|anyone|anybody|users?)\b[^,;:]*?{_NEGATED}",
                       re.IGNORECASE)


# A negation that makes the agreement a condition: "If you do not accept the CC BY-NC 4.0 license, ...", "Users who do
# not agree to ... may not download", "Unless you agree to ..."
_CONDITIONAL_NEGATION = lazy(rf"\b(?:if|unless|who|whoever|those|anyone|should\s+you)\b[^,;:]*?{_NEGATED}",
                             re.IGNORECASE)


def _not_held_to(words: str) -> bool:
    """Whether the words of a gate clause name what they name to set it apart or deny it (``_OTHER_SUBJECT``), not as
    what the user is held to; a negation that the agreement then makes a condition ("may not use this model without
    accepting ...", "If you do not accept ..., you may not download") holds the user to it."""
    words = _NEGATED_IF_NOT.sub(" ", _NOT_ONLY.sub(" ", words))
    return bool(_OTHER_SUBJECT.search(_NEGATED_THEN_REQUIRED.sub(" ", _CONDITIONAL_NEGATION.sub(" ", words))))


def _gate_clauses(read: str) -> list[tuple[int, str, bool]]:
    """The clauses of a gate statement (its words with denied licenses blanked) as (where it starts, the clause, whether
    it says more of a thing a clause before it set apart: "Unlike Gemma models, which are subject to the Gemma Terms of
    Use, this model ...", "Unlike Gemma (subject to ...)": acc43)."""
    out: list[tuple[int, str, bool]] = []
    after_other, at = False, 0
    for end in [*_CLAUSE_END.finditer(read), None]:
        clause = read[at:end.start() if end else len(read)]
        separator = read[at - 1:at] if at else ""
        if clause.strip():
            continues = after_other and (_OF_THE_THING_BEFORE.match(clause) is not None or separator == "(")
            out.append((at, clause, continues))
            after_other = continues or bool(_COMPARES.search(clause) and not _A_BASE.search(clause))
        at = end.end() if end else len(read)
    return out


def _agreed_words(sentence: str) -> str:
    """The words of a gate sentence that may name what the user agrees to: each statement of it without those a
    dataset's or the outputs' license gives (a trap), the licenses it denies blanked ("NOT under CC BY-NC 4.0"), and
    a clause that sets another model or license apart ("Unlike Llama 2, ...") left out."""
    kept = []
    for statement in STATEMENT_END.split(sentence):
        if not statement or is_trap_statement(statement):
            continue
        kept += [clause for _, clause, continues in _gate_clauses(without_denied_licenses(statement))
                 if not continues and not _not_held_to(clause)]
    return " ".join(kept)


# Words of a link that say it leads to terms (review52: "[model terms](https://...)", "[Acme Research License](...)"),
# not a privacy policy, a form or a website
_TERMS_WORDS = lazy(r"\b(?:licen[cs]es?|terms|agreements?|conditions|eula)\b", re.IGNORECASE)
_NOT_TERMS = lazy(r"\b(?:privacy|cookies?|data protection|forms?|website|contact)\b", re.IGNORECASE)
# An address off the Hub (the Hub's files are read or judged as a license_link is)
# A link's target that is a file of the repository itself, relative to the card ("LICENSE_WEIGHTS.md", "./MODEL_LICENSE.md"):
# not an address, a page's anchor, an absolute path or one out of the repository; group 1 is the file's path
_IN_THE_REPO = lazy(r"^(?:\./)*(?![a-z][\w+.-]*:|[#/?]|\.\./)([^\s#?]+?)(?:[#?]\S*)?$", re.IGNORECASE)
# A link's target that starts with a host name, not a file's: "www." or a name ending in a common top-level domain
# ("acme.com/license", "acme.ai"); a file's extension (".md", ".txt", ".pdf", ".html") is none of them
_HOST_WITHOUT_SCHEME = lazy(r"^(?:www\.[\w-]+|[a-z0-9](?:[\w-]*[a-z0-9])?(?:\.[a-z0-9](?:[\w-]*[a-z0-9])?)*\.(?:com|org|net|ai|io|co|dev|"
                            r"app|info|edu|gov|tech|cn|uk|de|fr|jp|kr|us|eu|me|xyz|site|cloud))(?:[/?#:]|$)", re.IGNORECASE)
_OFF_THE_HUB = lazy(r"^https?://(?!(?:www\.)?(?:huggingface\.co|hf\.co)(?:/|$))[^\s/]+\.[^\s/]+", re.IGNORECASE)
# Words of a license's name that name none ("you agree to the license", "accept the terms of this model license")
_GENERIC_TERMS_WORDS = frozenset("the a an our this its their these that model models license licence licenses terms of use "
                                 "and conditions agreement following above below same applicable respective relevant "
                                 "corresponding original base repository repo weights checkpoint all any full usage user users".split())
WHERE = "the card's access gate (extra_gated_* fields)"
# The name a license text found in the access gate is reported under (a part of README.md's front matter)
GATE_TEXT = "README.md access gate (extra_gated_prompt)"
MAX_STATEMENT_GATE_CHARS = 2_000
# What the user is held to: agreeing, accepting, being bound by or subject to; acknowledging, complying with or following a
# license ("Please acknowledge the CC BY-NC 4.0 license to access this model", "Users must comply with ..."), a line
# that labels it ("License: CC BY-NC 4.0") (review40). "We acknowledge the Llama 3 team" names no license it is held to
_AGREE = lazy(r"\bagree|\baccept|\bconsent|\bbound by|\bsubject to|\bcomply(?:ing)?\s+with\b|\babid(?:e|ing)\s+by\b"
              r"|\b(?:must|shall|should|required\s+to|agree\s+to)\s+(?:follow|observe|respect|adhere\s+to)\b"
              r"|\backnowledg\w*\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?[^;,\n]{0,80}?\blicen[cs]e\b"
              r"|^[\s#>*_-]*(?:model\s+)?licen[cs]e[\s*_]*[:：]", re.IGNORECASE)
# "you agree to the CC BY-NC 4.0 license", "you accept the terms of the CC BY-NC 4.0 license", "requires accepting the
# Creative Commons Attribution-NonCommercial 4.0 International license": the words between the verb (the) and "license"
_AGREED = lazy(r"\b(?:(?:agree(?:s|d|ing)?|consent(?:s|ed|ing)?)\s+to|accept(?:s|ed|ing)?(?:\s+to)?|bound\s+by)\s+(?:the\s+)?"
               r"(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?(?P<name>[^;,\n]{2,80}?)\s+licen[cs]e\b",
               re.IGNORECASE)


def _agreed_licenses(kb: KnowledgeBase, sentence: str) -> list[tuple[str, str]]:
    """(rule id, the words) for each license a gate sentence has the user agree to, accept or be bound by ("you agree to
    the CC BY-NC 4.0 license"); not when the words of its clause before the verb deny it or set it apart ("You do not
    need to accept the Llama 3 Community License", "No need to agree to ...", "Unlike Llama 2, which requires accepting
    the Llama 2 license, ...": acc43)."""
    found = []
    clauses = _gate_clauses(sentence)
    for match in _AGREED.finditer(sentence):
        # the clause it is said in, up to the verb: a negation after it ("you agree to the CC BY-NC 4.0 license and not
        # to redistribute it") denies something else
        begin, _, continues = next((c for c in reversed(clauses) if c[0] <= match.start()), (0, "", False))
        if continues or _not_held_to(sentence[begin:match.start()]):
            continue
        rule = kb.by_name(match.group("name")) or kb.by_name(match.group("name") + " license")
        if rule is not None and rule.kind == "license":
            found.append((rule.id, match.group(0)))
    return found
