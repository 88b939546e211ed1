"""Texts that are a reference text word for word (ScanCode's hash matcher, askalono's exact path).

Most license files in model repositories are unaltered copies of a license licscan has a reference
for: their tokens are the reference's tokens. Each reference's token sequence is known by a digest
(computed with the index and kept in its cache file); a text with the same digest is answered with
what ``Matcher.match`` answered the first time it met that sequence (kept in ``copies-<key>.marshal``
beside the index), without aligning anything. The answer is the Matcher's own, so it is the same
whatever the matcher returns for a copy (the runner-up, a use policy or license the copy names); it is
kept under a key over everything the answer depends on beyond the index (the rules' code, the
settings), and a reference that was never met has no entry and is matched as any other text.

What a run learns is written once, when it ends (``save_learnt``: at exit, and by a forked copy before it ends,
pool._keep_what_the_copy_learnt), merged with what the file holds then: a check on two cores learns in two
processes, and each writing its own answers over the other's would lose half of them (and rewriting the file at
each answer learnt cost ~0.1 s of a first check of 1,000 checkpoints).
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import threading
from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path

from ..cache_dir import write_atomically
from ..model import TextMatch
from .settings import SETTINGS

_FORMAT = 1
_FIELDS = tuple(field.name for field in fields(TextMatch))
_TYPES = frozenset({str, float, int, bool, tuple, type(None)})


def token_digest(words: Sequence[str]) -> bytes:
    """A digest of a token sequence (tokens never hold a space, so the joined string is exact)."""
    return hashlib.blake2b(" ".join(words).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def digests_by_length(sequences: Iterable[Sequence[str]]) -> dict[int, frozenset[bytes]]:
    """The digests of the reference token sequences, by their number of tokens: a text of another
    length is no copy of any, and its digest is never computed."""
    found: dict[int, set[bytes]] = {}
    for words in sequences:
        found.setdefault(len(words), set()).add(token_digest(words))
    return {length: frozenset(digests) for length, digests in found.items()}


def answers_key(index_key: str, matcher: str) -> str:
    """The index's key (the references, the matcher's code, normalisation), the matcher's class, and
    what else a match reads: the rules' and the records' code (the restrictiveness of a rule,
    TextMatch) and every setting (the index's key has only the cache format)."""
    from .. import model, rule_file, rules
    from .. import vocabulary as verdicts

    digest = hashlib.sha256(repr((_FORMAT, index_key, matcher, tuple(SETTINGS))).encode())
    for module in (model, rule_file, rules, verdicts):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


class KnownCopies:
    """The answers given to texts that are a reference's tokens, learnt once per cache key and
    matcher class (``matcher``: its qualified name; a subclass that matches otherwise, a benchmark's,
    keeps answers of its own)."""

    def __init__(self, folder: Path, index_key: str, digests: dict[int, frozenset[bytes]], matcher: str):
        self.folder = folder
        self.path = folder / f"copies-{hashlib.sha256(f'{index_key} {matcher}'.encode()).hexdigest()[:32]}.marshal"
        self.index_key = index_key
        self.matcher = matcher
        self.digests = digests
        self._answers: dict[bytes, TextMatch] | None = None
        self._learnt = False   # answers learnt since the last save
        self._key = ""
        self._lock = threading.Lock()

    def digest_of_copy(self, words: Sequence[str]) -> bytes | None:
        """The digest of the words when they are some reference's tokens, else None (cheaply, by length first)."""
        known = self.digests.get(len(words))
        if known is None:
            return None
        digest = token_digest(words)
        return digest if digest in known else None

    def answer(self, digest: bytes) -> TextMatch | None:
        with self._lock:
            return self._loaded().get(digest)

    def learn(self, digest: bytes, match: TextMatch) -> None:
        """Keep the Matcher's answer for this copy, in memory now and on disk when the run ends (save_learnt)."""
        with self._lock:
            answers = self._loaded()
            if digest in answers:
                return
            answers[digest] = match
            self._learnt = True
        _unsaved(self)

    def save(self) -> None:
        """Write the answers learnt in this process with those the file holds now (atomically; a write that fails
        only means they are learnt again)."""
        with self._lock:
            if not self._learnt or self._answers is None:
                return
            self._learnt = False
            merged = {**self._read(), **self._answers}
            rows = {known: tuple(getattr(found, name) for name in _FIELDS) for known, found in merged.items()}
            write_atomically(self.folder, self.path, marshal.dumps((_FORMAT, self._key, rows)))

    def _loaded(self) -> dict[bytes, TextMatch]:
        """The answers on disk, read once (call with the lock held)."""
        if self._answers is None:
            self._key = answers_key(self.index_key, self.matcher)
            self._answers = self._read()
        return self._answers

    def _read(self) -> dict[bytes, TextMatch]:
        """The answers the file holds now; none when it is missing, of another key or damaged."""
        found: dict[bytes, TextMatch] = {}
        try:
            data = marshal.loads(self.path.read_bytes())
            if type(data) is tuple and len(data) == 3 and data[:2] == (_FORMAT, self._key) and type(data[2]) is dict:
                for digest, row in data[2].items():
                    if (type(digest) is bytes and type(row) is tuple and len(row) == len(_FIELDS)
                            and set(map(type, row)) <= _TYPES):
                        found[digest] = TextMatch(*row)
        except (OSError, ValueError, TypeError, EOFError):
            pass
        return found


_UNSAVED: set[KnownCopies] = set()   # the ones that learnt an answer since they were last saved
_UNSAVED_LOCK = threading.Lock()


def _unsaved(copies: KnownCopies) -> None:
    with _UNSAVED_LOCK:
        _UNSAVED.add(copies)


def save_learnt() -> None:
    """Write what every KnownCopies of this process learnt (at exit; a forked copy calls it before it ends)."""
    with _UNSAVED_LOCK:
        pending = list(_UNSAVED)
        _UNSAVED.clear()
    for copies in pending:
        copies.save()


atexit.register(save_learnt)   # (nothing to write: nothing done)
