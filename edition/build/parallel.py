"""Reading many letters at once: across processes, with a progress bar when run in a terminal.

Each worker parses one file at a time and sends back only the model (never the lxml tree), so
memory stays bounded by the models. With one job, few letters, or when worker processes cannot
be started, the letters are read in this process, with the same result.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Never

if TYPE_CHECKING:
    from tqdm import tqdm

from .. import messages
from .. import model as m
from ..problems import Problem, Problems
from ..read import consistency
from ..read.letter import read_file
from . import fidelity
from .digest import sha256

MIN_PARALLEL = 64  # fewer letters than this are read in this process: a pool costs more than it saves

class Read(NamedTuple):
    letters: list[m.Letter]  # a file's letters (usually one)
    problems: list[Problem]  # what reading the file reported
    sha: str  # the file's SHA-256
    checks: list[tuple[Problem, ...]]  # each letter's own checks (with `root`: see read_one)


def read_one(path: Path, lenient: bool = False, language: str | None = None,
             root: Path | None = None) -> Read:
    """The letters of one file, its problems, and the file's SHA-256; `language`: the interface
    language of the titles it makes, if not this process's (a worker's). With `root` (the
    edition's folder), each letter is checked on its own here too, in the worker: its reading
    text against its transcription (fidelity), its dates and parties (consistency). They need
    no other letter, and in the parent they were a third of the full build, one letter after
    another."""
    if language is not None:
        messages.use(language)
    problems = Problems(lenient=lenient)
    letters = read_file(path, problems)
    checks = []
    for letter in letters:
        own = Problems(lenient=lenient)
        if root is not None:
            fidelity.check_letter(letter, root, own)
            consistency.check_letter(letter, own)
        checks.append(tuple(own.items))
    return Read(letters, problems.items, sha256(path), checks)


def default_jobs() -> int:
    """As many jobs as this process may use cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def progress(total: int, what: str) -> tqdm[Never]:
    """A progress bar on stderr when it is a terminal; silent in pipes and CI logs."""
    from tqdm import tqdm  # loaded only when letters are read: not for a rebuild that reads none

    return tqdm(total=total, desc=what, unit=" letters", file=sys.stderr, leave=False,
                disable=not sys.stderr.isatty())


def read_letters(paths: list[Path], jobs: int | None = None, lenient: bool = False,
                 language: str | None = None, root: Path | None = None) -> Iterator[Read]:
    """Read `paths` in their order, in `jobs` processes (default: one per core), in `language`,
    each letter checked against `root` (see read_one)."""
    read = functools.partial(read_one, lenient=lenient, language=language, root=root)
    jobs = default_jobs() if jobs is None else max(jobs, 1)
    with progress(len(paths), "reading letters") as bar:
        if jobs > 1 and len(paths) >= MIN_PARALLEL:
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            try:
                with ProcessPoolExecutor(max_workers=jobs) as pool:
                    chunk = max(1, min(64, len(paths) // (jobs * 8)))
                    for result in pool.map(read, paths, chunksize=chunk):
                        bar.update()
                        yield result
                return
            except (OSError, BrokenProcessPool) as exc:
                if bar.n:  # letters were already handed on: reading again would repeat them
                    raise
                print(f"build.py: cannot start worker processes ({exc}); reading in one process",
                      file=sys.stderr)
        for path in paths:
            result = read(path)
            bar.update()
            yield result
