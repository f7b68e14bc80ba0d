"""Which data files a process read, with the sha256 of the bytes it read: what a build compares with the data it
started from, so that data swapped and put back during a build is seen (``data`` records every read here)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

#: Every data file this process read, relative to its data folder, with the sha256 of the bytes it read: what
#: the build compares with the data it started from (data swapped and restored during a build is seen here).
_READS: dict[str, str] = {}
#: Where a kernel also writes them (set by the build for each report's kernel).
READS_VARIABLE = "WBANALYSIS_READS"


def record(data_dir: Path, path: Path, digest: str) -> None:
    rel = _relative(str(data_dir), str(path))
    if _READS.get(rel) == digest:
        return
    _READS[rel] = digest
    log = os.environ.get(READS_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{rel}\t{digest}\n")


@functools.cache  # worked out once per file: a cached resource is used often
def _relative(data_dir: str, path: str) -> str:
    try:  # a resource's path is data_dir / its relative path (checked by ``resource_path``): no resolving needed
        return Path(path).relative_to(Path(data_dir)).as_posix()
    except ValueError:
        try:
            return Path(path).resolve().relative_to(Path(data_dir).resolve()).as_posix()
        except ValueError:
            return str(path)


def reads() -> dict[str, str]:
    """The data files this process has read: ``{path relative to data/: "sha256:..."}``."""
    return dict(_READS)


def read_log(path: str | os.PathLike) -> dict[str, str]:
    """The reads a kernel wrote to ``path`` (``READS_VARIABLE``); a file read twice in two versions keeps both
    (as ``path`` and ``path#2``), so that neither is missed."""
    found: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    for line in lines:
        rel, _, digest = line.partition("\t")
        key, number = rel, 1
        while key in found and found[key] != digest:
            number += 1
            key = f"{rel}#{number}"
        found[key] = digest
    return found
