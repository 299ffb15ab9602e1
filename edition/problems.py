"""Problems (errors and warnings) as values with a source position, and their report."""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Pos:
    """A place in a source file: path (as given to the reader), 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{max(self.col, 1)}"
        return self.path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    pos: Pos
    level: Level
    message: str
    cause: bool = field(default=False, compare=False)  # a file that cannot be read as it is: said first

    def __str__(self) -> str:
        return f"{self.pos}: {self.level}: {self.message}"


@dataclass(slots=True)
class Problems:
    """Collects every problem of a run, so that all are reported at once."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)
    lenient: bool = False  # --lenient: what an edition as it is holds (non-TEI elements,
    # references that point nowhere) is reported as a warning and kept, not an error

    def invalid(self, pos: Pos, message: str, lenient: str = "keep it as text") -> None:
        """An error, or with --lenient a warning: what an edition as it is may hold (markup
        outside TEI, a reference to nothing, a date that is not one); `lenient` says what
        --lenient does with it."""
        if self.lenient:
            self.warning(pos, f"{message} (--lenient: {lenient})")
        else:
            self.error(pos, f"{message} (or build with --lenient to {lenient})")

    def error(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, "error", message))

    def cause(self, pos: Pos, message: str) -> None:
        """An error that makes a file unreadable as it is (its syntax, an id used twice): reported
        before the others, which may follow from it."""
        self.items.append(Problem(pos, "error", message, cause=True))

    def warning(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, "warning", message))

    def warn_once(self, key: str, pos: Pos, message: str) -> None:
        """Warn only the first time `key` is seen in the file of `pos`."""
        if (pos.path, key) not in self._seen:
            self._seen.add((pos.path, key))
            self.warning(pos, message)

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def in_order(self) -> list[Problem]:
        """Each problem once, causes first, then errors, each by place and message. (Compared as
        plain tuples: the dataclasses' own __eq__ and __hash__, in Python, cost most of a second
        for the 30,000 warnings of a 10,000-letter edition.)"""
        unique: dict[tuple[str, int, int, str, str], Problem] = {}
        for p in self.items:
            unique.setdefault((p.pos.path, p.pos.line, p.pos.col, p.message, p.level), p)
        return sorted(unique.values(), key=lambda p: (not p.cause, p.level != "error", p.pos.path,
                                                      p.pos.line, p.pos.col, p.message))

    def report(self, out: TextIO = sys.stderr, verbose: bool = False) -> None:
        """Every problem, causes first, then errors; of a kind met more than GROUP_FROM times (the message
        with its quoted parts left out) only the first SHOWN, and a line with the count
        (`verbose`: all of them)."""
        items = self.in_order()
        kinds: dict[tuple[str, str], list[Problem]] = {}
        kinds_of = _Kinds()  # 30,000 warnings say some 3,500 things: each thing's kind worked out once
        for problem in items:
            kinds.setdefault((problem.level, kinds_of[problem.message]), []).append(problem)
        for (level, kind), group in kinds.items():
            shown = group if verbose or len(group) <= GROUP_FROM else group[:SHOWN]
            for problem in shown:
                print(problem, file=out)
            if len(shown) < len(group):
                print(f"build.py: … and {len(group) - len(shown):,} more {level}s of this kind"
                      f" ({len(group):,} in all: {kind}); python build.py --verbose lists every one",
                      file=out)


GROUP_FROM = 5  # more problems of one kind than this are reported as the first SHOWN and a count
SHOWN = 3
_QUOTED = re.compile(r'"[^"]*"|\(first at [^)]*\)|at \S+:\d+:\d+|\(#[^)\s]*\)')  # … and an entry's (#id)


def kind_of(message: str) -> str:
    """What a message says without its particulars (quoted values, places): its kind."""
    return _QUOTED.sub("…", message)


class _Kinds(dict[str, str]):
    """kind_of each message, each once."""

    def __missing__(self, message: str) -> str:
        self[message] = kind = kind_of(message)
        return kind


def display_path(path: Path) -> str:
    """A path as an editor would type it: relative to the working directory when possible."""
    return _display(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _display(path: str, cwd: str) -> str:  # resolving is slow (a call per folder): once a file
    try:
        return str(Path(path).resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return path


def not_utf8(data: bytes) -> tuple[int, int, str] | None:
    """Where `data` stops being UTF-8 (line, column) and what to say, or None if it is UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line, col = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        return line, col, (f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read;"
                           " it may have been saved as Latin-1 or Windows-1252); save it as UTF-8")
    return None


class BuildError(Exception):
    """A build that cannot go on; the problems say why."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} error(s)")
        self.problems = problems
