"""Checkpoints on the Hugging Face Hub, read through huggingface_hub only.

``huggingface_hub`` honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE and its own cache. It is imported
when the first Hub checkpoint is fetched, so that ``licscan --version`` and local-only runs start fast.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import ConfigLineage, Evidence, ManifestEntry, is_commit_sha
from .collect import Fetch, Listed, collect, plan
from .common import CARD_NAME, card_metadata
from .listing import is_collected_name
from .remembered_snapshots import RememberedSnapshots, Stamp, stamp

if TYPE_CHECKING:
    from huggingface_hub import HfApi

    from ..rules import KnowledgeBase

RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
MAX_ATTEMPTS = 4
MAX_WAIT_SECONDS = 20.0
# huggingface_hub's client has no timeout of its own: without one a stalled Hub hangs the gate.
HUB_TIMEOUT_SECONDS = float(os.environ.get("LICSCAN_HUB_TIMEOUT", "30"))


class FetchError(Exception):
    """A checkpoint could not be read; the message names the cause for the report."""


class HubSource:
    name = "hub"

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        cache_dir: str | Path | None = None,
        offline: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
        weight_headers: bool = False,
        max_requests: int | None = None,
        kb: KnowledgeBase | None = None,
    ):
        """``max_requests``: at most this many requests to the Hub at once, and a checkpoint's files
        downloaded together (without it, one after another, and no limit of licscan's own). ``kb``: the run's
        knowledge base, whose licenses a top-level file may be named after (licscan's own when None; the
        pipeline sets it for each run)."""
        from huggingface_hub import constants

        self.endpoint = endpoint or constants.ENDPOINT
        self.token = token
        self.cache_dir = str(cache_dir) if cache_dir else None
        self.offline = constants.HF_HUB_OFFLINE if offline is None else offline
        self._api: HfApi | None = None
        self._sleep = sleep
        self.kb = kb
        self.weight_headers = weight_headers      # read safetensors headers too (sources/hub_weights.py: costs requests)
        self._max_requests = max_requests if max_requests and not self.offline else None
        self._file_pool: ThreadPoolExecutor | None = None
        self._remembered: RememberedSnapshots | None = None
        self._remembered_lock = threading.Lock()
        if self._max_requests:
            _limit_hub_connections(self._max_requests)

    @property
    def api(self) -> HfApi:
        # Built on first online use: an offline check never needs HfApi (and its imports).
        if self._api is None:
            from huggingface_hub import HfApi
            from huggingface_hub.utils.tqdm import tqdm as hub_bar

            # huggingface_hub makes a tqdm bar for every download, shown or not, and tqdm starts a monitor
            # thread with its first bar. licscan shows none of them, and a second thread keeps the process
            # from forking its classifiers later in the run (pool.can_fork): no monitor for the Hub's bars.
            hub_bar.monitor_interval = 0
            self._api = HfApi(endpoint=self.endpoint, token=self.token)
        return self._api

    @property
    def remembered(self) -> RememberedSnapshots:
        """Offline evidence remembered between runs, for the run's knowledge base (none without one)."""
        with self._remembered_lock:   # lineage fetches bases in threads: one store, or some would be lost
            if self._remembered is None or self._remembered.kb is not self.kb:
                self._remembered = RememberedSnapshots(self.kb)
            return self._remembered

    def save_remembered(self) -> None:
        if self._remembered is not None:
            self._remembered.save()

    # -- public -------------------------------------------------------------------------------

    def fetch(self, entry: ManifestEntry) -> Evidence:
        try:
            if self.offline:
                return self._fetch_cached(entry)
            return self._fetch_online(entry)
        except FetchError as exc:
            return Evidence(
                entry=entry,
                source="cache" if self.offline else "hub",
                revision=entry.revision if entry.is_pinned else None,
                card=card_metadata({}),
                complete=False,
                problems=(str(exc),),
                fetch_failed=True,
            )

    # -- online -------------------------------------------------------------------------------

    def _fetch_online(self, entry: ManifestEntry) -> Evidence:
        # files_metadata: the siblings' sizes, so that the evidence cap is applied before downloading.
        info = self._with_retries(
            entry, lambda: self.api.model_info(entry.ref, revision=entry.revision, files_metadata=True, timeout=HUB_TIMEOUT_SECONDS)
        )
        sha = info.sha
        if not sha or not is_commit_sha(sha):
            raise FetchError(f"{entry.ref}: the Hub did not return a commit for revision '{entry.revision or 'main'}'")
        if entry.is_pinned and sha != entry.revision:
            raise FetchError(f"{entry.ref}: asked for revision {entry.revision} but the Hub answered with {sha}")
        gated = bool(getattr(info, "gated", False))
        listing = [Listed(s.rfilename, s.size) for s in (info.siblings or [])]
        raw_card = getattr(info, "card_data", None)
        started: dict[str, Future[Path | str]] = {}
        try:
            collected = collect(
                listing,
                self._downloads_started(listing, lambda name: self._download(entry, sha, name), started),
                card_fallback=raw_card.to_dict() if raw_card is not None else None,
                kb=self.kb,
            )
        finally:
            for unused in started.values():   # collect() stopped early (an exception): drop what has not begun
                unused.cancel()
        problems = list(collected.problems)
        if gated and not collected.complete:
            refused = [p for p in problems if ": gated, " in p]
            problems.append(self._gated_advice(entry, forbidden=any("(HTTP 403)" in p for p in refused)))
        weight_licenses: tuple[tuple[str, str], ...] = ()
        weight_bases: tuple[ConfigLineage, ...] = ()
        if self.weight_headers and not (gated and not collected.complete):
            from .hub_weights import read_hub_weight_headers

            headers = read_hub_weight_headers(self.api, entry.ref, sha, [item.name for item in listing], HUB_TIMEOUT_SECONDS)
            weight_licenses = headers.licenses
            weight_bases = headers.bases
            problems.extend(headers.problems)
        return Evidence(
            entry=entry,
            source="hub",
            revision=sha,
            weight_licenses=weight_licenses,
            card=collected.card,
            card_body=collected.card_body,
            notes=collected.notes,
            files=collected.files,
            config_lineage=(*collected.config_lineage, *weight_bases),
            gated=gated,
            complete=collected.complete,
            problems=tuple(problems),
        )

    def _download(self, entry: ManifestEntry, sha: str, name: str) -> Path | str:
        from huggingface_hub.errors import GatedRepoError, LocalEntryNotFoundError, RemoteEntryNotFoundError

        try:
            path = self._with_retries(
                entry,
                lambda: self.api.hf_hub_download(entry.ref, name, revision=sha, cache_dir=self.cache_dir),
                what=f"{entry.ref}: {name}",
            )
        except FetchError as exc:
            return str(exc)
        except GatedRepoError as exc:
            return f"{name}: gated, not readable without access (HTTP {_status(exc) or '?'})"
        except RemoteEntryNotFoundError:
            return f"{name}: listed by the Hub but not found at {sha[:12]}"
        except LocalEntryNotFoundError as exc:
            return f"{name}: could not be downloaded ({_cause(exc)})"
        return Path(path)

    def _downloads_started(self, listing: list[Listed], download: Fetch, started: dict[str, Future[Path | str]]) -> Fetch:
        """``collect`` fetches the files ``plan`` selects one after another, each one whatever the
        others gave: start them all at once, so that one checkpoint's card, license and use policy
        wait on the Hub together (the connection limit keeps the Hub's load at ``max_requests``),
        and hand each one over when ``collect`` asks for it. Any other file (a lineage config, which
        depends on the card) is fetched when asked for, as before."""
        if self._max_requests is None:
            return download
        to_read, _over = plan(listing, self.kb)
        if len(to_read) < 2:
            return download
        if self._file_pool is None:
            # with the fetching threads, twice as many threads as connections: huggingface_hub's cache
            # bookkeeping for one file (a few ms of CPU) overlaps other requests instead of idling a connection
            self._file_pool = ThreadPoolExecutor(max_workers=self._max_requests, thread_name_prefix="licscan-file")
        started.update((item.name, self._file_pool.submit(download, item.name)) for item in to_read)

        def fetch(name: str) -> Path | str:
            future = started.pop(name, None)
            return future.result() if future is not None else download(name)

        return fetch

    def _token_sent(self) -> bool:
        if self.token is False:
            return False
        if isinstance(self.token, str):
            return bool(self.token)
        from huggingface_hub import get_token

        return get_token() is not None

    def _gated_advice(self, entry: ManifestEntry, *, forbidden: bool) -> str:
        """What a user can do about a gated repository, by what the Hub said: three different fixes."""
        page = f"{self.endpoint.rstrip('/')}/{entry.ref}"
        if forbidden:
            # 403: the token is valid but not (yet) on the repository's authorised list.
            return (f"{entry.ref} is gated and your token has not been granted access yet: request access on {page} "
                    "(some publishers approve by hand), then run again")
        if self._token_sent():
            return (f"{entry.ref} is gated and the Hub did not accept HF_TOKEN for it: check that the token is valid, "
                    f"has read access, and belongs to the account that accepted the license on {page}")
        return f"{entry.ref} is gated: accept its license on {page} and set HF_TOKEN to read the license files"

    def _with_retries(self, entry: ManifestEntry, call: Callable[[], Any], what: str | None = None) -> Any:
        """Bounded retries with backoff for transient faults; permanent ones become a FetchError
        whose message names ``what`` (the checkpoint, or the checkpoint and file)."""
        what = what or entry.ref
        from huggingface_hub.errors import (
            DisabledRepoError,
            GatedRepoError,
            HfHubHTTPError,
            LocalEntryNotFoundError,
            OfflineModeIsEnabled,
            RemoteEntryNotFoundError,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return call()
            except (GatedRepoError, RemoteEntryNotFoundError, LocalEntryNotFoundError):
                # hf_hub_download has already retried; LocalEntryNotFoundError is an OSError, so it
                # must not fall into the network-retry branch below.
                raise
            except RevisionNotFoundError:
                raise FetchError(f"{entry.ref}: revision '{entry.revision or 'main'}' not found on the Hub") from None
            except RepositoryNotFoundError as exc:
                status = _status(exc)
                hint = " (private or gated: set HF_TOKEN)" if status in (401, 403) else ""
                raise FetchError(f"{entry.ref}: repository not found{hint}") from None
            except DisabledRepoError:
                raise FetchError(f"{entry.ref}: repository has been disabled on the Hub") from None
            except OfflineModeIsEnabled:
                raise FetchError(f"{entry.ref}: offline mode (HF_HUB_OFFLINE) and not in the cache") from None
            except HfHubHTTPError as exc:
                status = _status(exc)
                if status == 401 and self._token_sent():
                    raise FetchError(f"{what}: the Hub refused HF_TOKEN (HTTP 401, invalid credentials): "
                                     "check that the token is valid and not expired") from None
                if status not in RETRY_STATUSES or attempt == MAX_ATTEMPTS:
                    raise FetchError(f"{what}: Hub answered HTTP {status or '?'}{_after(attempt)}") from None
                self._sleep(_wait(exc, attempt))
            except OSError as exc:
                # httpx2's transport errors (timeouts, resets) and cache I/O failures land here.
                if attempt == MAX_ATTEMPTS:
                    raise FetchError(f"{what}: network error: {_cause(exc)}{_after(attempt)}") from None
                self._sleep(_wait(None, attempt))
            except Exception as exc:  # noqa: BLE001 - httpx2 errors that are not OSError
                if type(exc).__module__.split(".")[0] not in ("httpx2", "httpcore2", "httpx", "httpcore"):
                    raise
                if attempt == MAX_ATTEMPTS:
                    raise FetchError(f"{what}: network error: {_cause(exc)}{_after(attempt)}") from None
                self._sleep(_wait(None, attempt))
        raise AssertionError("unreachable")

    # -- offline ------------------------------------------------------------------------------

    def _fetch_cached(self, entry: ManifestEntry) -> Evidence:
        """The same evidence as online, read from huggingface_hub's cache. The cache holds only the
        files downloaded before, not the repository's file list: the list is what the lock recorded
        plus what is cached, and without a lock record the evidence is incomplete."""
        from huggingface_hub import constants

        if not entry.is_pinned or entry.revision is None:   # pinned implies a revision; the type cannot say so
            raise FetchError(f"{entry.ref}: offline checks need a pinned commit revision (run 'licscan lock' online first)")
        # huggingface_hub's repo_folder_name(repo_id=..., repo_type="model"), whose module costs ~150 ms
        # to import (an offline check downloads nothing); the manifest has checked the repo id already.
        folder = constants.REPO_ID_SEPARATOR.join(["models", *entry.ref.split("/")])
        # a string, not a Path: a warm check lists 1,000 snapshots, and pathlib's objects cost a tenth of that
        snapshot = os.path.join(os.path.abspath(self.cache_dir or constants.HF_HUB_CACHE), folder, "snapshots", entry.revision)
        found = sorted(_cached_files(snapshot, self.kb), key=lambda pair: pair[0].name)
        if not found:
            raise FetchError(f"{entry.ref}: nothing cached for revision {entry.revision} (offline)")
        signature = tuple((item.name, status) for item, status in found)
        remembered = self.remembered.evidence(entry, snapshot, signature)
        if remembered is not None:
            return remembered
        cached = {item.name: item for item, _ in found}
        expected = [CARD_NAME, *(f.name for f in (entry.lock.files if entry.lock else ()))]
        listing = {**{name: Listed(name) for name in expected}, **cached}

        def from_cache(name: str) -> Path | str:
            return Path(snapshot, name) if name in cached else f"{name}: not in the local Hub cache"

        collected = collect(listing.values(), from_cache, kb=self.kb)
        problems = list(collected.problems)
        complete = collected.complete
        if entry.lock is None:
            problems.append(f"{entry.ref}: offline, without a lock record the repository's file list is not known; "
                            "only the cached files were read (run 'licscan lock' online)")
            complete = False
        evidence = Evidence(
            entry=entry,
            source="cache",
            revision=entry.revision,
            card=collected.card,
            card_body=collected.card_body,
            notes=collected.notes,
            files=collected.files,
            config_lineage=collected.config_lineage,
            complete=complete,
            problems=tuple(problems),
        )
        self.remembered.remember(entry, snapshot, signature, evidence)
        return evidence


def _limit_hub_connections(limit: int) -> None:
    """huggingface_hub's shared client, as its default factory builds it, with at most ``limit``
    connections: no more than ``limit`` requests reach the Hub at once, however many threads fetch."""
    import httpx2
    from huggingface_hub import set_client_factory
    from huggingface_hub.utils._http import hf_request_event_hook  # what default_client_factory installs

    def client_factory() -> httpx2.Client:
        return httpx2.Client(
            event_hooks={"request": [hf_request_event_hook]},
            follow_redirects=True,
            timeout=None,
            limits=httpx2.Limits(max_connections=limit, max_keepalive_connections=limit),
        )

    set_client_factory(client_factory)


def _cached_files(snapshot: str, kb: KnowledgeBase | None = None) -> Iterator[tuple[Listed, Stamp]]:
    """The card, license-like and lineage config files of one cached commit, as a listing (paths and sizes), each
    with its status (remembered_snapshots.stamp; None when it cannot be read). As os.walk would find them
    (symlinked folders not entered, unreadable ones skipped), with plain strings for paths: a warm check lists
    1,000 snapshots, and pathlib's objects cost most of that."""
    if not os.path.isdir(snapshot):
        return
    folders = [("", snapshot)]
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            continue
        for entry in entries:
            relative = prefix + entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append((relative + "/", entry.path))
            elif is_collected_name(relative, kb):
                try:
                    status = os.stat(entry.path)
                except OSError:
                    yield Listed(relative), None
                else:
                    yield Listed(relative, status.st_size), stamp(status)


def _status(exc: Exception) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _wait(exc: Exception | None, attempt: int) -> float:
    response = getattr(exc, "response", None)
    retry_after = None
    if response is not None:
        value = response.headers.get("Retry-After")
        if value and value.strip().isdigit():
            retry_after = float(value.strip())
    if retry_after is not None:
        return min(retry_after, MAX_WAIT_SECONDS)
    return min(MAX_WAIT_SECONDS, 0.5 * 2.0 ** (attempt - 1)) * (0.75 + random.random() / 2)


def _after(attempt: int) -> str:
    return f" after {attempt} attempts" if attempt > 1 else ""


def _cause(exc: BaseException) -> str:
    while exc.__cause__ is not None:
        exc = exc.__cause__
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
