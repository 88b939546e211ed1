"""The exact-copy path (licscan/matcher/copies.py): a text whose tokens are a reference's tokens is
answered with what Matcher.match answered the first time, without aligning; every answer it gives must
be the one the matcher gives when it aligns the text (id, status, score, runner-up, differences, use
policies, every field of the TextMatch).

One xdist group: the module's tests share the corpus and the aligned answers (module fixtures)."""

from __future__ import annotations

import marshal

import pytest

from fixtures.variants import tolerance_variants, variants
from licscan.matcher import Matcher
from licscan.matcher.copies import save_learnt, token_digest
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base

pytestmark = pytest.mark.xdist_group("matcher-copies")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def aligning(kb):
    """The matcher without the exact-copy path (no cache folder: every text is aligned)."""
    matcher = Matcher(kb, cache=False, memo=False)
    assert matcher._copies is None
    return matcher


@pytest.fixture(scope="module")
def corpus(kb):
    """The variant corpus and issue 14's edited texts (fixtures/variants.py), made once for the module's
    tests (~7 s each time)."""
    return variants(kb), tolerance_variants(kb)


@pytest.fixture(scope="module")
def aligned(aligning):
    """``aligned(text)``: ``aligning.match(text)``, aligned once per text for the module's tests (the
    expected answers; the aligning matcher has no memo of its own, and both tests below need the answers
    of some of the same texts)."""
    answers: dict[str, object] = {}

    def answer(text: str):
        if text not in answers:
            answers[text] = aligning.match(text)
        return answers[text]

    return answer


def _copies_of_references(kb, matcher, corpus) -> list[str]:
    """Every reference text, each reference's own words (a text that carries a use policy is matched
    without it), and the variants of the corpus, for those that read as one reference's tokens."""
    corpus_variants, edited = corpus
    texts = [kb.text_path(name).read_text(encoding="utf-8") for rule in kb.rules for name in rule.texts]
    texts += [" ".join(ref.tokens) for ref in matcher.references]
    texts += [v.text for v in corpus_variants if v.expected_status == "exact"]
    texts += [v.text for v in edited if v.kind.startswith("benign:")]
    return texts


def test_every_copy_of_a_reference_is_answered_as_the_matcher_answers_it(kb, aligning, aligned, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path))
    learning = Matcher(kb, memo=False)   # learns each copy's answer and writes it to the cache folder
    assert learning._copies is not None
    copies = [text for text in _copies_of_references(kb, aligning, corpus) if learning._copies.digest_of_copy(tokens(text)) is not None]
    references = {token_digest(ref.tokens) for ref in aligning.references}
    seen = {token_digest(tokens(text)) for text in copies}
    assert seen == references   # every reference's own text at least, and nothing that is not one
    assert len(copies) > 2 * len(references)   # rewrapped, Markdown, CRLF ... variants too
    expected = {text: aligned(text) for text in copies}
    for text in copies:
        assert learning.match(text) == expected[text], text[:80]
    # written when the process ends (save_learnt); a new matcher (another process) answers from the file, and the same
    assert not learning._copies.path.exists()
    save_learnt()
    again = Matcher(kb, memo=False)
    assert again._copies is not None and all(again._copies.answer(digest) is not None for digest in references)
    for text in copies:
        assert again.match(text) == expected[text]


def test_a_text_that_is_no_reference_word_for_word_is_aligned(kb, tmp_path, monkeypatch):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path))
    matcher = Matcher(kb, memo=False)
    text = (kb.texts_dir / "mit.txt").read_text(encoding="utf-8")
    assert matcher._copies is not None and matcher._copies.digest_of_copy(tokens(text)) is not None
    for other in (text.replace("Permission", "No permission", 1), "Copyright (c) 2024 ACME\n" + text, text + "\nThank you.\n"):
        assert matcher._copies.digest_of_copy(tokens(other)) is None


def test_answers_of_another_key_or_damaged_are_not_read(kb, aligning, tmp_path, monkeypatch):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path))
    text = (kb.texts_dir / "apache-2.0.txt").read_text(encoding="utf-8")
    expected = aligning.match(text)
    first = Matcher(kb, memo=False)
    assert first.match(text) == expected
    assert first._copies is not None
    save_learnt()
    path = first._copies.path
    version, key, rows = marshal.loads(path.read_bytes())
    digest = token_digest(tokens(text))
    wrong = ("mit", "exact", 1.0, None, 0.0, (), (), (), (), "", False, ())
    for damaged in (marshal.dumps((version, "another key", {digest: wrong})), b"\x00not marshal",
                    marshal.dumps((version, key, {digest: wrong[:3]}))):
        path.write_bytes(damaged)
        matcher = Matcher(kb, memo=False)
        assert matcher.match(text) == expected
    path.write_bytes(marshal.dumps((version, key, {digest: wrong})))   # the key is what makes an answer current
    assert Matcher(kb, memo=False).match(text).rule_id == "mit"


def test_exact_copy_answers_as_match_when_it_counts_words_before_aligning(kb, aligning, aligned, corpus):
    """Matcher.exact_copy (the license catalog asks it of a text licscan read as a modified copy) first
    counts the words no change may remove (alignment.words_never_forgiven) and aligns nothing when every
    reference lacks one: on issue 14's benign edits (exact copies with changed URLs, dates, copyright
    lines, articles: words missing that compare() forgives), material edits and the corpus's
    clause-altered texts it answers what match() answers when that is exact, and None otherwise."""
    corpus_variants, edited = corpus
    texts = [v.text for v in edited if v.kind.startswith("benign:")][::2]
    texts += [v.text for v in edited if v.kind.startswith("material:")][::6]
    texts += [v.text for v in corpus_variants if v.expected_status == "modified"]
    exact = skipped = 0
    for text in texts:
        words = tokens(text)
        whole = aligned(text)
        assert aligning.exact_copy(words) == (whole if whole.status == "exact" else None), text[:80]
        exact += whole.status == "exact"
        skipped += not aligning._may_be_exact(words)
    assert exact > 250 and skipped > 200   # both ways were compared


def test_the_counts_shared_by_every_matcher_are_each_reference_s_own(kb, aligning):
    """The words no change may remove are counted once per reference and shared by every Matcher (the catalog
    builds one per shortlist, on shared references): the count kept for a reference is its own, whichever
    matcher asked first, and a reference met again under a reused id is counted again."""
    from licscan.matcher import matching
    from licscan.matcher.alignment import words_never_forgiven

    matching._NEVER_FORGIVEN.clear()
    other = Matcher(kb, cache=False, memo=False)
    for matcher in (aligning, other, aligning):
        assert matcher._may_be_exact(tokens(kb.text_path("mit.txt").read_text(encoding="utf-8")))
        assert not matcher._may_be_exact(tokens("no license at all " * 10))   # asks every reference
    shared = [ref for ref in aligning.references if id(ref) in matching._NEVER_FORGIVEN]
    assert len(shared) == len(aligning.references)
    for ref in [*aligning.references, *other.references]:
        kept_ref, counted = matching._NEVER_FORGIVEN[id(ref)]
        assert kept_ref is ref and counted == words_never_forgiven(ref.tokens, ref.notices, ref.replaceable, ref.benign)
    stale, last = aligning.references[0], other.references[-1]
    matching._NEVER_FORGIVEN[id(stale)] = (last, words_never_forgiven(last.tokens, last.notices, last.replaceable, last.benign))
    aligning._may_be_exact(tokens("no license at all " * 10))
    assert matching._NEVER_FORGIVEN[id(stale)][0] is stale


def test_a_matcher_subclass_keeps_answers_of_its_own(kb, aligning, tmp_path, monkeypatch):
    """A subclass may match otherwise (a benchmark's variant): its answers to copies are learnt apart."""
    import dataclasses

    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path))

    class Halving(Matcher):
        def _match_with_extent(self, words, *, search_others=True):
            located = super()._match_with_extent(words, search_others=search_others)
            return located._replace(match=dataclasses.replace(located.match, score=located.match.score / 2))

    text = (kb.texts_dir / "mit.txt").read_text(encoding="utf-8")
    expected = aligning.match(text)
    assert Halving(kb, memo=False).match(text).score == expected.score / 2
    assert Matcher(kb, memo=False).match(text) == expected
    assert Halving(kb, memo=False).match(text).score == expected.score / 2
    save_learnt()
    assert len(list(tmp_path.glob("copies-*.marshal"))) == 2


def test_what_two_processes_learnt_is_all_kept(kb, aligning, tmp_path, monkeypatch):
    """Each process learns the answers of the copies it meets and writes them when it ends, merged with what the file
    holds then: a check on two cores (this process and a forked copy, which ends with os._exit: pool writes for it)
    keeps both's answers, where each writing over the other kept one's."""
    import os

    from licscan import pool

    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path))
    mit, apache = ((kb.texts_dir / name).read_text(encoding="utf-8") for name in ("mit.txt", "apache-2.0.txt"))
    here = Matcher(kb, memo=False)
    assert here._copies is not None and here._copies.answer(token_digest(tokens(mit))) is None   # the file read: empty
    pid = os.fork()
    if pid == 0:   # the copy (the file as read before the fork): learns Apache's answer and ends as pool's copies end
        pool._end_child(lambda: here.match(apache) and None)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    assert here.match(mit) == aligning.match(mit)   # learnt here after the copy wrote its answer
    save_learnt()
    kept = Matcher(kb, memo=False)._copies
    assert kept is not None
    assert {kept.answer(token_digest(tokens(text))) for text in (mit, apache)} == {aligning.match(mit), aligning.match(apache)}
