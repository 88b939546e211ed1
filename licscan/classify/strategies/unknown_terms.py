"""Terms a card's prose names that licscan does not know: "licensed under the Acme Model License" (a name of a license it
has no rule for), "licensed under MIT and the Acme Model Terms" (terms beside a license it knows), "Use is also governed by
the Acme Model Terms" (a sentence that puts the use under more terms). What a name of terms is and what merely refers to the
license already named ("the license in LICENSE", "the base model's license") is decided here; prose.py finds the statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from ...lazy_regex import lazy
from ...normalize import MAX_CLASSIFY_CHARS
from ...rules import KnowledgeBase, LicenseRule
from ..card_words import load_qualifiers
from ..memo import split_remembered
from .card_links import linked_rules
from .denied_licenses import without_denied_licenses
from .prose import (
    HTML_BREAK,
    PROSE,
    SENTENCE_END,
    about_the_weights,
    is_trap_statement,
    license_statements,
    named_in_sentence,
    prose_licenses,
    weights_part,
)

# The words that say a sentence adds to the terms already named ("Use is also governed by ...")
_ALSO = r"\b(?:also|additionally|further(?:more)?|in addition)\b"

# What a license's own name says of itself: a phrase after "licensed under" with one of these words and no
# license licscan knows in it names a license licscan does not know.
_LICENSE_NAME_WORD = lazy(r"\b(?:licen[cs]e|agreement|terms of use)\b", re.IGNORECASE)


def unknown_license_statements(kb: KnowledgeBase, body: str) -> list[str]:
    """The prose's "licensed/released under ..." phrases that name a license (its words say "License",
    "Agreement", "Terms of Use") licscan does not know, as the phrases."""
    out: list[str] = []
    for sentence in split_remembered(SENTENCE_END, HTML_BREAK.sub("\n", body[:MAX_CLASSIFY_CHARS])):
        statements = [part for part in license_statements(sentence) if not is_trap_statement(part)]
        for statement, match in ((s, m) for s in statements for m in PROSE.finditer(without_denied_licenses(s))):
            rest = match.group("rest") or match.group("rest2") or match.group("rest5") or weights_part(match, sentence, kb) or ""
            name = re.split(r"[.;,(\[]", rest, maxsplit=1)[0]
            if _LICENSE_NAME_WORD.search(name) and not prose_licenses(kb, match.group(0)) and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])
    return out


# Where one name of a "licensed under ..." phrase ends and another begins: "under MIT and the Acme Model Terms", "under
# Apache 2.0, the Acme Model License", "under the Llama 3.1 Community License as well as our Terms of Use"
# ("Apache 2.0 + Acme Model License Agreement", review62; not "GPL-2.0+", whose "+" is the license's "or later")
# (not the comma of "Apache License, Version 2.0", review64)
# (not the "and" of "Terms and Conditions", acc77)
# acc79 (review70): "and" in German, Spanish, French, Italian, Portuguese, Dutch, the languages _ALSO_UNDER reads ("der
# Apache-Lizenz 2.0 und den Nutzungsbedingungen von Acme Labs", "à la licence Apache 2.0 et aux conditions d'utilisation
# d'Acme"), not that of "Términos y Condiciones"; and a license another's terms change ("the Apache License 2.0 as modified
# by the Acme Rider in RIDER.md"): two names, the second terms of their own
_JOINED_NAMES = lazy(r"(?<!\bterms)(?<!\bt[eé]rminos)(?<!\btermini)(?<!\btermos)(?<!\bbedingungen)(?<!\bvoorwaarden)"
                     r"\s+(?:and(?:/or)?|&|\+|as well as|plus|together with|along with|in addition to|"
                     r"und|sowie|y|et|e|ed|en|"
                     r"as (?:modified|amended|supplemented|extended|restricted|limited) by)\s+"
                     r"|\s*,(?!\s*(?:version\b|v\d))\s*(?:and\s+)?",
                     re.IGNORECASE, first_chars=True)
# "released under Apache 2.0 with the Acme Commercial Rider" (review62): after "with" only a proper name of terms (capitalised,
# ending in the word for terms) is another name; "with attribution", "with the LICENSE file in this repo" name none
_WITH_TERMS = lazy(r"\s+with\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?(?P<name>(?-i:[A-Z])[\w.'’&-]*(?:\s+[\w.'’&-]+){0,6}?\s+"
                   r"(?:licen[cs]e|agreement|terms|riders?|addend(?:um|a)|supplements?|polic(?:y|ies)|eula)(?:\s+v?\d[\w.]*)?)"
                   r"(?=\s*(?:[.;,:(\[]|$))", re.IGNORECASE)
# "The model is licensed under Apache 2.0. Use is also governed by the Acme Model Terms." (review62): a sentence of its own
# that puts the use under more terms
# acc71 (review64): a sentence that puts the use under terms without "also" does too ("Use is subject to the Acme Model Terms.",
# "Your use must comply with the Acme Model Terms."), unless the use is of something else ("Use of the hosted API is subject
# to ..."); terms licscan knows, or named by a vendor of the license that applies ("Use of this model is governed by the Meta
# license" of Llama 2's cards), are none it does not know (_unknown_terms_name)
_ALSO_UNDER = lazy(rf"(?:{_ALSO}[^.;\n]{{0,40}}?"
                   r"|\b(?:use|usage|using|access|download(?:s|ing)?|nutzung|verwendung|uso|utilisation|made\s+available|available|distributed|"
                   r"released|provided|offered|"
                   # acc76 (review67): the reader as the subject, "You agree to be bound by the Acme Model License Agreement." (a
                   # name with a word of its own: "you agree to be bound by this Agreement" names the license already named), and
                   # the model in French, Spanish, Italian, Portuguese, German ("Le modèle est soumis au Contrat de licence d'Acme.")
                   # acc77 (review68): the user or licensee as the subject ("Users are bound by ...", "Licensee agrees to be bound
                   # by ..."), the model(s) in French, German, Italian, Dutch ("Les modèles sont soumis à ...", "Die Modelle
                   # unterliegen ...", "Het model valt onder ...")
                   r"you|users?|licensees?|mod[eè]les?|modelos?|modell[oi]|modell(?:e|en)?|het\s+model(?:len)?)\b(?P<subject>[^.;\n]{0,60}?)(?:\b(?:is|are|shall|will|must|remains?)\s+(?:also\s+)?(?:be\s+)?)?)"
                   r"\b(?:governed by|subject to|bound by|covered by|comply with|in compliance with|in accordance with|abide by|adhere to|"
                   # acc74 (review65): other verbs that put the use under terms: "is conditioned on acceptance of", "requires
                   # acceptance of", "is restricted by", "means you accept"; German, Spanish, French, Italian, Portuguese "is subject
                   # to" ("Die Nutzung unterliegt den ...", "El uso ... está sujeto a los ...", "... est soumise aux ...")
                   r"conditional (?:on|upon)|conditioned (?:on|upon)(?: (?:your )?(?:acceptance of|accepting|agreement to|agreeing to|"
                   r"compliance with))?|requires? (?:your |the )?(?:acceptance of|accepting|agreement to|agreeing to|compliance with)|"
                   r"(?:restricted|limited|constrained) by|"
                   r"(?:means|implies) (?:that )?(?:you )?(?:accept|agree to)|you (?:accept|agree to)(?: (?:be bound by|abide by|comply with))?|"
                   # (acc77: "You agree to the Acme Terms of Use.", "Licensee agrees to ...", right after the person: not "please
                   # visit the website and accept our License before requesting access" of Llama 2's cards; French "est régi
                   # par", Dutch "valt onder", "is onderworpen aan")
                   r"(?:(?<=\byou )|(?<=\buser )|(?<=\busers )|(?<=\blicensee )|(?<=\blicensees ))(?:accepts?|agrees? to)"
                   r"(?: (?:be bound by|abide by|comply with))?|r[eé]gie?s? par(?: la| le| les| l')?|"
                   r"(?:valt|vallen) onder(?: de| het)?|(?:is|zijn) onderworpen aan(?: de| het)?|"
                   r"unterlieg(?:t|en)(?: (?:den|der|dem|die))?|sujet[oa]s? a(?:l| (?:los|las|la|el))?|soumise?s? (?:[aà]|aux|au)(?: la| les| l')?|"
                   r"soggett[oa] (?:a|al|alla|alle|ai)|sujeit[oa] (?:[aà]|[aà]s|aos|ao))"
                   r"\s+(?P<name>(?:[^.;,(\[\n]|\.(?=\d)|\.(?=(?:md|txt|pdf|rst|html?)\b)|,(?=\s*version\b)){1,120})", re.IGNORECASE,
                   first_chars=True)
# (to the clause's end: "..., and the license files are included"; a version's dot and ", Version 2.0" are the name's, review64,
# and a file name's: "the Agreement in AGREEMENT.md", review65)
# "bound by the terms of the Acme Model License Agreement" (acc76, review67): the terms of a name are the name's ("the terms of
# the Apache License" the Apache License's); not of a description ("the terms of the base model", lower-case)
_TERMS_OF = lazy(r"^\s*(?:the\s+)?(?:terms(?:\s+(?:and|&)\s+conditions)?|conditions)\s+of\s+(?=(?:the\s+)?(?-i:[A-Z]))", re.IGNORECASE)


def _terms_of_a_name(part: str) -> str:
    """The name "the terms of ..." refers to, when what follows is a name of terms ("the terms of the Acme Model License
    Agreement", "the terms and conditions of the Apache License"); else the words whole: "the Terms and Conditions of Acme
    AI" (acc77, review68) are the name, a licensor's, not "Acme AI"."""
    name = _TERMS_OF.sub("", part)
    return name if name == part or _TERMS_NAME.search(name) else part


_UNDER = lazy(r"\bunder\b", re.IGNORECASE)
_UNDER_END = lazy(r"\bunder\s*$", re.IGNORECASE)
_ALSO_WORD = lazy(_ALSO, re.IGNORECASE)
# what a use put under terms may be of besides the model: "Use of the hosted API / the demo / this Space / the data / third-party
# trademarks is subject to"
_USE_OF_ANOTHER_THING = lazy(r"\b(?:demos?|apis?|spaces?|apps?|applications?|websites?|sites?|services?|hub|platforms?|endpoints?|hosted|"
                             r"data|datasets?|outputs?|generations?|code|codebase|software|scripts?|tools?|"
                             # "Any use of third-party trademarks or logos are subject to those third-party's policies." (Microsoft's cards)
                             r"trademarks?|logos?|brands?|third[- ]part(?:y|ies)(?:['’]s)?)\b", re.IGNORECASE)
# What a name of terms says of itself: "License", "Agreement", "Terms of Use", "EULA", or a name ending in "Terms"
# ("the Acme Model Terms"); not a policy ("our Acceptable Use Policy": the conduct it bans, which use_policy_licenses reads
# where licscan knows it; a policy grants no license and takes none of the license's away), not "the same terms"
# A rider, addendum, supplement or a policy of its own ("plus the Acme addendum", "as well as the Acme Research Policy",
# review62) is terms too: what it adds licscan cannot tell; a policy of conduct, privacy or content is not (_HARMLESS_POLICY)
_TERMS_NAME = lazy(r"\b(?:licen[cs]e|agreement|terms (?:of (?:use|service)|and conditions)|eula|riders?|addend(?:um|a)|supplements?|"
                   r"polic(?:y|ies))\b|(?-i:\b[A-Z][\w.-]*\s+Terms\b)"
                   # (acc74: German, Spanish, French, Italian, Portuguese words for a license or terms of use, "Acme-Modellbedingungen",
                   # "los Terminos de Acme", "les Conditions d'utilisation", a card's words read in plain Latin letters)
                   r"|\w*bedingungen\b|\blicen[cz]ia\b|\bt[eé]rmin(?:os|i)\b|\bcondiciones\b|\bcondi[cç][oõ]es\b|"
                   r"\bcondizioni\b|\bconditions\s+(?:d.utilisation|generales)\b|\baccordo\b|\bacuerdo\b|\bcontrato\b|"
                   # (acc75: Portuguese "os Termos da Acme", "a Licença Acme"; French "les Conditions d'Acme", "... de Acme")
                   r"\btermos\b|\blicen[cç]a\b|\bconditions\s+d(?:e\b|['’])"
                   # (acc77, review68: a compound ending in the word, "Acme-Modelllizenz", "Modellicentie"; Italian "Licenza", "Contratto
                   # di Licenza"; Dutch "Licentie", "Voorwaarden")
                   r"|\w*lizenz\w*|\w*licentie\b|\blicenza\b|\bcontratto\b|\w*voorwaarden\b", re.IGNORECASE)
_HARMLESS_POLICY = lazy(r"\b(?:acceptable|responsible|prohibited|permitted)?\s*(?:use|usage|privacy|cookies?|content|conduct)\s+polic(?:y|ies)\b",
                        re.IGNORECASE)

# ... nor the license another model already has ("Apache 2.0, the same license as the base model", "MIT, the license of the
# original repository", "Apache 2.0 and the base model's license": review62): that names no terms of its own
# (whole words: "Acme Model License Agreement" is a name, not "a" description)
_A_DESCRIPTION = lazy(r"\W*(?:(?:an?|another|any|some|other|custom|separate|additional|its own|their own|your own)\b|the same\b|that of\b|"
                      r"(?:the|its) (?:\w+ )?(?:licen[cs]e|terms) (?:of|from|used by|that (?:covers|applies to)) (?:the|its|this)\b|"
                      r"(?:the |its |their )?(?:base|original|upstream|parent|source|underlying|foundation)(?: model| repository| repo)?"
                      r"(?:['’]s?)? (?:\w+ )?(?:licen[cs]e|terms)\b)", re.IGNORECASE)


def unknown_terms_beside(kb: KnowledgeBase, body: str, known: Iterable[LicenseRule | None] = ()) -> list[str]:
    """The prose's "licensed/released under ..." phrases and License lines that name, beside a license licscan knows,
    terms it does not know ("All models are licensed under MIT and the Acme Model Terms.", "License: Apache 2.0, Acme
    Model License Agreement", acc65): the known license is not all the weights are under, and what the other terms say
    licscan cannot tell. As the phrases; one naming only licenses it knows, or linking a license it knows, is none, nor one
    naming terms by the vendor of a ``known`` license ("Use of this model is governed by the Meta license": Llama 2's)."""
    rules = tuple(rule for rule in known if rule is not None)
    out: list[str] = []
    for sentence in split_remembered(SENTENCE_END, HTML_BREAK.sub("\n", body[:MAX_CLASSIFY_CHARS])):
        if not (_JOINED_NAMES.search(sentence) or _WITH_TERMS.search(sentence) or _ALSO_UNDER.search(sentence) or "|" in sentence
                or _UNDER.search(sentence)):
            continue
        statements = [part for part in license_statements(sentence) if not is_trap_statement(part)]
        for statement, match in ((s, m) for s in statements for m in PROSE.finditer(without_denied_licenses(s))):
            rest = match.group("rest") or match.group("rest2") or match.group("rest5") or weights_part(match, sentence, kb) or ""
            first = re.split(r"[.;](?!\d)|[(\[]", rest, maxsplit=1)[0]   # ("Apache License 2.0")
            names = [*_JOINED_NAMES.split(first), *(m.group("name") for m in _WITH_TERMS.finditer(first))]
            if weights_part(match, sentence, kb) is not None and _unknown_terms_name(kb, first, rules) \
                    and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])   # "**Code**: MIT | **Model**: Acme Model License"
                continue
            subject = match.string[:match.start()]
            if len(names) == 1 and match.group("rest") is not None and _UNDER_END.search(match.string, 0, match.start("rest")) \
                    and not (_USE_OF_ANOTHER_THING.search(subject) and not about_the_weights(subject)) \
                    and _unknown_terms_name(kb, names[0], rules) \
                    and _has_a_word_of_its_own(kb, names[0]) and not named_in_sentence(kb, f"License: {names[0]}") \
                    and not linked_rules(kb, sentence, by_text=True):
                # "Distributed by Acme under the Acme Community License." beside `license: apache-2.0` (review65): the weights
                # are said to be under terms of their own, not the license that applies (acc74); not what the code or data is
                # released under ("The code is released under the Acme Code License (the model weights are under Apache 2.0).")
                out.append(statement[match.start():match.end()].strip()[:200])
                continue
            if len(names) < 2 or not named_in_sentence(kb, match.group(0)):
                continue
            if any(_unknown_terms_name(kb, name, rules) for name in names) and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])
        for statement in statements:
            # (the name read on from the statement in its sentence: a statement ends at the comma of "Apache License, Version 2.0")
            at = sentence.find(statement.strip())
            also = _ALSO_UNDER.search(sentence, at) if at >= 0 else _ALSO_UNDER.search(statement)
            if also is not None and also.group("subject") is not None and not _ALSO_WORD.search(also.group(0)) \
                    and _USE_OF_ANOTHER_THING.search(also.group("subject")):
                continue   # "Use of the hosted API is subject to ...": another thing's terms
            if also is None or also.start() >= at + len(statement.strip()) or linked_rules(kb, sentence, by_text=True):
                continue
            if _restricting_brackets(also.string[also.end():]):
                # "Use is subject to the License (non-commercial)." (review65): the license referred to, restricted in brackets
                # beside it (the qualifiers of license-qualifiers.yaml), whatever its name: terms licscan cannot read (acc74)
                out.append(statement.strip()[:200])
                continue
            # without "also" a use put under terms may be under the license already named, in other words ("Use is subject
            # to the license in LICENSE / its license / the terms and conditions of the Apache License", review65): only
            # a name with a word of its own names other terms ("the Acme Model Terms", "the Agreement in AGREEMENT.md")
            said_also = also.group("subject") is None or bool(_ALSO_WORD.search(also.group(0)))
            if any(_unknown_terms_name(kb, name, rules) and (said_also or _has_a_word_of_its_own(kb, name))
                   for name in (_terms_of_a_name(part) for part in _JOINED_NAMES.split(also.group("name")))):
                out.append(statement.strip()[:200])
    return out


# The words a name of the license already named may be said in ("the license at the root of this repository", "its
# license", "the model's license", "the license terms in LICENSE.md", "the license specified in this model card", "the
# conditions of the Apache License 2.0"), besides the words of the names of the licenses licscan knows
_WORDS_OF_A_REFERENCE = frozenset(
    "the a an its their this that these those our your his her model model's models models' weights checkpoint checkpoints "
    "repository repo root of in at on for from to below above here there found specified stated given described included "
    "provided attached set out card file files license licence licenses licences license's agreement agreements terms "
    "conditions condition and or use usage same original base upstream parent accompanying applicable respective "
    "corresponding said such following linked referenced mentioned listed shipped distributed released "
    # (acc74: the same words in German, Spanish, French, Italian, Portuguese: "der Apache-Lizenz 2.0", "la licencia Apache 2.0")
    "der die das den dem des el la las los le les lo il gli del de della di do da dos das este esta este ce cette dieses "
    "diesem modell modelo modele modello lizenz lizenzen licencia licenza licenca licence lizenzbedingungen bedingungen "
    "nutzungsbedingungen terminos termini condiciones condizioni condicoes conditions "
    # (acc75: Portuguese "os termos da licença Apache 2.0")
    "termos licença aos "
    # (acc76: French "les termes de la licence MIT", Portuguese "os termos dessa licença", now that "Le modèle / O modelo" is a
    # subject: a reference's words, and its possessives)
    "termes desta deste dessa desse daquela sua seu suas seus su sus sa son ses leur leurs ihre ihrer seiner "
    # (acc77: Dutch "de Apache-licentie 2.0", Italian "alla licenza", now that "Het model valt onder" and a compound's
    # "-licentie" are read)
    "het van licentie licenties voorwaarden alla al licenze "
    # (acc79: the words around a second name after "und / y / et / e / en" and the words for use, "ai Termini di utilizzo",
    # "aux conditions d'utilisation", "den Nutzungsbedingungen": the terms of use of the license named, unless a word of
    # their own says whose, "... di Acme")
    "ai aux au i y et e ed und en sowie uso utilizzo utilisation utilización utilizacion utilização utilizacao nutzung "
    "verwendung gebruik".split())
# (not words that say of what kind terms are: "the Research Terms", "the Community Agreement" name terms of their own)
_KINDS_OF_TERMS = frozenset("research community non commercial noncommercial public open general use model models data".split())
_LICENSE_FILE = lazy(r"(?:licen[cs]e|copying|notice)(?:[._-][\w.-]*)?", re.IGNORECASE)


# French and Italian articles and prepositions elided before a vowel: "d'utilisation", "l'uso", "dell'Acme"
_ELIDED_ARTICLE = lazy(r"\b(?:d|l|qu|dell|all|dall|nell|sull|un)['’](?=\w)", re.IGNORECASE)


def _has_a_word_of_its_own(kb: KnowledgeBase, name: str) -> bool:
    """Whether a name of terms has a word that is neither one a reference to the license already named is said in nor a
    word of the name of a license licscan knows: "Acme" of "the Acme Model Terms", "AGREEMENT.md"; not "the license at the
    root of this repository" nor "the terms and conditions of the Apache License"."""
    known = _license_name_words(kb)

    def words(text: str) -> list[str]:
        # (a compound's parts each: "Apache-Lizenz" is a known name's word and a word for license, "Acme-Modellbedingungen" has
        # "Acme")
        # (an elided article apart, acc79: "d'utilisation" is "utilisation")
        text = _ELIDED_ARTICLE.sub(" ", text)
        return [part.lower().strip(".'’") for compound in re.findall(r"[^\W\d_][\w.'’-]*", text) for part in _compound_parts(compound)]

    def own(word: str) -> bool:
        return not (word in _WORDS_OF_A_REFERENCE or _LICENSE_FILE.fullmatch(word) or (word in known and word not in _KINDS_OF_TERMS))

    # a name that opens with a license licscan knows goes on with what the clause says of it, or with its licensor: "the
    # Apache License when redistributing Acme-7B", "der Apache-Lizenz 2.0 und darf kommerziell genutzt werden", "la licence
    # MIT d'Acme Labs" (review68); its words after that are no name of other terms ("the license of Acme Corp", which names
    # no known license first, is read whole)
    for tail in _NAME_TAIL.finditer(name):
        head = words(name[:tail.start()])
        if any(word in known and word not in _WORDS_OF_A_REFERENCE and word not in _KINDS_OF_TERMS for word in head):
            return any(own(word) for word in head)
    return any(own(word) for word in words(name))


# Where a name of terms ends and the clause goes on, or its licensor is named (_has_a_word_of_its_own)
# (acc77: "per", "pour", "para", "für", "voor" of "la licenza MIT per uso commerciale", review68)
_NAME_TAIL = lazy(r"\s+(?:when|whenever|if|while|unless|because|and|or|but|which|that|for|to|in|on|with|und|oder|y|o|et|ou|e|ed|"
                  r"per|pour|para|por|f[uü]r|voor|"
                  r"of|de|del|des|du|della|di|da|do|von|der)\b|\s+d['’]", re.IGNORECASE)


_BRACKETS = lazy(r"\s*\(([^()\n]{1,80})\)")


def _restricting_brackets(after: str) -> bool:
    """What follows a name of terms opens with words in brackets that restrict it (a qualifier of a restriction's kind, not one
    that grants: "(non-commercial)", "(research only)"; not "(see LICENSE)", "(commercial use allowed)")."""
    brackets = _BRACKETS.match(after)
    if brackets is None:
        return False
    vocabulary = load_qualifiers()
    words = brackets.group(1)
    return not vocabulary.grants.search(words) and any(kind != "open" and pattern.search(words) for kind, pattern in vocabulary.kinds)


def _compound_parts(word: str) -> list[str]:
    """A hyphenated word's parts, but a file name ("LICENSE-MIT.md") whole: _LICENSE_FILE reads it."""
    return [word] if _LICENSE_FILE.fullmatch(word) or "." in word.strip(".") else [part for part in word.split("-") if part]


# (by the knowledge base itself, as sources/common.py keeps its answers: an id alone may be another one's once it is gone)
_NAME_WORDS: WeakKeyDictionary[KnowledgeBase, frozenset[str]] = WeakKeyDictionary()


def _license_name_words(kb: KnowledgeBase) -> frozenset[str]:
    """The words of the names and aliases of the licenses the knowledge base knows, once per knowledge base."""
    words = _NAME_WORDS.get(kb)
    if words is None:
        words = _NAME_WORDS[kb] = frozenset(word for rule in kb.rules for name in (rule.name, *rule.aliases)
                                            for word in re.findall(r"[a-z0-9]+", name.lower()))
    return words


# Names of what brings no terms of its own (review64): the repository's own license or notice files ("in addition to the
# LICENSE file", "the license notices in each source file", "the Third-Party License notices in NOTICE"), a contributor
# license agreement (the terms of contributing, not of use), a host's terms of service ("the Hugging Face Terms of Service")
_NO_TERMS_OF_ITS_OWN = lazy(r"\blicen[cs]e(?:\.(?:md|txt))?\s+files?\b|^\W*(?:the\s+)?(?-i:LICEN[CS]E|COPYING|NOTICE)\b|\bnotices?\b|"
                            r"\bcontributor\s+licen[cs]e\s+agreements?\b|"
                            r"\b(?:hugging\s?face|github|gitlab|the\s+hub)(?:['’]s)?\s+terms\s+of\s+(?:service|use)\b|"
                            # (review69: "the Terms and Conditions of the Hugging Face Hub", "the Terms of Service of GitHub")
                            r"\bterms(?:\s+and\s+conditions|\s+of\s+(?:service|use))?\s+of\s+(?:the\s+)?(?:hugging\s?face|github|gitlab|hub)\b",
                            re.IGNORECASE)


# The license a sentence already named, referred to again: "Licensed under the MIT License (the "License"); you may not use
# this work except in compliance with the License." (the notice Apache's appendix gives, deutsche-telekom's mt5 card: acc71's
# terms without "also" read "the License" as terms of their own)
_BACK_REFERENCE = lazy(r"\W*(?:the|this|that|these|those|said|such)\s+(?:licen[cs]es?|agreements?|terms)\W*", re.IGNORECASE)


def _unknown_terms_name(kb: KnowledgeBase, name: str, known: tuple[LicenseRule, ...] = ()) -> bool:
    """A name of terms licscan does not know: its words say terms, License, Agreement, a rider or a policy of its own; not a
    description ("A custom commercial license, the Llama 3.1 Community License, is available at"), a policy of conduct
    ("our Acceptable Use Policy": a policy grants no license and takes none of the license's away), nor a name it knows."""
    name = name.strip()
    if not _TERMS_NAME.search(name) or _A_DESCRIPTION.match(name) or _HARMLESS_POLICY.search(name) or _NO_TERMS_OF_ITS_OWN.search(name) \
            or _BACK_REFERENCE.fullmatch(name):
        return False
    bare = re.sub(r"^(?:the|our|its|their|an?)\s+", "", name, flags=re.IGNORECASE).rstrip(" .")
    if named_in_sentence(kb, f"licensed under {name}") or kb.by_name(bare) is not None:
        return False
    # "the Meta Llama 2 license terms" (TheBloke's cards): a known license's terms, each word of the name one of its own
    if any(names_vendor_of(rule, f"under {name}") for rule in known):
        return False   # "the Meta license" beside Llama 2's: that vendor's license (acc71)
    return not any((rule := kb.get(rule_id)) is not None and names_vendor_of(rule, f"under {name}")
                   for rule_id, _ in named_in_sentence(kb, f"License: {name}"))


_GENERIC_NAME_WORDS = frozenset("the a an our this its their model models license licence licensed licenses agreement terms "
                                 "of use community open under by governed released is are".split())


def names_vendor_of(rule: LicenseRule, phrase: str) -> bool:
    """The phrase's license name says nothing but the vendor of ``rule`` ("the Meta license" for Llama 2,
    whose license page is on ai.meta.com): a way of referring to that license, not another one."""
    name = re.split(r"[.;,(\[]", re.split(r"\b(?:under|by)\b", phrase, maxsplit=1)[-1], maxsplit=1)[0]
    distinctive = {word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in _GENERIC_NAME_WORDS}
    known = set(re.findall(r"[a-z0-9]+", " ".join((rule.name, *rule.aliases, *rule.links)).lower()))
    return bool(distinctive) and distinctive <= known
