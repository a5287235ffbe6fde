"""The data directory's write lock: one writer at a time, owned by the process that writes.

`flock` locks belong to the open file, and a forked child shares its parent's open files: the
NLP pool's workers would hold the lock on after their parent was killed, and refuse every
later run. So the lock's descriptors are known here, and `forked_worker` (the pool's
initializer) closes them in the child and makes it die with its parent.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

LOCK_NAME = "index.lock"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

_held: set[int] = set()  # descriptors of the locks this process holds


class IndexLockedError(RuntimeError):
    """Another index run holds the data directory (the message says so, and what to do)."""


@contextmanager
def index_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's index lock; refuse at once when another run holds it."""
    from index.store.facade import make_data_dir  # the store's rule for its folder; it imports this module

    make_data_dir(data_dir)
    path = data_dir / LOCK_NAME
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise IndexLockedError(
                f"{data_dir}: en annan `rapportsok index` körs redan (pid {holder}); vänta tills den är klar"
            ) from None
        _held.add(handle.fileno())
        try:
            _write_pid(handle)
            yield
        finally:
            _held.discard(handle.fileno())
            with suppress(OSError):  # a full or read-only disk: the lock is still released below
                handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_pid(handle) -> None:
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
    except OSError:  # the pid is a courtesy for the refusal message; the flock is the lock
        pass


def forked_worker(parent: int) -> None:
    """Initializer of forked worker processes: never hold the parent's lock, die with the parent."""
    for fd in _held:
        with suppress(OSError):
            os.close(fd)  # the parent's descriptor stays open: the lock is still the parent's
    _held.clear()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed descriptors still free the lock
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
