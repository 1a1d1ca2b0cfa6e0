"""Worker processes: sources read in batches, in parallel when worth it."""

from __future__ import annotations

import ctypes
import os
import signal
import zipfile
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from ..errors import ParseError
from ..sources import Inventory, SourceItem, read_file, read_member, sha256_file
from .cache import ParseCache, key, write_spill
from .results import ItemResult
from .source import load_session_metadata, process_item


@dataclass(frozen=True)
class Task:
    index: int              # the item's index in the build's list
    item: SourceItem
    disk_path: str          # the file, or the archive holding the member
    key: str                # parse-cache key
    spill: str              # where to keep the tables


def _die_with_parent() -> None:
    """A worker must not outlive a killed build (Linux: PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _init_worker(metadata_paths: list[str], parent: int) -> None:
    # Ctrl-C goes to the whole process group: the main process decides, workers ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A worker whose build was killed finds the result pipe closed: it ends
    # quietly (SIGPIPE) instead of printing a BrokenPipeError, whichever of the
    # pipe and the parent-death signal it meets first.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # the build was killed while this worker was starting
        os._exit(1)
    load_session_metadata(metadata_paths)




def run_tasks(tasks: list[Task]) -> list[ItemResult]:
    """Read a batch of sources (members of one archive share one open archive)."""
    results = []
    archive, archive_path = None, None
    try:
        for task in tasks:
            try:
                if task.item.member is None:
                    data = read_file(Path(task.disk_path), task.item)
                else:
                    if archive_path != task.disk_path:
                        if archive is not None:
                            archive.close()
                        archive, archive_path = zipfile.ZipFile(task.disk_path), task.disk_path
                    data = read_member(archive, task.item)
            except ParseError as exc:
                results.append(ItemResult(task.item, task.key, "rejected", error=exc))
                continue
            except (zipfile.BadZipFile, OSError) as exc:
                error = ParseError(task.item.shown, None, f"cannot read the source ({exc})")
                results.append(ItemResult(task.item, task.key, "rejected", error=error,
                                          cacheable=False))
                continue
            result, tables = process_item(task.item, data, task.index)
            result.key = task.key
            if result.status == "ok":
                write_spill(Path(task.spill), tables)
            results.append(result)
    finally:
        if archive is not None:
            archive.close()
    return results



_MIN_PARALLEL = 24
_BATCH = 16


def _batches(tasks: list[Task]) -> list[list[Task]]:
    """Consecutive tasks in batches, never mixing two archives in one batch."""
    batches: list[list[Task]] = []
    for task in tasks:
        if batches and len(batches[-1]) < _BATCH and batches[-1][-1].disk_path == task.disk_path:
            batches[-1].append(task)
        else:
            batches.append([task])
    return batches


def parse_sources(tasks: list[Task], jobs: int, metadata_paths: list[str], bar) -> list[ItemResult]:
    """Every task's result, in task order; parsed by `jobs` processes when worth it."""
    results: list[ItemResult] = []
    batches = _batches(tasks)
    if jobs <= 1 or len(tasks) < _MIN_PARALLEL:
        load_session_metadata(metadata_paths)
        for batch in batches:
            results += run_tasks(batch)
            bar.advance(len(batch))
        return results
    # Not "fork": a forked child inherits pyarrow's threads' locks and can hang.
    # Workers are started with Ctrl-C ignored (a child keeps the disposition it was
    # started with), so that one arriving while they import says nothing.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = get_context("spawn").Pool(jobs, initializer=_init_worker,
                                         initargs=(metadata_paths, os.getpid()))
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        for done in pool.imap(run_tasks, batches):
            results += done
            bar.advance(len(done))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


def make_tasks(inventory: Inventory, version: str, cache: ParseCache, spill: Path):
    """A task per source item, in the order of paths (and members), keyed for the
    cache; refused archive members as results."""
    tasks: list[Task] = []
    refused: list[ItemResult] = []
    entries = [(item, path) for item, path in inventory.files]
    for archive in inventory.archives:
        entries += [(item, archive.file) for item in archive.items]
        refused += [ItemResult(SourceItem(e.path.split("!")[0], e.path.partition("!")[2] or None),
                               "", "rejected", error=e) for e in archive.refused]
    entries.sort(key=lambda e: (e[0].path, e[0].member or ""))
    for item, path in entries:
        if item.member is None:
            try:
                content = sha256_file(path)
            except OSError:
                content = "unreadable"
        else:
            # A member is known by its archive directory's CRC-32 and size: changing one
            # member of an archive re-reads that member only.
            content = f"crc32:{item.crc:08x}:{item.size}"
        task_key = key(version, item.path, item.member or "", content)
        tasks.append(Task(len(tasks), item, str(path), task_key,
                          str(cache.tables_path(task_key, spill))))
    return tasks, refused
