"""Every word list the matcher reads, one per question it answers.

Tokens are lower-case letters and digits (normalize.tokens): "(c)" is "c", "Inc." is "inc".

Two questions are close and their lists share a core (``_GRANTS_OR_RESTRICTS``) but are kept apart,
because merging them would change answers:

* TERM_WORDS - may these words stand in a copyright line or a replaced name? Any word of a license's
  own sentence disqualifies them, so it adds "license", "used", "without", "purposes", "subject", ...
  which occur in almost every sentence about a license.
* TERMS_OUTSIDE - do words that no license found in the text explains grant, restrict or condition
  something? It adds the wording of commercial terms ("requires a separate agreement", "revenue
  exceeding 700 million") and leaves out the words that merely name a license or its use
  ("Licensed under ...", "used for ..."): those would turn every sentence naming a license into terms
  licscan cannot check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- does a word state terms? ------------------------------------------------------------------

_GRANTS_OR_RESTRICTS = _words(
    "not no non never cannot commercial commercially noncommercial only solely exclusively prohibited forbidden "
    "restricted restriction must shall may revoke revoked fee fees royalty pay payment notwithstanding academic "
    "evaluation permission permitted terms conditions agreement use"
)
# Words that state terms, not names: a copyright line or a "replacement" with one of them changes the license.
TERM_WORDS = _GRANTS_OR_RESTRICTS | _words(
    "nor used using except unless without license licensed licence licensee purpose purposes profit provided "
    "subject recipient"
)
# Words that grant, restrict or condition: one of them among words that no license or policy found in the
# text explains ("This software may not be used for commercial purposes", "Commercial use requires a
# separate agreement" after an MIT text) makes terms licscan cannot check. Naming a license ("Licensed
# under the MIT License") or crediting authors ("This product includes software developed by ...") does not.
TERMS_OUTSIDE = _GRANTS_OR_RESTRICTS | _words(
    "prohibit prohibits restrict restrictions royalties paid subscription requires required require separate "
    "proprietary exclude excludes excluding excluded exceed exceeds exceeding million billion revenue allowed"
)
# The same words in the other languages riders to model licenses are written in (German, French, Spanish,
# Italian, Portuguese): "Die Modellgewichte dürfen nur für nicht-kommerzielle Zwecke verwendet werden"
# after an Apache text restricts as much as its English translation does.
_TERMS_IN_OTHER_LANGUAGES = _words(
    "nicht nur kein keine kommerziell kommerzielle kommerziellen gewerblich gewerbliche gewerblichen verboten "
    "untersagt ausschließlich ausschliesslich genehmigung erlaubt gestattet lizenzgebühr "
    "non uniquement seulement commerciale commerciales commerciaux interdit interdite interdits interdites "
    "exclusivement autorisé autorisée autorisation redevance "
    "no comercial comerciales solo sólo únicamente prohibido prohibida permitido permitida exclusivamente "
    "commerciale commerciali vietato vietata consentito consentita esclusivamente "
    "não apenas somente proibido proibida"
)
# Chinese, Japanese and Korean write a clause as one token: a stem inside it says terms ("不得用于商业目的",
# "商用利用は禁止されています", "상업적 사용 금지").
_TERM_STEMS = ("商业", "商業", "商用", "营利", "営利", "盈利", "禁止", "不得", "不允许", "不允許", "仅供", "仅限", "僅供",
               "僅限", "学术", "學術", "상업", "상용", "금지", "비영리")
# Kana, CJK ideographs (extension A, unified, compatibility): compared by code point, a regular expression
# of these ranges costs ~2 ms to compile on every run.
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _cjk_count(word: str) -> int:
    return sum(1 for c in word if any(first <= ord(c) <= last for first, last in _CJK_RANGES))


def terms_outside(words: Sequence[str]) -> set[str]:
    """The words among ``words`` that grant, restrict or condition, in English or another language."""
    found = set(TERMS_OUTSIDE.intersection(words)) | set(_TERMS_IN_OTHER_LANGUAGES.intersection(words))
    found.update(word for word in words if not word.isascii() and any(stem in word for stem in _TERM_STEMS))
    return found


# A disclaimer of warranty and liability says no terms: the BSD-style paragraph InternLM appends to its Apache-2.0
# LICENSE ("... ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE ... OUT OF THE USE OF
# THIS SOFTWARE ...", review33) holds "no", "not", "shall", "use" and grants, restricts or conditions nothing. Only when
# those are all the words of terms it holds: one more ("commercial", "only", "permission") and it states terms.
_DISCLAIMER_WORDS = _words("warranty warranties merchantability fitness liable liability damages disclaimed disclaims")
_DISCLAIMERS_OWN_TERMS = _words("no not shall use may")
# Every word such a disclaimer is written with (the BSD, MIT and Apache wordings): a word outside them ("THE MODEL WEIGHTS
# SHALL NOT BE USED IN ANY PRODUCT", "You may not use these weights to develop competing models") is a sentence of
# another kind, which may restrict (review34)
_DISCLAIMER_VOCABULARY = _DISCLAIMER_WORDS | _DISCLAIMERS_OWN_TERMS | _words(
    "this the a an software is provided by copyright holders holder and contributors authors as any express or implied "
    "including but limited to of for particular purpose are in event be direct indirect incidental special exemplary "
    "consequential procurement substitute goods services loss data profits business interruption however caused on "
    "theory whether contract strict tort negligence otherwise arising way out even if advised possibility such damage "
    "without kind noninfringement claim other action connection with dealings licensor licensors its it their"
)


def disclaims_only(words: Sequence[str], terms: set[str]) -> bool:
    """Whether words outside a license that hold ``terms`` are a warranty and liability disclaimer and nothing else:
    its words of terms only its own, and every word one such disclaimers are written with."""
    return (terms <= _DISCLAIMERS_OWN_TERMS and len(_DISCLAIMER_WORDS.intersection(words)) >= 3
            and all(word in _DISCLAIMER_VOCABULARY or word.isdigit() for word in words))


def word_count(words: Sequence[str]) -> int:
    """How many words ``words`` hold, a Chinese or Japanese token counting one word per two characters:
    "模型权重仅供学术研究使用" is one token but a clause, not one word."""
    count = 0
    for word in words:
        if word.isascii():
            count += 1
        else:
            count += max(1, (_cjk_count(word) + 1) // 2)
    return count
# Words that only say which license applies, around a license's name: not counted as words outside it.
LICENSE_TALK = _words(
    "licensed license licence licenses under the this is are released distributed available of a an see for and "
    "in version terms file spdx identifier http https www com org txt md html product includes software developed "
    "by at copy obtain"
)


def states_terms(words: Sequence[str]) -> bool:
    """Whether words no license text explains grant, restrict or condition something (two words at
    least, one of them in TERMS_OUTSIDE): "may not be used for commercial purposes"."""
    said = [word for word in words if word not in LICENSE_TALK]
    return word_count(said) >= 2 and bool(terms_outside(said))


# --- copyright lines and holders' names --------------------------------------------------------

# Where a copyright line's holder ends: the notice's own closing words, or the license beginning.
HOLDER_ENDS = _words("all redistribution permission licensed this copyright under see")
# Words of sentences, not of names: in a copyright line they are a clause dressed as a notice.
NOT_IN_NAMES = _words(
    "is are was were be been remain remains need needs will would should can could has have had do does "
    "weights model models customers customer who which that these those if when where excluded exclude "
    "excludes proprietary to paid pay buy sell sold but contact sales seat seats pricing purchase first staff "
    "employees firms companies"
)
# A notice's words besides the holder's name, not counted against a name's length ("Copyright (c) 2024
# Meta Platforms, Inc. and its affiliates. All rights reserved.").
NOTICE_FILLER = _words("c all rights reserved and its affiliates present")
# A notice's words a replaced name may carry beside the holder's ("Acme Inc.", "(c) Acme"). Unlike
# NOTICE_FILLER, company suffixes are here and "and its affiliates" is not: a replacement is a name alone.
NOTICE_WORDS = _words("all rights reserved inc ltd llc copyright c")
# A company's suffixes a copy may add after the reference's holder ("OpenAI Inc." for "OpenAI").
HOLDER_SUFFIXES = _words(
    "ai inc llc ltd limited corp corporation co company gmbh ag sa bv plc labs lab team contributors authors "
    "affiliates foundation technologies group"
)
# Joining words a holder's name may add around its own words ("the Regents of the University").
NAME_GLUE = _words("the of and for a an")
# Left out when comparing a replaced name with the generic names a rule allows ("the copyright holder").
ARTICLES = ("the", "a", "an")

YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d|yyyy)$")


def without_articles(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(word for word in words if word not in ARTICLES)


# --- which differences matter ------------------------------------------------------------------

# Tokens that differ between faithful copies: list markers, (c), single digits of numbering.
NOISE = re.compile(r"^(?:[a-z]|[ivxl]{1,5}|[0-9]{1,2})$")


# --- differences that cannot change terms (benign.py) -------------------------------------------

MONTHS = _words("january february march april may june july august september october november december")
# The words of a date ("the 5th of March, 2024"): months, day and year numbers, ordinal suffixes.
DATE_WORDS = MONTHS | _words("st nd rd th of") | frozenset(f"{n}" for n in range(1, 32)) | frozenset(f"{n:02d}" for n in range(1, 32)) | frozenset(
    str(year) for year in range(1990, 2100))
# The words that say a line is a date line ("Last modified:", "Version Release Date:", "Dated:").
DATE_KEYWORDS = _words("last modified updated revised dated effective date version release")
# A URL's words that name no site or page: a copy may write them otherwise (scheme, "www", domain suffix).
URL_GENERIC = _words("http https www com org net ai io co html htm md txt en us index")
# Words that state terms, never part of a rewritten link ("may", "not", "commercial").
URL_BLOCKED = _words(
    "not no non never cannot may must shall will commercial commercially noncommercial only solely prohibited "
    "restricted fee fees royalty pay payment revoke except unless without"
)
# Articles and determiners: one for another changes no term ("the Agreement", "this Agreement").
DETERMINERS = _words("the a an this that these those")
# Words a copy may drop or add without changing a term; "or", "and", "any", "all", "not", "with" are not
# here: they join, quantify or negate.
FUNCTION_WORDS = DETERMINERS | _words("its of to in on at by for as")
