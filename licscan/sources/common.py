"""What every source shares: which files carry license evidence, and the card's links to them. How a card's front
matter is read is sources/front_matter.py (its public names are imported here too, where they were first)."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote
from weakref import WeakKeyDictionary

from ..lazy_regex import lazy
from ..model import CardMetadata
from ..vocabulary import FileRole
from .front_matter import MAX_FLOW_NESTING as MAX_FLOW_NESTING
from .front_matter import MAX_FRONT_MATTER_CHARS as MAX_FRONT_MATTER_CHARS
from .front_matter import card_metadata as card_metadata
from .front_matter import split_card as split_card

if TYPE_CHECKING:
    from ..rules import KnowledgeBase

# Files whose name says they carry license terms, at any depth of the repository: LICENSE*, LICENCE*,
# COPYING*, COPYRIGHT*, LEGAL (the whole name), USE_POLICY*, NOTICE*, TERMS*, *_TERMS* ("MODEL_TERMS.md", "TERMS_AND_CONDITIONS.md"), EULA*,
# *AGREEMENT*, LICENCIA*, LICENÇA*, LICENZA*, LIZENZ*, an ADDENDUM, RIDER or "additional terms" to a license, files named after a license
# ("MODEL_LICENSE", "Gemma_Terms_of_Use.md", "LICENSE_weights"), the same in Chinese, Japanese and Korean
# ("模型许可协议.md", "利用規約.md", "ライセンス.txt", "라이선스.md"), and every file in a LICENSES/ folder (the
# REUSE layout, where files are named after their license: "LICENSES/Apache-2.0.txt"). "terms" and
# "rider" are whole words (underscores and hyphens separate words in file names): "terminology.md",
# "provider.md" and "spider.md" are ordinary docs. A bare "协议"/"協議" is also "protocol", so only
# the license-agreement words count.
_WORD_START = r"(?:^|(?<=[\W_]))"
_WORD_END = r"(?=$|[\W_])"
_EVIDENCE_NAME = lazy(
    r"(licen[cs]e|copying|us(?:e|age)[ _-]?policy|notice|terms[ _-]of[ _-]use|acceptable[ _-]use|prohibited[ _-]use|"
    r"\bopenrail|\bcc-by|\brail\b|\baup\b|\beula\b|agreement|"
    # the word for license in Spanish and Portuguese (LICENCIA, LICENÇA), Italian (LICENZA), German (LIZENZ)
    r"licen[cs]ia|licen[zç]a|lizenz|"
    # COPYRIGHT and LEGAL files carry a repo's terms as LICENSE does; "legal" only as the whole name
    # (LEGAL, LEGAL.md), as a legal-domain model's "legal_qa_examples.txt" is data
    r"^copyrights?(?![a-z])|^legal(?:\.[a-z]{1,8})?$|"
    # terms under names of their own (review25): TOS.md, CONDITIONS.md (whole names), USAGE_RESTRICTIONS.md; and
    # (review29) CONDITIONS_OF_USE.md, USE_CONDITIONS.md, RESTRICTIONS.md (whole name), MODEL_RESTRICTIONS.md. A bare
    # "conditions" inside a longer name is data or code ("eval_conditions.md", "boundary_conditions.txt")
    r"^tos(?:\.[a-z]{1,8})?$|^conditions(?:\.[a-z]{1,8})?$|^restrictions?(?:\.[a-z]{1,8})?$|"
    + _WORD_START + r"(?:conditions[ _-]of[ _-]us(?:e|age)|us(?:e|age)[ _-]?conditions)" + _WORD_END + "|"
    + _WORD_START + r"(?:us(?:e|age)|model|weights?|commercial)[ _-]?restrictions?" + _WORD_END + "|"
    + _WORD_START + r"(?:terms|rider|addend(?:um|a))" + _WORD_END + "|"
    r"许可|許可|授权|授權|条款|條款|使用协议|使用協議|用户协议|用戶協議|利用規約|使用許諾|規約|ライセンス|라이선스|라이센스|이용약관|약관)",
    re.IGNORECASE,
)
_LICENSE_FOLDER = lazy(r"licen[cs]es?", re.IGNORECASE)
# Code, configuration, data, weights and archives: a file of these types named like a license
# ("license_utils.py", "cc-by-nc-model.safetensors") is not a license document. Any other suffix
# is: text is read, PDF is extracted, anything else is evidence licscan could not read.
NOT_DOCUMENT_SUFFIXES = frozenset(
    ".py .pyc .pyi .ipynb .js .mjs .ts .sh .bat .ps1 .c .h .cc .cpp .hpp .cu .rs .go .java .swift .kt .rb "
    ".json .jsonl .yaml .yml .toml .cfg .ini .conf .xml .csv .tsv .parquet .arrow .feather .avro .sqlite .db "
    ".safetensors .bin .pt .pth .ckpt .gguf .ggml .ggjt .onnx .h5 .hdf5 .keras .msgpack .npz .npy .pkl .pickle "
    ".joblib .model .tflite .mlmodel .mlpackage .pb .pbtxt .engine .plan .trt .tiktoken .vocab .spm .bpe .merges "
    ".lock .metadata .incomplete .tmp .jinja .j2 .zip .tar .gz .tgz .bz2 .xz .7z .zst .rar "
    ".wav .mp3 .flac .ogg .mp4 .webm .mov .avi".split()
)
# "LICENSE.MODEL": a license file whose suffix says what it covers (the model), not its format, though ".model" is also a
# tokenizer's suffix (review37: "LICENSE.MODEL" holding CC BY-NC 4.0 was never read). Every other LICENSE.<word> of that
# kind ("LICENSE.weights", "LICENSE.code", "LICENSE.cc-by-nc") has a suffix no code or data format uses, and is read as it
# was; "LICENSE.lock", "LICENSE.incomplete" (a download in progress) and "license.py" stay what their suffix says.
_SCOPED_LICENSE = lazy(r"(?:licen[cs]e|copying)\.models?", re.IGNORECASE)
_POLICY_NAME = lazy(r"(policy|\baup\b|acceptable|prohibited)", re.IGNORECASE)
# A guide to using the model at the top of the repository, which publishers also make their terms (review24: a USAGE.md
# headed "Terms of Use" limiting the weights to non-commercial research; the name as botswin/BotBrowser's
# RESPONSIBLE_USE.md, "Responsible Use Guidelines" that set required conditions and prohibited activities): its words
# are read for the restrictions they put on the model as the card's are (classify/strategies/card_terms.py), not
# matched as a license text: a guide of safety advice is no unknown license. Deeper in the repository (docs/usage.md)
# such a name is the code's manual.
# DISCLAIMER.md and COMMERCIAL_USE.md too (review25: "The model weights ... may not be used for commercial purposes" in
# either was never read), whose words may restrict or only advise; LEGAL_DISCLAIMER.md, MODEL_DISCLAIMER.md,
# COMMERCIAL_USAGE.md and a disclaimer named in Chinese, Japanese or Korean (免责声明.md, 免責事項.md, 면책조항.md) too
# (review29: the same sentence in each was never read).
_USE_GUIDE_NAME = lazy(r"(?:(?:responsible[ _-]?use|usage)(?:[ _-]?(?:guide|guidelines))?"
                       r"|(?:(?:legal|model|ai|use|usage)[ _-]?)?disclaimers?|commercial[ _-]?us(?:e|age)"
                       r"|免[责責](?:声明|聲明|事項)|면책[ _-]?조항)"
                       r"(?:\.(?:md|markdown|txt|rst))?",
                       re.IGNORECASE)
CARD_NAME = "README.md"
# Top-level config files that name a base model (adapter_config.json in subfolders too: collect.py): which key of each.
LINEAGE_CONFIGS = {"adapter_config.json": "base_model_name_or_path", "config.json": "_name_or_path",
                   # mergekit's record of a merge: every model it merged ("models:", "slices: sources:") and its base_model
                   "mergekit_config.yml": "model", "mergekit_config.yaml": "model",
                   # mergekit-moe's record of a mixture of experts: its base_model and each expert's source_model
                   "mergekit_moe_config.yml": "model", "mergekit_moe_config.yaml": "model",
                   # a diffusers pipeline's index: the pipeline it was saved from (its components' configs: collect.py)
                   "model_index.json": "_name_or_path",
                   # the tokenizer's origin: read only when no config.json records the weights' (collect.py)
                   "tokenizer_config.json": "name_or_path"}


# The answers by name are kept, per knowledge base (a manifest's checkpoints list the same few names, each asked of
# several times as it is listed, planned and read); they depend on the name and on the run's licenses alone.
_OWN_ANSWERS: dict[str, bool] = {}
_ANSWERS: WeakKeyDictionary[KnowledgeBase, dict[str, bool]] = WeakKeyDictionary()
_MAX_ANSWERS = 1 << 14


def is_evidence_name(name: str, kb: KnowledgeBase | None = None) -> bool:
    """A file, at any depth ('weights/LICENSE'), that may carry license terms; never the model card. ``kb``: the
    knowledge base of the run, whose licenses a top-level file may be named after (licscan's own when None)."""
    answers = _OWN_ANSWERS if kb is None else _ANSWERS.setdefault(kb, {})
    found = answers.get(name)
    if found is None:
        if len(answers) >= _MAX_ANSWERS:
            answers.clear()
        found = answers[name] = _is_evidence_name(name, kb)
    return found


def _is_evidence_name(name: str, kb: KnowledgeBase | None) -> bool:
    if name == CARD_NAME:
        return False
    *folders, base = name.split("/")
    if not base or (Path(base).suffix.lower() in NOT_DOCUMENT_SUFFIXES and not _SCOPED_LICENSE.fullmatch(base)):
        return False
    return (bool(_EVIDENCE_NAME.search(base)) or any(_LICENSE_FOLDER.fullmatch(f) for f in folders) or is_use_guide_name(name)
            or (not folders and _named_after_a_license(base, kb)) or _named_as_a_license_document(base))


# A license file under a name of its own (review52 item 4): "LICENSING", "LICENSING.md" (the word as a gerund, which
# "licen[cs]e" does not match), and "legalcode.txt", the name Creative Commons gives a license's text when it is
# downloaded ("weights/legalcode.txt", "docs/cc_by_nc_4.0_legalcode.txt"), at any depth
_LICENSE_DOCUMENT_NAME = lazy(r"licen[cs]ing|legal[ _-]?code", re.IGNORECASE)


def _named_as_a_license_document(base: str) -> bool:
    """A file whose name is a license document's, in words the other rules do not read ("LICENSING.md", "legalcode.txt")."""
    return bool(_LICENSE_DOCUMENT_NAME.search(base))


# Files read for what they hold, whatever their names (review52 item 4: a verbatim CC BY-NC 4.0 as "WEIGHTS.md", "by-nc.txt",
# "legal/weights.txt" beside an MIT LICENSE was never read): a small plain-text file at the top of the repository or in a
# legal/ folder is fetched (at most MAX_FILES_READ_FOR_WHAT_THEY_HOLD per checkpoint: names of weights, a model, terms or a
# license first, then by depth and name; the rest named in a note, acc54) and kept as
# license evidence only when its first characters hold the words of a license (holds_license_words); the classifier keeps it
# only when the matcher finds a license's text in it, whole, in part or altered (classify/strategies/license_files.py): a
# document that names licenses or states terms ("safety.md", a card's subcard) is not read as a license file. A tokenizer's
# vocabulary or a list of requirements is no license: their names are not fetched.
MAX_FILES_READ_FOR_WHAT_THEY_HOLD = 8
MAX_SIZE_READ_FOR_WHAT_IT_HOLDS = 64 * 1024          # a license's text is smaller (CC BY-NC-SA 4.0's legal code: ~20 KB)
_PLAIN_TEXT_SUFFIXES = ("", ".md", ".markdown", ".txt", ".rst")
_LEGAL_FOLDER = lazy(r"legal", re.IGNORECASE)
# (nor is a file its name calls data: "legal_qa_examples.txt", "train.txt", "eval_prompts.md")
_NOT_TERMS_NAME = lazy(r"(?:requirements|vocab|merges|added[ _-]?tokens|special[ _-]?tokens|tokenizer|changelog|changes|history|"
                       r"contributing|contributors|authors|citation|codeowners|modelfile|makefile|dockerfile|procfile)"
                       r"(?:[ _.-].*)?|.*?(?:^|[\W_])(?:examples?|samples?|data(?:set)?s?|train(?:ing)?|test|eval(?:uation)?|"
                       r"val(?:idation)?|prompts?|qa|corpus|labels?)(?:$|[\W_]).*", re.IGNORECASE)
# the first characters of a license's text, which name it or grant (a license's title, "Permission is hereby granted",
# "Attribution-NonCommercial 4.0 International", "Licensor", a copyright line)
_LICENSE_WORDS_HEAD = 2048
_LICENSE_WORDS = lazy(r"\blicen[cs](?:e|ed|es|ing|or|ee)\b|\bsublicens|creative\s+commons|\bpermission\s+is\s+hereby\s+granted|"
                      r"\bterms\s+(?:and\s+conditions|of\s+use)\b|\bcopyright\b|\(c\)\s*\d{4}|©|许可|許可|授权|授權|ライセンス|라이선스",
                      re.IGNORECASE)


def read_for_what_it_holds(name: str, size: int | None, kb: KnowledgeBase | None = None) -> bool:
    """Whether a file not collected by its name is fetched to see whether it holds a license: a small plain-text file
    ("WEIGHTS.md", "by-nc.txt", "TERMS") at the top of the repository or in a legal/ folder ("legal/weights.txt")."""
    if name.lower() == CARD_NAME.lower() or is_evidence_name(name, kb):
        return False
    *folders, base = name.split("/")
    if len(folders) > 1 or (folders and not _LEGAL_FOLDER.fullmatch(folders[0])) or not base or base.startswith("."):
        return False
    suffix = Path(base).suffix.lower()
    if suffix not in _PLAIN_TEXT_SUFFIXES and not (suffix and not suffix[1:].isalpha()):
        return False   # "notes.v2" has a suffix of no format: read; "x.json", "x.py" are not plain text
    return not (_NOT_TERMS_NAME.fullmatch(base) or (size is not None and size > MAX_SIZE_READ_FOR_WHAT_IT_HOLDS))


def holds_license_words(text: str) -> bool:
    """Whether a file read for what it holds has a license's words at its start."""
    return bool(_LICENSE_WORDS.search(text[:_LICENSE_WORDS_HEAD]))


def collected_by_its_name_only(name: str, kb: KnowledgeBase | None = None) -> bool:
    """Whether a file is license evidence only because its top-level name is a license's or a word for terms
    ("RESEARCH.md", "gemma.md", "MRL.md"): such a name is also a document's ("RESEARCH.md" a paper's summary, "gemma.md"
    a prompt format), so the file counts only when its text is a license's or states terms (classify/strategies/
    license_files.py); with no word of a license's in its name it says nothing by that name alone."""
    if "/" in name or name == CARD_NAME or not is_evidence_name(name, kb):
        return False
    return not (_EVIDENCE_NAME.search(name) or is_use_guide_name(name))


# A top-level file named after what it holds, with no word for a license in its name (review46): "RESEARCH_ONLY.md",
# "NONCOMMERCIAL.txt", "RESEARCH.md". Deeper in the repository such a name is a document about the work.
# Only the words of terms: "noncommercial_eval.md", "research_notes.md" are documents about the work (acc46).
_TERMS_STEM = lazy(r"(?:research|non[ _-]?commercial)(?:[ _-]?(?:research|non[ _-]?commercial|use|only|purposes?))*", re.IGNORECASE)
# The suffixes of a document: what a license file's stem is read without ("llama3.1.txt" is "llama3.1"; "llama3.1" has none)
_DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".rst", ".pdf", ".html", ".htm", ".rtf", ".doc", ".docx", ".odt")
# Words of a license's name that do not say which license it is ("Gemma Terms of Use" is "gemma")
_NAME_FILLER = frozenset("license licence licenses licences agreement terms of use the version v".split())
_own_stems: list[frozenset[str]] = []
# a knowledge base -> its stems, for as long as the knowledge base is in use (a run's: licscan's rules and a project's)
_stems: WeakKeyDictionary[KnowledgeBase, frozenset[str]] = WeakKeyDictionary()


def _named_after_a_license(base: str, kb: KnowledgeBase | None = None) -> bool:
    """Whether a top-level file's name, without its document suffix, is a license of the run's knowledge base (licscan's
    rules and a project's own, its policy's rules_dir), as its id, Hub id, alias or name spell it ("MRL.md", "llama3.1.txt",
    "gemma.txt", "SAI-Community.md"), or a word for terms of use ("RESEARCH_ONLY.md"). The Hub is asked for a file by its
    name: the names decide what is fetched, so an ordinary repository's files cost nothing more."""
    stem = next((base[: -len(s)] for s in _DOCUMENT_SUFFIXES if base.lower().endswith(s)), base)
    if _TERMS_STEM.fullmatch(stem):
        return True
    return _squeezed(stem) in _license_stems(kb)


def _squeezed(text: str) -> str:
    """The words of a name, lower-cased, one hyphen between them: "Llama_3.1" and "llama-3.1" are "llama-3-1"."""
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")


def _license_stems(kb: KnowledgeBase | None = None) -> frozenset[str]:
    """The spellings of a knowledge base's licenses (licscan's own when None) a file may be named by, each as _squeezed
    spells it: ids, Hub ids, aliases, names without their filler words ("Gemma Terms of Use": "gemma"), a short name in
    parentheses ("(MRL-0.1)") and the abbreviation of a vendor "X AI" ("Stability AI Community License": "sai-community");
    none shorter than three characters. Built once per process for each knowledge base (a run's: licscan's rules joined by a project's)."""
    if kb is None:
        if not _own_stems:
            # the rules are read once per process (and cached on disk)
            from ..rules import load_knowledge_base

            _own_stems.append(_license_stems(load_knowledge_base()))
        return _own_stems[0]
    found_before = _stems.get(kb)
    if found_before is not None:
        return found_before
    found: set[str] = set()
    ids: set[str] = set()
    families: set[str] = set()
    for rule in kb.rules:
        ids.update(_squeezed(spelling) for spelling in (rule.id, *rule.hub_ids))
        if rule.family:
            families.update({_squeezed(rule.family), _squeezed(rule.family).rsplit("-", 1)[-1]})
        found.update(_squeezed(spelling) for spelling in rule.aliases)
        for name in (rule.name, *re.findall(r"\(([^()\s]*)\)", rule.name)):
            words = [w for w in re.findall(r"[a-z0-9.]+", re.sub(r"\([^()]*\)", " ", name.lower()))
                     if w.strip(".") not in _NAME_FILLER]
            found.add(_squeezed(" ".join(words)))
            if len(words) > 2 and words[1] == "ai":
                found.add(_squeezed(words[0][0] + "ai " + " ".join(words[2:])))
    # a model family's bare name ("sam", "deepseek", "qwen") is also what its docs are called ("sam.md": how to use
    # SAM with this model): a license's name only as a license's id ("gemma", "llama3.1") (acc46)
    stems = frozenset(stem for stem in (found - families) | ids if len(stem) >= 3)
    _stems[kb] = stems
    return stems


def is_use_guide_name(name: str) -> bool:
    """A guide to using the model at the top of the repository (RESPONSIBLE_USE.md, USAGE.md), read for terms; and the
    card in another language or under another name (README_zh.md, MODEL_CARD.md), read as the card's words are."""
    return bool(_USE_GUIDE_NAME.fullmatch(name)) or is_card_translation(name)


# The model card in another language beside README.md, as Chinese, Japanese and Korean publishers keep it (review52:
# README_zh.md, README_CN.md, README_EN.md, README_JA.md, README_zh-CN.md, README.en.md, README-Chinese.md), and a card
# kept under another name (MODEL_CARD.md, ModelCard.md): the same card, whose words may state the terms README.md leaves
# out ("本模型权重仅限学术研究使用，禁止用于任何商业用途"). Read at the top of the repository, as the card is.
# review53 I: also README中文.md, README(中文).md, README_zh-Hant-TW.md, README_Chinese_Simplified.md, 中文说明.md, README_zh.txt
# acc58: also in reStructuredText (README_zh.rst, and README.rst beside README.md: the same card in the other format), and
# a translation kept in docs/ (docs/README_zh.md; not docs/README.md, the documentation's own index).
_CARD_TRANSLATION = lazy(r"(?:(?:docs?/)?(?:readme[ _.-](?:[a-z]{2,3}(?:[ _-][a-z]{2,4}){0,2}|(?:chinese|english|japanese|korean)"
                         r"(?:[ _-](?:simplified|traditional))?)|readme[ _.-]?(?:\(|（)?(?:中文|简体中文|繁體中文|英文|日本語|한국어)(?:\)|）)?"
                         r"|中文(?:说明|說明))|model[ _-]?card(?:[ _.-][a-z]{2,3}(?:[ _-][a-z]{2,4})?)?)"
                         r"\.(?:md|markdown|txt|rst)|readme\.rst", re.IGNORECASE)


def is_card_translation(name: str) -> bool:
    """The card in another language (README_zh.md, README_zh.rst, docs/README_zh.md) or under another name or format
    (MODEL_CARD.md, README.rst), at the top of the repository or, a translation, in docs/."""
    return bool(_CARD_TRANSLATION.fullmatch(name))


# A link in the card whose text says it is the model's terms ("[Model Terms](MODEL_TERMS.md)", "[许可协议](docs/许可.md)"):
# Markdown's [text](target) and HTML's <a href="target">text</a>.
_LINK = lazy(r"\[([^\]\n]{1,200})\]\(\s*<?([^)\s>]{1,500})>?(?:\s+\"[^\"\n]{0,200}\")?\s*\)"
                   r"|<a\s[^>]{0,500}?href=[\"']([^\"']{1,500})[\"'][^>]{0,500}>([^<]{1,200})</a>", re.IGNORECASE)
# "[Conditions of Use](CONDITIONS_OF_USE.md)" and "[Usage restrictions](MODEL_USE.md)" too (review29); a bare "conditions"
# or "restrictions" only as the whole text of the link ("[training conditions](docs/training.md)" is a manual)
_TERMS_WORDS = lazy(r"licen[cs]|terms|agreement|polic(?:y|ies)|addend|rider|eula|许可|許可|授权|授權|协议|協議|条款|條款|"
                          r"規約|ライセンス|라이선스|라이센스|약관|"
                          r"conditions?\s+(?:of\s+)?us(?:e|age)|us(?:e|age)\s+(?:conditions?|restrictions?)|"
                          r"(?:model|weights?|commercial)\s+restrictions?|restrictions?\s+(?:on|of)\s+use|"
                          r"^\s*(?:conditions|restrictions?)\s*$", re.IGNORECASE)
_URL_SCHEME = lazy(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def repository_path(target: str) -> str | None:
    """The path in the repository a link's target names ("LICENSE.md", "./docs/terms.md"), or None for a link
    to another site, an anchor, or outside the repository."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip()
    parts = [part for part in target.split("/") if part not in ("", ".")]
    if not parts or _URL_SCHEME.match(target) or target.startswith("/") or ".." in parts:
        return None
    return "/".join(parts)


def linked_terms_files(body: str, limit: int) -> list[str]:
    """Paths in the repository (at most ``limit``) that the card's links call its license or terms, whatever
    the file is named: "Use of the weights is subject to the [Model Terms](docs/weights.md)". Links to
    other sites, to anchors or outside the repository are not files of the checkpoint."""
    out: list[str] = []
    for link in _LINK.finditer(body):
        text, target = (link.group(1), link.group(2)) if link.group(1) is not None else (link.group(4), link.group(3))
        if not _TERMS_WORDS.search(text):
            continue
        name = repository_path(target)
        if name is None:
            continue
        if name != CARD_NAME and Path(name).suffix.lower() not in NOT_DOCUMENT_SUFFIXES and name not in out:
            out.append(name)
            if len(out) == limit:
                break
    return out


@functools.lru_cache(maxsize=1 << 14)
def role_for(name: str) -> FileRole:
    if name == CARD_NAME:
        return "card"
    base = name.rsplit("/", 1)[-1]
    if _POLICY_NAME.search(base):
        return "use-policy"
    if is_use_guide_name(name) and not _EVIDENCE_NAME.search(base):
        return "use-guide"
    # COPYRIGHT and LEGAL files are read as a NOTICE is: a license text in one applies, words stating terms
    # count, and a credit line ("Copyright 2024 Acme. All rights reserved.") beside a LICENSE is no license
    if re.match(r"notice|copyright|legal", base, re.IGNORECASE):
        return "notice"
    return "license"


def card_license_digest(card: CardMetadata) -> str:
    """A stable hash of what the card declares about its license, for drift detection."""
    fields = [
        "license=" + ",".join(card.licenses),
        "license_name=" + (card.license_name or ""),
        "license_link=" + (card.license_link or ""),
        "base_model=" + ",".join(card.base_models),
    ]
    return hashlib.sha256("\n".join(fields).encode()).hexdigest()
