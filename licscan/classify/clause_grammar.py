"""The grammar licscan reads a card's clause with, to tell whether a restriction phrase in it restricts the model
(classify.card_words): where a clause ends, the asides set between commas, the words that deny a phrase, that
join two things into one subject, make one thing the head of another, begin an aside or a subordinate clause,
and the verbs that say something of the sentence's subject. Regular expressions, and the clause flattened
without its commas; the phrases themselves are data (rules/card-words/phrases.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..compiled_patterns import compiled as compiled_pattern
from ..lazy_regex import folded, lazy

# Between a statement of intended use and a restriction phrase: words that make the phrase a statement of its own.
OWN_VERB = lazy(r"\b(?:and|but|may|must|shall|can|cannot|should|will|is|are)\b", re.IGNORECASE)
# A clause: a sentence cut where its subject may change. Not at a comma: "Commercial use, however, is
# prohibited" and "For commercial use, please contact us" restrict across one; a comma that does change the
# subject ("The dataset is for research only, the model is MIT") leaves the other subject nearer the restriction.
# (not the colon of an address: "only after registering at https://acme.ai/register and receiving written approval")
_CLAUSE_END = lazy(r"[;；：]|:(?!//)|\b(?:so|therefore|but)\b(?!\s*[,，])|所以|但", first_chars=True)   # not an aside: ", therefore,"
# commas and the discourse words set between commas ("Commercial use, however, is prohibited") say nothing
# of what is restricted; restriction phrases are matched on the clause without them
_ASIDES = lazy(r"[,，]\s*(?:however|though|therefore|of course|in addition|moreover|furthermore|additionally|"
                     r"also|in particular|nevertheless|nonetheless)\s*(?=[,，])|[,，、]", re.IGNORECASE)
# before a restriction phrase: words that deny it ("can be used for commercial purposes, not only for research"), also
# the "not" of the languages whose phrases start at their "only" ("non solo per la ricerca", "não apenas para fins de
# pesquisa", "niet alleen voor onderzoek", "nie tylko do użytku niekomercyjnego", "không chỉ ...", "tidak hanya ...")
DENIED = lazy(r"\b(?:not|non|nao|niet|nie|khong|tidak|bukan) (?:just |merely |simply |only |exclusively )?(?:an? |the )?$",
              re.IGNORECASE)
# Spanish "no solo para investigación sino también ...": its "not" is "no", which before any other phrase is no denial
_SPANISH_NOT = lazy(r"\bno $", re.IGNORECASE)
_SPANISH_ONLY = lazy(r"(?:solo|solamente|unicamente|exclusivamente)\b", re.IGNORECASE)


def denied_before(flat: str, cuts: list[int], start: int) -> bool:
    """Whether the words right before a restriction phrase at ``start`` deny it ("not only for research"), the Spanish
    "no" too when the phrase starts at its "solo" with no comma between ("no solo para investigación"; not "No, solo
    para investigación", which answers no and restricts)."""
    return bool(DENIED.search(flat, 0, start)) or (
        bool(_SPANISH_NOT.search(flat, 0, start)) and bool(_SPANISH_ONLY.match(flat, start)) and start not in cuts)
# A restriction named as a kind of restriction that is said not to apply (review30 FB1): "Neither non-commercial nor
# research-only restrictions apply", "There are no research-only or non-commercial restrictions", "without research-only
# limitations"; not "Research-only restrictions apply", nor "no commercial use" (a phrase of its own)
_NONE_OF_THE_KIND = lazy(r"\b(?:no|neither|nor|without|free (?:of|from))\s+(?:[\w-]+\s+(?:or|nor|and|and/or|&)\s+)?$", re.IGNORECASE)
_A_KIND_OF_RESTRICTION = lazy(r"\s*(?:(?:or|nor|and|and/or|&)\s+[\w-]+\s+)?(?:restrictions?|limitations?|clauses?|conditions|"
                              r"requirements?)\b", re.IGNORECASE)


def denied_as_a_kind(flat: str, start: int, end: int) -> bool:
    """Whether a restriction phrase at flat[start:end] names a kind of restriction that the words before it deny:
    "no" / "neither" / "nor" before it (with one kind joined between), "restrictions" after it (or after one more)."""
    return bool(_NONE_OF_THE_KIND.search(flat, 0, start)) and bool(_A_KIND_OF_RESTRICTION.match(flat, end))


# Advice about safe use, not a license term (acc20): "Its use should be limited to research, development, and exploratory
# applications" (aaditya/OpenBioLLM-Llama3-70B's medical advisory), "We recommend that the model be limited to research".
# Not when the phrase itself says "only": "should be used for research purposes only" stays a ban.
_ADVICE = lazy(r"\b(?:should|ought to|(?:we|i) (?:\w+ )?(?:recommend|advise|suggest|encourage|urge)|(?:is |are )?(?:strongly )?"
               r"(?:recommended|advised|suggested|encouraged|advisable))\b", re.IGNORECASE)
_ONLY = lazy(r"\b(?:only|solely|exclusively|strictly|just|merely)\b", re.IGNORECASE)
# Nor when the clause speaks of the weights or of a license (review20 F2): "Use of the model weights should be limited to
# academic research", "Under this license, use should be limited to research" say the terms, not how to use it safely
_TERMS_SUBJECT = lazy(r"\b(?:weights?|checkpoints?|licen[cs]\w*|terms|agreement|permitted|permission)\b", re.IGNORECASE)


def advice_not_a_term(flat: str, start: int, end: int) -> bool:
    """Whether a restriction phrase at flat[start:end] is said as advice: the last advice word before it ("should",
    "we recommend") with no verb of another statement between ("should be limited to research"), no "only" in the
    phrase itself, and the clause not about the weights or a license. Said in a license or terms section it is a
    term whatever its words (CardWords.restriction's ``in_terms``)."""
    advice = max(_ADVICE.finditer(flat, 0, start), key=lambda m: m.start(), default=None)
    return advice is not None and not OWN_VERB.search(flat, advice.end(), start) and not _ONLY.search(flat, start, end) \
        and not _TERMS_SUBJECT.search(flat)


# A sentence that says why the authors did not choose a license (acc21): "CC BY-NC 4.0 does not permit commercial use, so
# we chose Apache-2.0". Its restriction is the rejected license's: a clause naming a license and not the model, then the
# license chosen instead, one that names no restriction (not "so we chose it", "so we chose CC BY-NC-SA 4.0").
_A_LICENSE = lazy(r"licen[cs]e|\bcc[- ]?by\b|creative commons|\bgpl\b|openrail|\brail\b", re.IGNORECASE)
_CHOSE_ANOTHER = lazy(r"\b(?:so|therefore|hence|thus|which is why|that is why|that's why|instead)\b,? (?:we|i)(?: have| had)? "
                      r"(?:chose|chosen|choose|selected|picked|opted for|went with|decided on|switched to|"
                      r"(?:released?|licensed?) (?:it|the model|this model|the weights) under)\b(?P<chosen>[^.;:]*)", re.IGNORECASE)
_NO_LICENSE_NAMED = lazy(r"\W*(?:(?:it|this|that|them|one|the same(?: \w+)?|(?:the |a |this )?(?:same |other |former )?licen[cs]e)\b\W*)?$",
                         re.IGNORECASE)
# Words that make the rejected license the model's own or its base's ("Its CC BY-NC 4.0 license does not permit ...",
# "The inherited CC BY-NC 4.0 license ...", review26): then the restriction is the model's, whatever was chosen after
_ITS_OWN = lazy(r"\b(?:its|our|their|inherited|this|these|those|that|original|upstream|base|parent|underlying|same|current)\b",
                re.IGNORECASE)
_RESTRICTED_CHOICE = lazy(r"\bnc\b|non[- ]?commercial|research|academic|personal|proprietary|evaluation", re.IGNORECASE)


def why_another_license(sentence: str, clause: str, the_model: re.Pattern[str]) -> bool:
    """Whether a clause that restricts commercial use is a sentence's reason for choosing another license ("CC BY-NC 4.0
    does not permit commercial use, so we chose Apache-2.0"): the clause names a license and not the model (not "The
    model is CC BY-NC 4.0, which does not permit commercial use"), and after it the sentence names the license chosen,
    one with no restriction in its name."""
    at = max(sentence.find(clause), 0)
    chosen = _CHOSE_ANOTHER.search(sentence, at)
    if chosen is None:
        return False
    # the reason: the clause up to the choice ("..., which is why we chose Apache 2.0 for this model" names the model
    # for the license chosen)
    reason = sentence[at:min(chosen.start(), at + len(clause))]
    return bool(_A_LICENSE.search(reason)) and not the_model.search(reason) and not _ITS_OWN.search(reason) \
        and not _NO_LICENSE_NAMED.match(chosen.group("chosen")) and not _RESTRICTED_CHOICE.search(chosen.group("chosen"))


# a permission the words say is not needed
_NO_PERMISSION_NEEDED = lazy(r"(?:\b(?:does|do|did|will)\s+not|n't|\bno)\s+(?:need|require|have\s+to)|\bnot\s+(?:needed|required)"
                                   r"|\bwithout\s+(?:needing|asking)|\b(?:requires?|needs?)\s+no\b"
                                   r"|\bno\s+(?:[\w-]+\s+){0,2}?(?:licen[cs]es?|permission|agreements?|approval)\s+(?:is|are)\s+"
                                   r"(?:required|needed|necessary)", re.IGNORECASE)


def permission_not_needed(flat: str, begin: int, start: int, end: int) -> bool:
    """Whether the words right before a permission phrase say it is not needed ("You don't need to contact us for
    commercial use"), not those of another statement joined to it ("Students do not have to pay and commercial use
    requires a license from us")."""
    said = _NO_PERMISSION_NEEDED.search(flat, begin, end)   # inside the phrase too: "Commercial use does not require ..."
    return said is not None and (said.start() >= start or not re.search(r"\b(?:and|but)\b", flat[said.end():start], re.IGNORECASE))


# after "do not use ... for commercial purposes": a technical precondition, not a license term (also a human's review:
# "Do not use it for commercial decision-making without human review", review53 C)
PRECONDITION = lazy(r"\W*(?:[\w-]+ ){0,3}?without (?:[\w-]+ ){0,4}?(?:evaluat\w*|test\w*|fine-?tun\w*|validat\w*|safety|"
                           r"domain|red[- ]?teaming|(?:human|expert|manual|professional|qualified) (?:[\w-]+ )?(?:review|oversight|"
                           r"supervision|verification|judge?ment|involvement)"
                           # a review by someone ("without review by your own legal team", "... by Medical Doctors", acc57):
                           # whose review it is decides (ASKS_FOR_LEAVE, after YOUR_OWN_PARTY is taken out)
                           r"|review(?:ed)? (?:by|from))\b", re.IGNORECASE)
# the user's own advisers, whose review makes a use safe: no leave of the authors ("without review by your own legal team",
# acc57; "by Acme", "the Acme legal team", "our legal team" still ask for leave)
YOUR_OWN_PARTY = lazy(r"\byour\s+(?:own\s+)?(?:organi[sz]ation['’]s\s+|company['’]s\s+|in-?house\s+)?(?:legal|compliance|"
                      r"review|ethics|safety|risk|domain|medical|clinical)?\s*(?:teams?|counsel|department|advis[eo]rs?|"
                      r"lawyers?|attorneys?|experts?|professionals?|staff|officers?|reviewers?)\b", re.IGNORECASE)
# acc58: a ban whose phrase ends at "commercial" (no noun checked: "never use our checkpoints for commercial ...", "do
# not use it for commercial ...") followed by a misuse ("for commercial spam", "for commercial fraud or scams", "for
# commercial phishing campaigns") bans that misuse, a use policy's ban, not commercial use. A word between may be an
# adjective ("commercial email spam"), never "or"/"and": "for commercial or fraudulent purposes" still bans commercial use.
COMMERCIAL_MISUSE = lazy(r"[- ](?:(?!(?:or|and|nor|and/or)\b)[\w-]+ )?(?:spam\w*|fraud\w*|scam\w*|phishing|deception|deceptive|"
                         r"impersonation|disinformation|misinformation|harassment|astroturfing)\b", re.IGNORECASE)
# ... unless what it asks for is the authors' leave ("without our review and approval", "a paid license")
# (or a named party's review: "without expert review from the Acme legal team", "... by Acme", "... by the authors", review54 3)
_PROFESSIONS = (r"professionals?|staff|experts?|doctors?|physicians?|clinicians?|lawyers?|reviewers?|moderators?|specialists?|"
                r"personnel|officers?|engineers?|humans?|practitioners?")
ASKS_FOR_LEAVE = lazy(r"approv|permission|licen[cs]|agreement|consent|sign-?off|\bour\b|\bus\b|written|prior|paid|\bfee"
                      r"|\blegal\b|\bteams?\b|\b(?:authors?|developers?|maintainers?|publishers?|company|vendor)\b"
                      # a party named by its name ("by Acme"), not a profession ("by Qualified Professionals", "by HR
                      # staff", "by Medical Doctors": a review that makes the use safe, review55)
                      rf"|\b(?:from|by)\s+(?:the\s+)?(?-i:[A-Z])(?!(?:[\w-]*\s+){{0,2}}?(?:{_PROFESSIONS})\b)", re.IGNORECASE)
# whose review a precondition's "review by/from ..." asks for (acc60): the words up to the sentence's end, each party of
# them ("your own legal team and the creators": two) ...
_REVIEWER = lazy(r"\s*(?:by|from)\s+(?P<party>[^.;:!?\n]{1,120})", re.IGNORECASE)
_PARTIES = lazy(r"\s*(?:,|&|/|\band/or\b|\band\b|\bor\b|\bas well as\b|\bplus\b)\s*", re.IGNORECASE)
# ... a profession's ("Medical Doctors", "qualified professionals", "a lawyer", "HR staff", "licensed clinicians")
_PROFESSION_PARTY = lazy(rf"(?:(?:an?|the|any|some|appropriate)\s+)?(?P<words>(?:[\w-]+\s+){{0,3}}?)"
                         rf"(?P<noun>(?:{_PROFESSIONS}|counsel|attorneys?|advis[eo]rs?))", re.IGNORECASE)
_WHOSE = lazy(r"\b(?:our|us|we|their|its|his|her|my|this|that|these|those)\b|['’]", re.IGNORECASE)


def review_asks_for_leave(flat: str, start: int, precondition_end: int) -> bool:
    """Whether a precondition after a ban's phrase (PRECONDITION, matched from ``start`` to ``precondition_end``) asks
    for someone's leave rather than for a review that makes the use safe. A review by or from a party ("without review
    by the creators", "... by the model owner", "... by acme labs", acc60) asks for leave, unless every party is the
    user's own adviser (YOUR_OWN_PARTY: "your own legal team") or a profession ("Medical Doctors", "qualified
    professionals"); "your own legal team and the creators" asks for leave. With no party named, ASKS_FOR_LEAVE decides
    ("without our review and approval")."""
    ends = re.search(r"\b(?:by|from)$", flat[start:precondition_end], re.IGNORECASE)   # "... without review by"
    reviewer = _REVIEWER.match(flat, start + ends.start() if ends else precondition_end)
    if reviewer is None:
        return ASKS_FOR_LEAVE.search(YOUR_OWN_PARTY.sub(" ", flat[start:start + 120])) is not None
    if ASKS_FOR_LEAVE.search(YOUR_OWN_PARTY.sub(" ", flat[start:reviewer.start("party")])):
        return True   # "without prior review by ..."
    return not all(_safe_reviewer(party) for party in _PARTIES.split(reviewer.group("party").strip()) if party)


def _safe_reviewer(party: str) -> bool:
    """Whether a reviewer is the user's own adviser or a profession (no one's name: "Acme engineers" is Acme's)."""
    if YOUR_OWN_PARTY.fullmatch(party):
        return True
    profession = _PROFESSION_PARTY.fullmatch(party)
    if profession is None or _WHOSE.search(party):
        return False
    # only words saying what kind of professional ("qualified", "Medical", "licensed"): any other word may be a party's
    # name or role ("Acme Legal Counsel", "Cohere Counsel", "the licensor engineers", "model developer staff": review58)
    return all(word.lower() in _QUALIFIERS for word in profession.group("words").split())


_QUALIFIERS = frozenset((
    "qualified", "licensed", "certified", "board-certified", "registered", "accredited", "trained", "experienced",
    "competent", "independent", "appropriate", "appropriately", "suitably", "suitable", "relevant", "professional",
    "human", "medical", "clinical", "legal", "financial", "domain", "subject-matter", "subject", "matter", "healthcare",
    "health", "mental", "hr", "it", "security", "safety", "compliance", "ethics", "expert", "external", "outside", "local",
    "practicing", "practising", "in-house", "internal", "senior", "specialist", "specialized", "specialised"))
# words between two things a clause names that join them into one subject ("the model and its outputs")
_FILLER = (r"(?:its|their|the|this|our|all|any|associated|related|training|evaluation|source|pre-?trained|fine-?tuned|"
           r"code|tokenizers?)")
JOINED = lazy(rf"^\W*(?:{_FILLER}\W+){{0,2}}(?:(?:and|or|&|and/or|as well as|plus|together with|along with|with|"
                     rf"incl(?:uding|\.))\W+|/\W*)(?:{_FILLER}\W+){{0,3}}$", re.IGNORECASE)
# words between two things that make the first the head ("outputs of the model", "data generated by it")
OF = lazy(r"^\W*(?:(?:generated|produced|created|made|obtained|distilled)\s+)?(?:of|from|by|with|(?:used|collected|curated)\s+"
                 r"(?:to|for)\s+(?:train|training|fine-?tune|fine-?tuning|pre-?train|evaluate))\W+"
                 r"(?:(?:the|this|our|its|their|a|an)\W+)?$", re.IGNORECASE)
# how a part of a sentence between commas starts when it is an aside about the subject before it ("The model,
# trained on public data, is ..."), not a subject of its own ("..., the data, however, is ...")
ASIDE_START = lazy(r"^(?:which|that|who|whose|like|unlike|including|such as|an?|as|because|since|although|though|"
                          r"while|whereas|given|when|if|with|without|using|in|on|for|from|by|after|via|\w+ed)\b", re.IGNORECASE)
# how a sentence starts when its first part is a subordinate clause, not the main one ("As the data is from
# GPT-4, it is for research use only"): what it names is not the subject of what follows
LEADING_CLAUSE = lazy(r"^(?:as|because|since|although|though|while|whereas|given|if|when|unlike|like|\w+ed)\b",
                             re.IGNORECASE)
# a part that compares with something else ("Unlike Alpaca, which is for research use only, ..."): a restriction
# said in it, or in the relative clause after it, is the other thing's
# Chinese too (review53 A): "与 LLaMA（仅限非商业用途）不同，...", "相比仅供学术研究使用的 ChatGLM-6B，...", "不同于 X，...",
# "区别于 X，...", "和 X 相比，...", "比起 X，..."
OTHER_THING = lazy(r"^(?:(?:unlike|as opposed to|in contrast to|contrary to|compared (?:to|with))\b|(?:相比|相较|比起|不同于|"
                   r"区别于|有别于)|(?:与|和|跟|同)[^，,。；;]{1,80}?(?:不同|相比|相比较|相较|比较|有别|有所不同|区别)(?:的是)?\W*$)",
                   re.IGNORECASE)
RELATIVE = lazy(r"^(?:which|who|whose)\b", re.IGNORECASE)
# a relative clause that says what follows from the whole statement before it ("..., which means it is for
# non-commercial use only"), not something of the thing named last
CONSEQUENCE = lazy(r"^which\s+(?:means|meant|implies|is\s+why|makes|made)\b", re.IGNORECASE)
# a verb that says something of the subject (not a participle that qualifies the thing before it)
_FINITE = (r"(?:is|are|was|were|may|must|shall|should|can|cannot|can't|could|will|would|might|has|have|had|"
           r"(?:is|are|was|were|may|must|shall|should|can|could|will|would|might)n't)")
FIRST_VERB = lazy(rf"\b{_FINITE}\b", re.IGNORECASE)
# the words of a license statement ("... released under X"), whose subject is read as a restriction's is
LICENSED = lazy(r"(?:licen[cs]ed|released|distributed|available|provided|governed)\s+(?:\w+\s+){0,2}?(?:under|by)\b",
                      re.IGNORECASE)
# "... and is / and must not be ...": a second verb of the sentence's subject, whatever the first one's object
AND_BEFORE_VERB = lazy(r"\b(?:and|&)\s+$", re.IGNORECASE)
AND_VERB = lazy(rf"\b(?:and|&)\s+(?:(?:so|also|thus|therefore|hence)\s+)?{_FINITE}\b", re.IGNORECASE)
# between a thing and the one after it: a participle that makes the second qualify the first ("the model trained
# on GPT-4 outputs is ..."); the first is the head when a verb follows both
QUALIFIED_BY = lazy(r"^\W*(?:(?:that|which) (?:was|were|has been|have been) )?(?:trained|fine-?tuned|pre-?trained|"
                           r"built|based|distilled|learned|developed|adapted|tuned|made|derived|created)\s+"
                           r"(?:(?:up)?on|from|with|using|via|by|off)\W+(?:(?:the|this|our|its|their|a|an|some)\W+)?"
                           r"(?:[\w-]+\W+){0,2}$", re.IGNORECASE)
# words between two things that make a compound whose head is the second ("model outputs", "the model's data")
COMPOUND = lazy(r"^(?:['’]s)?[\s-]*(?:generated\s*)?$", re.IGNORECASE)


def flatten(clause: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    """The clause without its commas and the asides between them, words single-spaced; where in it each
    comma was; and where in the clause each of its comma-separated parts is."""
    flat, cuts, spans, at = "", [], [], 0
    for separator in [*_ASIDES.finditer(clause), None]:
        end = separator.start() if separator else len(clause)
        words = " ".join(clause[at:end].split())
        if words:
            if flat:
                flat += " "
                cuts.append(len(flat))
            flat += words
            spans.append((at, end))
        at = separator.end() if separator else at
    return flat, cuts, spans


# A label of up to four words before a colon, starting the sentence: "- Commercial use: Prohibited", "Not permitted:
# commercial use". The label and its value say one thing, though the colon ends a clause. Each word starts with a
# letter or digit and every run is possessive: a Markdown table's alignment row (":-----...- :-----") is no label,
# and as written before (words of dashes, runs that could trade characters) it took seconds to refuse one
_LABEL = lazy(r"^\W*+(?:\w[\w-]*+ ){0,3}\w[\w-]*+[^\w:：]*+[:：][^:：]*+$")


def clauses(sentence: str) -> list[str]:
    """The sentence cut where its subject may change; a label and its value also as one clause, after its parts
    (a restriction said in the value alone, "Intended use: research only", is read as before), and as the
    statement it makes, the label being its value ("Commercial use: Requires written permission from Acme" says
    "Commercial use is requires written permission ...": the phrases of a sentence then read it)."""
    parts = [c.strip() for c in _CLAUSE_END.split(sentence) if c.strip()]
    if len(parts) == 2 and _LABEL.match(sentence):
        label, value = parts
        return [*parts, sentence.strip(), f"{label} is {value}"]
    return parts


def reads_on_from_the_main_subject(flat: str, parts: list[tuple[int, int]], said_in: int,
                                   things: list[tuple[int, int, str]]) -> str | None:
    """The subject of a restriction said in a later part of a sentence that names nothing of its own, when the
    sentence's main subject decides it (review17): a consequence ("This model was trained on the ShareGPT dataset,
    which means it is for non-commercial use only") is of the whole statement, so of its subject; a part with no
    relative pronoun after a sentence that opens with the model ("本模型基于 ShareGPT 数据集训练，仅供非商业用途使用")
    is the model's, when the part has no verb of its own. None when neither applies."""
    if not said_in:
        return None
    part = flat[slice(*parts[said_in])]
    if any(parts[said_in][0] <= at < parts[said_in][1] for at, _, _ in things):
        return None
    if CONSEQUENCE.match(part):
        first = [kind for at, _, kind in things if parts[0][0] <= at < parts[0][1]]
        return first[0] if first else None
    opens = things[0] if things and len(flat[:things[0][0]].split()) <= 1 else None
    if (opens is not None and opens[2] == "model" and not RELATIVE.match(part) and not ASIDE_START.match(part)
            and not FIRST_VERB.match(part.lstrip(" ,;:-"))):
        return "model"   # no verb of its own: "the data, however, is for research purposes only" says it of the data
    return None


def has_a_restriction_word(words: re.Pattern[str], plain: str) -> bool:
    """Whether the clause has one of the restriction words: their alternation of literals matched case-sensitively
    on the clause folded as lazy_regex folds it for re's case-insensitive matching. Case-insensitive, re tries each
    of ~60 words at every position of every clause (3.2 CPU s over the real cards' 425,000 clauses); case-sensitive,
    it skips to the positions where one can start (0.4 s). A pattern with an escape or a class is matched as written."""
    lowered = _lowered(words.pattern)
    return bool(lowered.search(folded(plain)) if lowered is not None else words.search(plain))


@lru_cache(maxsize=4)
def _lowered(pattern: str) -> re.Pattern[str] | None:
    return None if any(c in pattern for c in "\\[") else compiled_pattern(folded(pattern))   # from the regex store
