"""An append-only JSON-lines results file that survives crashes: one line per input, never two.

Each record is appended, flushed and fsynced before the next, so a crash (even ``kill -9``) loses
at most the records not yet written. Opening the file again drops a torn last line, reads which
inputs are done (by content hash) and, for a retry, rewrites the file atomically without the
records to redo. An exclusive lock keeps two runs from writing the same file.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "out.jsonl")
>>> with ResultsFile(path) as rf:
...     rf.append({"key": "a", "status": "ok"})
...     rf.append({"key": "b", "status": "error", "retriable": True})
>>> with open(path, "a") as fh:
...     _ = fh.write('{"key": "c", "sta')            # a crash in the middle of a line
>>> with ResultsFile(path) as rf:
...     sorted(rf.done), rf.dropped_torn
(['a', 'b'], True)
>>> with ResultsFile(path, redo=lambda rec: rec.get("retriable", False)) as rf:
...     sorted(rf.done), rf.redone
(['a'], 1)
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError, OutputError

__all__ = ["ResultsFile", "read_results"]


def read_results(path: str | os.PathLike) -> list[dict]:
    """Every complete record of a results file (a torn last line is ignored)."""
    records = []
    with open(path, "rb") as fh:
        for raw in fh:
            if raw.endswith(b"\n"):
                try:
                    records.append(json.loads(raw))
                except ValueError:
                    continue
    return records


class ResultsFile:
    """Open (or create) ``path``; ``done`` maps each finished key to its record (``key`` field)."""

    def __init__(self, path: str | os.PathLike, redo: Callable[[dict], bool] | None = None) -> None:
        self.path = Path(path)
        self.redo = redo
        self.done: dict[str, dict] = {}
        self.dropped_torn = False
        self.redone = 0
        self._fh = None

    def __enter__(self) -> "ResultsFile":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        if self.path.is_dir():
            raise InputError(f"{self.path}: is a folder; --out must be a file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fh = open(self.path, "a+b")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot open the results file ({exc.strerror})") from None
        self._lock()
        self._fh.seek(0)
        data = self._fh.read()
        if data and not data.endswith(b"\n"):  # a torn last line: cut it off, it will be redone
            keep = data.rfind(b"\n") + 1
            self._fh.truncate(keep)
            self._sync()
            data = data[:keep]
            self.dropped_torn = True
        kept_lines, redo_any = [], False
        for raw in data.splitlines(keepends=True):
            try:
                record = json.loads(raw)
            except ValueError:
                kept_lines.append(raw)  # never throw away what we cannot read
                continue
            if not isinstance(record, dict) or "key" not in record:
                kept_lines.append(raw)
                continue
            if self.redo is not None and self.redo(record):
                self.redone += 1
                redo_any = True
                continue
            kept_lines.append(raw)
            self.done[record["key"]] = record
        if redo_any:
            self._rewrite(kept_lines)

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            return
        try:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._fh.close()
            raise InputError(f"{self.path}: another batch run is writing this file") from None

    def _rewrite(self, lines: list[bytes]) -> None:
        """Atomically replace the file with ``lines`` (temp file, fsync, rename), keeping the lock."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "wb") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)
        old, self._fh = self._fh, open(self.path, "a+b")
        self._lock()  # the new file is locked before the old one's lock goes
        old.close()

    def _sync(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def append(self, record: dict) -> None:
        """Write one record as one line, durably, and mark its key done."""
        line = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
        end = self._fh.seek(0, os.SEEK_END)
        try:
            self._fh.write(line)
            self._sync()
        except OSError as exc:
            self._cut(end)
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
            why = "the disk is full" if full else f"it cannot be written ({exc.strerror or exc})"
            raise OutputError(f"{self.path}: {why}; the last record was not written (its partial line was removed). "
                              "Make room and run the same command again: it resumes where it stopped") from None
        self.done[record["key"]] = record

    def _cut(self, size: int) -> None:
        """Remove whatever part of a line a failed write left after ``size`` bytes."""
        try:
            self._fh.close()  # drops (or fails to flush) what is still buffered
        except OSError:
            pass
        try:
            os.truncate(self.path, size)
        except OSError:  # pragma: no cover - a later open drops a torn last line anyway
            pass
        self._fh = open(self.path, "a+b")
        self._lock()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
