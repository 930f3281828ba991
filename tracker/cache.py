"""The file cache the settings default to. When its folder cannot be used (a read-only
deployment, a path that is a file) it says so once and keeps answers in the process's memory,
as `locmem://` would, instead of failing every request that touches the cache."""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import tempfile
import time
import uuid
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.move import file_move_safe
from django.db import transaction

logger = logging.getLogger(__name__)


class FolderCache(FileBasedCache):
    def __init__(self, dir: str, params: dict) -> None:
        self._memory = LocMemCache(f"folder-cache-fallback:{dir}", params)
        self._unusable = False
        # Django's file cache creates its folder as soon as a process configures it, so every
        # command (and every test subprocess, each with its own database) left an empty
        # folder behind; the folder is made on the first write instead.
        BaseCache.__init__(self, params)
        self._dir = os.path.abspath(dir)

    def _give_up(self, error: OSError) -> None:
        if self._unusable:
            return
        self._unusable = True
        logger.warning(
            "The cache folder %s cannot be used (%s): each process now caches in its own "
            "memory. Make the folder writable or set DJANGO_CACHE_URL.",
            self._dir,
            error,
        )

    def _createdir(self) -> None:
        try:
            super()._createdir()
        except OSError as error:
            self._give_up(error)

    def _either(self, method: str, *args):
        if not self._unusable:
            try:
                return getattr(super(), method)(*args)
            except OSError as error:
                self._give_up(error)
        return getattr(self._memory, method)(*args)

    def get(self, key, default=None, version=None):
        return self._either("get", key, default, version)

    def has_key(self, key, version=None) -> bool:
        return self._either("has_key", key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._either("add", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._either("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._either("touch", key, timeout, version)

    def incr(self, key, delta=1, version=None) -> int:
        """Django's file cache increments by rewriting the value with the default timeout;
        this keeps the key's expiry, which the throttles' counters rely on. Processes may
        still race (read, then write): a count can be lost, never a window lengthened."""
        if not self._unusable:
            try:
                return self._incr_file(key, delta, version)
            except OSError as error:
                self._give_up(error)
        return self._memory.incr(key, delta, version)

    def _incr_file(self, key, delta: int, version) -> int:
        path = self._key_to_file(key, version)
        try:
            with open(path, "rb") as file:
                expiry = pickle.load(file)
                value = pickle.loads(zlib.decompress(file.read()))
        except FileNotFoundError:
            raise ValueError(f"Key '{key}' not found") from None
        now = time.time()
        if expiry is not None and expiry < now:
            raise ValueError(f"Key '{key}' not found")
        value += delta
        # What `set` does, with the expiry kept as it was rather than computed anew.
        self._createdir()
        descriptor, temporary = tempfile.mkstemp(dir=self._dir)
        try:
            with open(descriptor, "wb") as file:
                file.write(pickle.dumps(expiry, self.pickle_protocol))
                file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
            file_move_safe(temporary, path, allow_overwrite=True)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(temporary)
            raise
        return value

    def delete(self, key, version=None) -> bool:
        return self._either("delete", key, version)

    def clear(self) -> None:
        self._either("clear")


# --- the API's data version --------------------------------------------------------------------

# Cached API answers are stored under the data version current when they were computed; a
# committed write that changes public data replaces the version, so the next request misses
# and reads the database. Which writes do is decided in the database: triggers count them in
# `tracker_publicchange` (migration 0015), bulk inserts included, and after each transaction
# that sent a model signal the count is compared with the one last acted on. A transaction
# that sends no signal at all (raw SQL, a bulk insert alone) is noticed at the next one that
# does. Only `get`, `add` and `set` are used, which every backend (file, Redis, memory) has.
DATA_VERSION_KEY = "api-data-version"


def data_version() -> str:
    from django.core.cache import cache

    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(DATA_VERSION_KEY) or "0"
    return version


def data_changed() -> None:
    from django.core.cache import cache

    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)


# The version of the public data (`tracker_publicchange`, kept by triggers: migration 0015)
# for which the data version above was last replaced.
PUBLIC_VERSION_KEY = "api-public-version"


def data_changed_on_commit(using: str | None = None, **kwargs: object) -> None:
    """Signal receiver: a tracker row changed; once its transaction commits, the data version
    is replaced if public data changed (anything since the last replacement, by any process).

    One check per transaction, however many rows it writes (an import writes hundreds): a
    check already waiting among the connection's commit hooks is not added again.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        hook[1] is _check_public_data for hook in connection.run_on_commit
    ):
        return
    transaction.on_commit(_check_public_data, using=using)


def public_data_version(using: str | None = None) -> int | None:
    """How many writes have changed public data (None when the counter cannot be read)."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

    try:
        with connections[using or DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT version FROM tracker_publicchange WHERE id = 1")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return None if row is None else row[0]


def _check_public_data() -> None:
    from django.core.cache import cache

    version = public_data_version()
    if version is None or cache.get(PUBLIC_VERSION_KEY) != version:
        data_changed()
        if version is not None:
            cache.set(PUBLIC_VERSION_KEY, version, None)
