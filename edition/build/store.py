"""The build's store: what the last build read and wrote, kept for the next one in one SQLite
database beside docs/ (`.docs.cache/state.sqlite`).

SQLite, from the standard library, because the cache is a small database: rows looked up by key
(a letter's items when a register page needs them), a few rows changed by each rebuild and
written in one transaction (all or nothing: a build killed half-way leaves the last state), and
no server. Each table is one thing the build knows:

    letters   a letter file's digest, field by field (what the letter gives to other pages)
    items     by letter id, what it gives to register pages: the bulk, read only for the entries
              an edit touches
    seen      the Stat of a file at the time its content was hashed (letters, transcriptions)
    outputs   each file the build wrote to docs/: its Stat and SHA-256
    reads     by group of pages (a letter's, an entry's, the lists), what it read from the letters
              as it was made (site.Recording): the group is made again when one of them changes
    inputs    the files every page reads (edition.xml, the registers, the URL contract): SHA-256
    meta      the rest, one row each: the code's version, the edition's registers, …

A full build writes a new database and renames it over the old one; a rebuild changes the rows
that changed. A database that cannot be read, or was written by other code, is no cache: the
full build runs.
"""

from __future__ import annotations

import copy
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problem
from .digest import Digest, pack, unpack
from .site import Stat

FILE = "state.sqlite"
Stamp = tuple[int, int, int, str]  # size, mtime_ns, inode, SHA-256 of a file of docs/

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE letters (key TEXT PRIMARY KEY, sha TEXT NOT NULL, id TEXT NOT NULL, sort_date TEXT NOT NULL,
    sort_rest TEXT NOT NULL, chain TEXT NOT NULL, parties TEXT NOT NULL, named TEXT NOT NULL,
    ids TEXT NOT NULL, mentioned TEXT NOT NULL, light BLOB NOT NULL, problems BLOB, urls TEXT NOT NULL,
    deps TEXT NOT NULL, local TEXT NOT NULL, title TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE items (id TEXT PRIMARY KEY, sha TEXT NOT NULL, items BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE seen (key TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE outputs (rel TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, sha TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE inputs (path TEXT PRIMARY KEY, sha TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE reads (pages TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID;
"""
LETTER_COLUMNS = 16  # key, then the Digest's fields but items, sort_key in two


class StaleCache(Exception):
    """A part of the cache does not belong to the rest: the full build refills it."""


@dataclass(slots=True)
class State:
    """What the last build read and wrote."""

    version: str
    inputs: dict[str, str]  # edition.xml and the registers: path → SHA-256
    digests: dict[str, Digest]  # path of each letter → its digest, without its items
    seen: dict[str, Stat]  # path of a letter → its Stat when its digest's SHA-256 was taken; and
    # of each transcription a letter was compared with (`stale_deps`), for the content it had
    edition: bytes  # the pickled edition without its letters: title, registers, publication
    outputs: dict[str, Stamp] = field(default_factory=dict)
    reads: dict[str, frozenset[str]] = field(default_factory=dict)  # a group of pages → the keys it
    # read (site.Recording)
    listings: frozenset[str] = frozenset()  # the outputs made by site.listing_pages
    problems: tuple[Problem, ...] = ()  # what reading edition.xml and the registers reported
    # what the URL contract added to the outputs: text after a page, and files copied to old paths
    suffixes: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    others: frozenset[str] = frozenset()  # the files of docs/ no build wrote: hand-written ones
    owed: frozenset[str] = frozenset()  # the files (letters' keys, transcriptions' paths) changed
    # since the corpus zip was made: watch mode makes it when watching ends (incremental.rebuild)
    before: Snapshot | None = None  # not kept: the rows as loaded, to write only what changed


@dataclass(slots=True)
class Snapshot:
    digests: dict[str, Digest]
    seen: dict[str, Stat]
    outputs: dict[str, Stamp]
    reads: dict[str, frozenset[str]]
    meta: dict[str, Any] = field(default_factory=dict)  # by name in META: a copy of each
    inputs: dict[str, str] = field(default_factory=dict)
    edition: bytes = b""


META = ("listings", "problems", "suffixes", "copies", "others", "owed")  # kept pickled in `meta`


def cache_dir(docs: Path) -> Path:
    return docs.with_name(f".{docs.name}.cache")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)  # transactions begun and ended here
    db.execute("PRAGMA synchronous = NORMAL")
    return db


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def load(docs: Path, version: str) -> State | None:
    """The state of the last build, if the store holds one written by this `version` of the code."""
    path = cache_dir(docs) / FILE
    if not path.is_file():
        return None
    try:
        with closing(_connect(path)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("version") != version.encode():
                return None
            state = State(
                version=version, inputs=dict(db.execute("SELECT path, sha FROM inputs")),
                digests={row[0]: _digest(row) for row in db.execute("SELECT * FROM letters")},
                seen={key: (size, mtime, inode)
                      for key, size, mtime, inode in db.execute("SELECT * FROM seen")},
                edition=meta["edition"],
                outputs={rel: (size, mtime, inode, sha)
                         for rel, size, mtime, inode, sha in db.execute("SELECT * FROM outputs")},
                reads={group: frozenset(unpack(keys)) for group, keys in db.execute("SELECT * FROM reads")},
                **{name: pickle.loads(meta[name]) for name in META})
    except (sqlite3.Error, KeyError, ValueError, TypeError, pickle.UnpicklingError, EOFError,
            AttributeError, ImportError):
        return None
    state.before = _snapshot(state)
    return state


def stamp(docs: Path) -> tuple[int, int, int, bytes] | None:
    """The store file's inode, size, mtime and SQLite's file change counter (bytes 24-27 of its
    header, one more at each transaction): another when any build has written it since."""
    try:
        with open(cache_dir(docs) / FILE, "rb") as f:
            st = os.fstat(f.fileno())
            return st.st_ino, st.st_size, st.st_mtime_ns, f.read(28)[24:]
    except OSError:
        return None


def save(state: State, docs: Path, items: Iterable[Digest] = ()) -> None:
    """Keep the state for the next build, with the `items` of these digests. A state that was
    loaded changes only the rows that changed since, in one transaction; a new one (the full
    build's) is a new database, renamed over the old."""
    folder = cache_dir(docs)
    folder.mkdir(exist_ok=True)
    path = folder / FILE
    if state.before is None:
        fresh = path.with_name(f"{FILE}.tmp")
        fresh.unlink(missing_ok=True)
        with closing(_connect(fresh)) as db:
            db.executescript(SCHEMA)
            with _transaction(db):
                _write(db, state, items, Snapshot({}, {}, {}, {}))
                db.execute("INSERT INTO meta VALUES ('version', ?)", (state.version.encode(),))
        os.replace(fresh, path)
    else:
        with closing(_connect(path)) as db, _transaction(db):
            _write(db, state, items, state.before)
    state.before = _snapshot(state)


def _write(db: sqlite3.Connection, state: State, items: Iterable[Digest], before: Snapshot) -> None:
    """The rows of `state` that differ from `before`, and the items."""
    db.executemany("INSERT OR REPLACE INTO letters VALUES (" + ", ".join("?" * LETTER_COLUMNS) + ")",
                   (_row(key, d) for key, d in state.digests.items() if before.digests.get(key) is not d))
    db.executemany("DELETE FROM letters WHERE key = ?", ((key,) for key in before.digests.keys()
                                                         - state.digests.keys()))
    _update(db, "seen (key, size, mtime_ns, inode)", state.seen, before.seen)
    _update(db, "outputs (rel, size, mtime_ns, inode, sha)", state.outputs, before.outputs)
    _update(db, "reads (pages, keys)", state.reads, before.reads, lambda keys: (pack(sorted(keys)),))
    _update(db, "inputs (path, sha)", state.inputs, before.inputs, lambda sha: (sha,))
    if state.edition != before.edition:  # its registers changed (incremental.registers_changed)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('edition', ?)", (state.edition,))
    db.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?)",
                   ((d.id, d.sha, pickle.dumps(d.items, protocol=pickle.HIGHEST_PROTOCOL)) for d in items))
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",  # the problems: 14 MB at 10,000 letters
                   ((name, pickle.dumps(getattr(state, name), protocol=pickle.HIGHEST_PROTOCOL))
                    for name in META if name not in before.meta or before.meta[name] != getattr(state, name)))


def _update(db: sqlite3.Connection, table: str, now: Mapping[str, Any], then: Mapping[str, Any],
            columns_of: Callable[[Any], tuple[Any, ...]] = tuple) -> None:
    """Rows of `table` ("name (key, column, …)") as `now` has them, where `then` had others;
    `columns_of` turns a value into its columns (only the values that changed)."""
    name, columns = table.split(" ", 1)
    key = columns.strip("()").split(",")[0]
    values = ", ".join("?" * len(columns.split(",")))
    db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({values})",
                   ((k, *columns_of(v)) for k, v in now.items() if then.get(k) != v))
    db.executemany(f"DELETE FROM {name} WHERE {key} = ?", ((k,) for k in then.keys() - now.keys()))


def _snapshot(state: State) -> Snapshot:
    return Snapshot(dict(state.digests), dict(state.seen), dict(state.outputs), dict(state.reads),
                    {name: copy.copy(getattr(state, name)) for name in META},  # the tuples: themselves
                    dict(state.inputs), state.edition)


def _row(key: str, d: Digest) -> tuple[object, ...]:
    return (key, d.sha, d.id, *d.sort_key, pack(d.chain), pack(d.parties), d.packed_named,
            d.packed_ids, d.packed_mentioned, d.light,
            pickle.dumps(d.problems, protocol=pickle.HIGHEST_PROTOCOL) if d.problems else None,
            d.packed_urls, pack(part for dep in d.deps for part in dep), pack(d.local), d.title)


def _digest(row: tuple[Any, ...]) -> Digest:
    (_key, sha, letter_id, sort_date, sort_rest, chain, parties, named, ids, mentioned, light,
     problems, urls, deps, local, title) = row
    flat = unpack(deps)
    return Digest(sha, letter_id, (sort_date, sort_rest), unpack(chain), unpack(parties), named, ids, {},
                  mentioned, light, pickle.loads(problems) if problems is not None else (), urls,
                  tuple(zip(flat[::2], flat[1::2], strict=True)), unpack(local), title)


def with_items(digests: Iterable[Digest], docs: Path) -> list[Digest]:
    """The digests with their items, from the store (StaleCache if they are not those of the
    digest: made from another content of the letter)."""
    wanted = list(digests)
    try:
        with closing(_connect(cache_dir(docs) / FILE)) as db:
            db.execute("CREATE TEMP TABLE wanted (id TEXT PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((d.id,) for d in wanted))
            found = {letter_id: (sha, pickle.loads(blob)) for letter_id, sha, blob in db.execute(
                "SELECT items.id, sha, items FROM items JOIN wanted ON items.id = wanted.id")}
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
        raise StaleCache from exc
    out = []
    for d in wanted:
        sha, items = found.get(d.id, ("", None))
        if sha != d.sha or not isinstance(items, dict) or tuple(sorted(items)) != d.mentioned:
            raise StaleCache(d.id)
        out.append(d._replace(items=items))
    return out
