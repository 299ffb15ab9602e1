"""Incremental builds: after an edit, re-read only the letters whose content changed, and rewrite
only the pages that depend on them.

What changed is found from SHA-256 content hashes, never from timestamps alone: as git's index
does, a file whose size, mtime and inode are those it had when its hash was taken (and not so
recent that an edit could hide in the same clock tick) is not hashed again. The store (store.py:
SQLite, beside docs/ in `.docs.cache/`) keeps each letter's digest (what it gives to other
pages), the edition's registers, and what the last build wrote; the bulk of the digests, what
each letter gives to register pages, is read only for the pages an edit touches. A rebuild
changes only the rows that changed. A changed register file is read again with every other
(`registers_changed`): the letters that point at an entry whose content changed are read again
too, since their pages show it. Whenever the store cannot vouch for the result (no store, other
code, the edition file or the URL contract changed, a register entry or a letter file removed, a
letter renamed, docs/ changed by someone else or a file added to it, an error that other letters
may share) the full build runs instead, and refills it.

Every check passes before the first write. A few changed files are then written in place, each
whole (a temporary file renamed over the old one); more than IN_PLACE are written as the full
build writes, into a staging folder of hard links swapped in whole for docs/.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import authorities, paths
from .. import model as m
from ..problems import BuildError, Problem, Problems, display_path
from ..read.registers import read_registers, resolve_references
from ..write import cmif, corpus, downloads
from ..write.downloads import corpus_zip
from . import digest, site, store, urls
from .digest import Digest, sha256
from .parallel import read_one
from .site import MANIFEST, Sources, Stat, Written, scan, stat_of
from .store import StaleCache, State, cache_dir

FAST_LIMIT = 200  # more changed letters than this: the full build (in parallel) is as quick
IN_PLACE = 500  # more changed files than this: a staging folder swapped in whole
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime's tick
CODE = Path(__file__).resolve().parent.parent  # the package, edition/: every layer's folder


T = TypeVar("T")


def code_version() -> str:
    """A hash of the package's own source, every module in every folder, each by its path in the
    package: other code, other pages, so the cache is void."""
    h = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):
        h.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def load(docs: Path, kept: Kept | None = None) -> State | None:
    """The last build's state, if this code wrote it: as `kept` in memory when the store is as
    that build left it, else from the store."""
    state = kept.take(docs) if kept is not None else None
    return state if state is not None else store.load(docs, code_version())


class Kept:
    """The state the last build of this process saved, kept in memory for the next (watch mode):
    loading it again from the store costs a quarter of a second at 10,000 letters. It is used
    only while the store's file is as that build left it (no other build has written it since),
    and taken out while a build runs, so that a build that stops half-way leaves none behind."""

    def __init__(self) -> None:
        self._kept: tuple[Path, tuple[int, int, int, bytes] | None, State] | None = None

    def take(self, docs: Path) -> State | None:
        kept, self._kept = self._kept, None
        if kept is None or (kept[0], kept[1], kept[2].version) != (docs, store.stamp(docs), code_version()):
            return None
        return kept[2]

    def put(self, docs: Path, state: State) -> None:
        self._kept = (docs, store.stamp(docs), state)


def owes_zip(docs: Path, kept: Kept | None = None) -> bool:
    """Whether the last build left the corpus zip owed (watch mode: `zip_later`)."""
    state = load(docs, kept)
    if state is not None and kept is not None:
        kept.put(docs, state)  # looked at, not used up
    return state is not None and bool(state.owed)


def stripped(d: Digest) -> Digest:
    return d._replace(items={})


def trusted(stats: Mapping[str, Stat], since: int) -> dict[str, Stat]:
    """The Stats that vouch for a content: of files not changed in the RACY_NS before `since`."""
    return {key: st for key, st in stats.items() if st[1] < since - RACY_NS}


DEP = "#sha256="  # in `State.seen`, a transcription's key: its path, DEP and its content's SHA-256


def stale_deps(deps: Iterable[tuple[str, str]], seen: Mapping[str, Stat], since: int
               ) -> tuple[set[tuple[str, str]], dict[str, Stat]]:
    """Of the files letters were compared with (a transcription in source/: path and SHA-256 as
    read), those whose content is no longer that; and the Stats that vouch for the others from
    now on. As for letters, a file whose Stat is the one `seen` vouched for is not hashed again
    (the Stat is taken before hashing: a change after it shows in the next Stat). A Stat vouches
    for one content: `seen` keys it by the file's path and that content's SHA-256."""
    stale: set[tuple[str, str]] = set()
    vouched: dict[str, Stat] = {}
    stats: dict[str, Stat | None] = {}
    hashes: dict[str, str | None] = {}
    for dep, sha in deps:
        if dep not in stats:
            try:
                stats[dep] = stat_of(os.stat(dep))
            except OSError:
                stats[dep] = None
        stat, key = stats[dep], f"{dep}{DEP}{sha}"
        if stat is not None and seen.get(key) == stat:
            vouched[key] = stat
            continue
        if dep not in hashes:
            hashes[dep] = sha256(Path(dep)) if stat is not None else None
        if stat is None or hashes[dep] != sha:
            stale.add((dep, sha))
        else:
            vouched.update(trusted({key: stat}, since))
    return stale, vouched


def intact(state: State, found: Mapping[str, Stat]) -> bool:
    """docs/ (`found`) holds what the last build wrote (size, mtime and inode of every file),
    and no file was added to it (a new hand-written page may clash with a URL: the full build
    checks that)."""
    outputs = state.outputs
    if len(found) != len(outputs) + len(state.others) or not state.others <= found.keys():
        return False
    return all(found.get(rel) == st[:3] for rel, st in outputs.items())


def fixed_inputs(sources: Sources, contract: urls.Contract | None) -> dict[str, str]:
    """The files every page may depend on: the edition's, mkdocs.yml (the site's name where there
    is no edition.xml), the registers, the URL contract; and the interface language (mkdocs.yml's,
    edition/messages.py), made this process's own."""
    files = [sources.edition, sources.edition.parent.parent / "mkdocs.yml", *sources.registers]
    if contract is not None:
        files += [contract.manifest, contract.redirects]
    return {str(p): sha256(p) for p in files if p.is_file()} | {
        LANGUAGE: site.interface_language(sources.edition.parent)}


LANGUAGE = "language:"  # the interface language among the fixed inputs (no file's path)


def changed_since(tei: Path, docs: Path, contract: urls.Contract | None) -> list[str] | None:
    """The TEI files (and contract files) that changed since docs/ was last written, by the
    cache's account, and those the corpus zip lacks (watch mode makes it last); None when there
    is no cache to ask (then docs/ may be anything)."""
    state = load(docs)
    if state is None:
        return None
    folder = tei / "letters"
    stats = {f"{folder}/{rel}": st for rel, st in scan(folder, ".xml").items()}
    changed = sorted(stats.keys() ^ state.digests.keys())
    changed += sorted(key for key in stats.keys() & state.digests.keys()
                      if stats[key] != state.seen.get(key) and sha256(Path(key)) != state.digests[key].sha)
    now, then = fixed_inputs(Sources.find(tei, ()), contract), state.inputs
    changed += sorted(path for path in now.keys() | then.keys() if now.get(path) != then.get(path))
    return changed + sorted(state.owed - set(changed))  # what the corpus zip lacks (watch mode's)


# ---------------------------------------------------------------- the build


def build(tei: Path, docs: Path, *, strict: bool = False, jobs: int | None = None,
          contract: urls.Contract | None = None, full: bool = False,
          in_place: bool = False, lenient: bool = False, kept: Kept | None = None,
          zip_later: bool = False) -> tuple[Problems, Written | None]:
    """Build docs/ from tei/, incrementally when the cache allows it, else in full.

    `in_place` (watch mode) never replaces docs/ itself, so that a watcher on it keeps working;
    `kept`, the state in memory between its builds; `zip_later`, a rebuild leaves the corpus
    zip as it is, owed (see rebuild).
    """
    site.recover(docs)
    with collector_paused():
        if not full and not lenient:  # --lenient: always the full build (the cache holds a strict one)
            try:
                fast = rebuild(tei, docs, strict, contract, in_place, kept, zip_later)
            except StaleCache:
                fast = None
            if fast is not None:
                return fast
        return full_build(tei, docs, strict, jobs, contract, in_place, lenient, kept)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one build (and in its worker processes where
    they are forked from it). A build makes millions of objects that live until it ends (the
    models, the digests, the pages), and frees them by reference counting; but each object made counts
    towards the next collection, and each full collection walks every object alive: at 10,000
    letters the collector took a quarter of the full build (75 s, 57 s without it) and 40% of a
    rebuild after adding a letter (unpickling 10,000 headers for the lists), for 30 MB of
    cycles more at the peak. Watch mode builds again and again: the collector runs between."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def full_build(tei: Path, docs: Path, strict: bool, jobs: int | None,
               contract: urls.Contract | None, in_place: bool = False,
               lenient: bool = False, kept: Kept | None = None) -> tuple[Problems, Written | None]:
    """Read everything, write docs/, and fill the cache for the next build."""
    started = time.time_ns()
    letter_stats = scan(tei / "letters", ".xml")  # before reading: a later edit changes them
    problems = Problems(lenient=lenient)
    edition, reads = site.read(tei, problems, jobs)
    of_letters = Counter(p for _, _, items in reads.values() for p in items)
    site.check(edition, problems)
    if problems.failed(strict):
        return problems, None
    digests = [digest.make(lt, edition.entries, *reads[lt.id][1:]) for lt in edition.letters]
    page_reads: dict[str, frozenset[str]] = {}
    listed = site.utf8(site.listing_pages(edition, digests, page_reads))
    previous = load(docs)  # the last build's cache: if it vouches for docs/, nothing is read again
    if previous is not None and not intact(previous, scan(docs)):
        previous = None
    old_zip, unchanged = last_zip(previous, docs, tei, {str(path): sha for path, sha, _ in reads.values()})
    plain = site.render(edition, None, digests, listed, old_zip, unchanged, page_reads, lean=True)
    outputs = dict(plain)  # the letters' models are gone: what the contract needs, the digests keep
    if contract is not None:
        anchors = {d.id: d.urls for d in digests}
        urls.add_aliases(contract, anchors, outputs)
        urls.check(contract, anchors, outputs, site.hand_written_pages(docs), problems)
        if problems.failed(strict):
            return problems, None
    fixed = tuple((Counter(problems.items) - of_letters).elements())  # all but the letters' own
    by_object = {id(content): rel for rel, content in plain.items()}
    suffixes = {rel: text[len(plain[rel]):].decode("utf-8") for rel, text in outputs.items()
                if rel in plain and isinstance(text, bytes) and text != plain[rel]}
    copies = {rel: by_object[id(content)] for rel, content in outputs.items() if rel not in plain}
    plain.clear()
    for rel, content in outputs.items():  # each page once in memory: as text, then as bytes
        outputs[rel] = content.encode("utf-8") if isinstance(content, str) else content
    try:
        known = {rel: stamp[3] for rel, stamp in previous.outputs.items()} if previous else None
        written = (site.write_in_place if in_place else site.write_docs)(outputs, docs, known)
    except BuildError as exc:
        problems.extend(exc.problems)
        return problems, None
    sources = Sources.find(tei, letter_stats)
    outputs[MANIFEST] = manifest(outputs)
    found = scan(docs)
    state = State(
        version=code_version() + ("+lenient" if lenient else ""), inputs=fixed_inputs(sources, contract),
        digests=dict(zip(digest_keys(reads, [d.id for d in digests]), map(stripped, digests), strict=True)),
        seen=trusted({str(tei / "letters" / rel): st for rel, st in letter_stats.items()}, started)
        | stale_deps({pair for d in digests for pair in d.deps}, {}, started)[1],
        edition=pickle.dumps(m.Edition(edition.title, edition.intro, [], edition.entries,
                                       edition.publication), protocol=pickle.HIGHEST_PROTOCOL),
        outputs={rel: (*found[rel], hashlib.sha256(content).hexdigest())
                 for rel, content in outputs.items() if isinstance(content, bytes)},
        reads=page_reads, listings=frozenset(listed), problems=fixed, suffixes=suffixes, copies=copies,
        others=frozenset(found.keys() - outputs.keys()),
    )
    store.save(state, docs, digests)
    if kept is not None:
        kept.put(docs, state)
    for old in ("state.pickle", "journal.pickle", "items.data"):  # where an older version kept it
        (cache_dir(docs) / old).unlink(missing_ok=True)
    return problems, written


def digest_keys(reads: site.Reads, letter_ids: Iterable[str]) -> list[str]:
    """The letters' keys in the cache: each one's file path; `path#id` for a file of several
    letters (which the rebuild does not know: such an edition is always built in full)."""
    letters_in = Counter(path for path, _, _ in reads.values())
    return [str(path) if letters_in[path] == 1 else f"{path}#{letter_id}"
            for letter_id in letter_ids for path in (reads[letter_id][0],)]


def last_zip(state: State | None, docs: Path, tei: Path,
             shas: Mapping[str, str]) -> tuple[bytes | None, set[str]]:
    """The corpus zip of the last build, and the files of tei/ (as the zip names them) whose
    content is what it was then (`shas`: the letters' SHA-256 now), if its cache `state` vouches
    for docs/."""
    zipped = docs / paths.CORPUS_DOWNLOAD
    if state is None or paths.CORPUS_DOWNLOAD not in state.outputs:
        return None, set()
    sources = Sources.find(tei, ())
    same = {key for key, sha in fixed_inputs(sources, None).items() if state.inputs.get(key) == sha}
    same.update(key for key, d in state.digests.items() if shas.get(key) == d.sha)
    return zipped.read_bytes(), {Path(key).relative_to(tei).as_posix() for key in same
                                 if Path(key).is_relative_to(tei)}


def put_files(changes: dict[str, str | bytes | None], docs: Path, kept: Kept | None = None) -> bool:
    """Write (str, bytes) or remove (None) files beside what the last build wrote, in place, and
    note them in the cache, so that the next build stays incremental; False if there is no cache
    that vouches for docs/ (then nothing is written)."""
    if all(_holds(docs / rel, content) for rel, content in changes.items()):
        return True  # as they are already: not even the cache is read
    state = load(docs, kept)
    if state is None or not intact(state, scan(docs)):
        return False
    outputs = {rel: content for rel, content in changes.items() if content is not None}
    gone = {rel for rel, content in changes.items() if content is None and rel in state.outputs}
    written = write_changes(outputs, gone, state, docs, in_place=True)
    if written.written or written.removed:
        store.save(state, docs)
    if kept is not None:
        kept.put(docs, state)
    return True


def _holds(path: Path, content: str | bytes | None) -> bool:
    """`path` has this content (None: there is no such file)."""
    if content is None:
        return not path.exists()
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def manifest(outputs: Mapping[str, object]) -> bytes:
    """The manifest docs/.generated, exactly as site.write_docs writes it."""
    return "".join(f"{rel}\n" for rel in sorted(set(outputs) - {MANIFEST})).encode("utf-8")


class ByLetter(Mapping[str, T]):
    """What `make` gives for each letter's digest, by letter id, made only when asked for."""

    def __init__(self, digests: Iterable[Digest], make: Callable[[Digest], T]) -> None:
        self._digests = {d.id: d for d in digests}
        self._make = make

    def __getitem__(self, letter_id: str) -> T:
        return self._make(self._digests[letter_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._digests)

    def __len__(self) -> int:
        return len(self._digests)


def rebuild(tei: Path, docs: Path, strict: bool, contract: urls.Contract | None,
            in_place: bool = False, kept: Kept | None = None, zip_later: bool = False
            ) -> tuple[Problems, Written | None] | None:
    """The incremental build; None when the cache cannot vouch for it (then build in full).

    `zip_later` (watch mode, on each save): the corpus zip is not made again, and the files it
    lacks are noted as owed (State.owed): at 10,000 letters it is 55 MB, and writing it took a
    third of each rebuild. The next rebuild without it (the one at the end of watching, or any
    other build) makes it with them."""
    state = load(docs, kept)
    if state is None:
        return None
    started = time.time_ns()
    folder = tei / "letters"
    stats = {f"{folder}/{rel}": st for rel, st in scan(folder, ".xml").items()}  # as str(Path) says
    sources = Sources.find(tei, ())  # its letters are `stats`: no Path for each
    inputs = fixed_inputs(sources, contract)
    moved = {key for key in inputs.keys() | state.inputs.keys() if inputs.get(key) != state.inputs.get(key)}
    if state.digests.keys() - stats.keys() or moved - {str(p) for p in sources.registers} \
            or not intact(state, scan(docs)):
        return None  # a letter file gone (its URLs with it), or what every page reads changed
    changed: list[str] = sorted(stats.keys() - state.digests.keys())  # new letters
    seen = dict(state.seen)
    gone, vouched = stale_deps({pair for d in state.digests.values() for pair in d.deps}, seen, started)
    seen = {key: st for key, st in seen.items() if DEP not in key} | vouched  # no old contents
    for key, st in stats.items():
        if key not in state.digests:
            continue
        if st != seen.get(key):  # hashed only if its Stat does not vouch for it
            seen.pop(key, None)
            if sha256(Path(key)) != state.digests[key].sha:
                changed.append(key)
                continue
            seen.update(trusted({key: st}, started))
        if gone.intersection(state.digests[key].deps):  # a transcription it was compared with changed
            changed.append(key)
    base: m.Edition = pickle.loads(state.edition)
    registers = Registers(base.entries, [], set(), set(), set(), set(), set())
    if moved:  # a register file changed, or one was added: the entries it changes, and their letters
        found = registers_changed(base.entries, sources.registers, state.digests)
        if found is None:
            return None
        registers, base.entries = found, found.entries
        changed += sorted(registers.reread - set(changed))
    if len(changed) > FAST_LIMIT:
        return None
    problems = Problems()
    digests = dict(state.digests)
    fresh: dict[str, m.Letter] = {}
    added: set[str] = set()  # URLs published now that were not: paragraphs, notes, pages
    root = tei.resolve().parent
    unreadable: list[Problem] = []  # what the changed files that cannot be read as they are report
    for key in changed:
        letters, items, sha, checks = read_one(Path(key), root=root)
        if not letters and any(p.level == "error" for p in items):
            unreadable += items
            continue
        if len(letters) != 1:
            return None  # a file of several letters: the full build
        letter = letters[0]
        was = state.digests.get(key)
        if letter.entries or (was is not None and (letter.id != was.id or was.local)):
            return None  # registers changed with it (its own entries), or a letter renamed
        letter = resolved(letter, base.entries)
        own = Problems([*items, *checks[0]])
        problems.extend(own)
        fresh[letter.id] = letter
        digests[key] = digest.make(letter, base.entries, sha, tuple(own.items))
        if sha == sha256(Path(key)):  # as read: its Stat vouches for it from now on
            seen.update(trusted({key: stats[key]}, started))
        before = set(was.urls) if was is not None else set()
        if before - set(digests[key].urls):
            return None  # URLs gone: the contract's check, or another letter's link, may fail
        added |= set(digests[key].urls) - before
    if not unique(fresh.values(), base, digests.values()) \
            or not titles_stand(fresh.values(), state.digests.values()):
        return None
    changed_only = m.Edition(base.title, base.intro, list(fresh.values()), base.entries)
    site.check_letters(changed_only, problems)
    links = Problems()
    site.check_links(changed_only, links, ByLetter(digests.values(), lambda d: set(d.ids[1:])))
    problems.extend(links)
    if any(set(state.digests[key].ids) - set(digests[key].ids) for key in changed if key in state.digests):
        return None  # ids gone that another letter may point at: the full build checks them all
    if unreadable or problems.errors:
        return failed(state, changed, [*unreadable, *problems.items], contract), None
    # every warning, as the full build reports them: the changed letters' links and
    # correspondents as they are now
    stale = {display_path(Path(key)) for key in changed}
    possible = Problems()  # every "mentioned in no letter" there could be: made again below
    site.warn_unmentioned(base.entries, set(), possible)
    again = set(possible.items)
    files = {display_path(path) for path in sources.registers} if moved else set()

    def made_again(p: Problem) -> bool:
        return p in again or p.pos.path in files or cmif.entry_place(p) in registers.moved_from \
            or (p.pos.path in stale and (site.about_link(p) or cmif.CHECKED in p.message))

    stays: list[Problem] = []
    dropped: list[Problem] = []
    for p in state.problems:
        (dropped if made_again(p) else stays).append(p)
    problems = Problems(list(stays))
    problems.items.extend(registers.problems)  # the registers' own, read again
    problems.extend(links)
    cmif.check(fresh.values(), base, problems)
    headers = {digests[key].id: digest.header(digests[key])
               for key in sorted(registers.recheck - set(changed))}
    if headers:  # their warnings that give the new place of an entry that moved
        moved_to = Problems()
        cmif.check(headers.values(), base, moved_to)
        problems.items.extend(p for p in moved_to.items if cmif.entry_place(p) in registers.moved_to)
    site.warn_unmentioned(base.entries, digest.union(d.packed_named for d in digests.values()), problems)
    if Counter(problems.items[len(stays):]) != Counter(dropped):  # kept for the next build: all but
        state.problems = tuple(problems.items)  # the letters' own (stored once if none changed)
    for d in digests.values():
        problems.items.extend(d.problems)
    if problems.failed(strict):
        return None
    report = not in_place and paths.BUILD_PROBLEMS in state.outputs  # left by watch mode: now gone
    owed = state.owed | set(changed) | {dep for dep, _ in gone} | moved
    if not (changed or moved or report) and (zip_later or not owed):  # nothing written, not even the cache
        if kept is not None:
            kept.put(docs, state)  # as loaded
        return problems, Written(0, len(state.outputs) - 1, 0)
    outputs, removed = render_changes(base, state, digests, changed, fresh, docs, registers.pages, headers)
    if report:
        removed.add(paths.BUILD_PROBLEMS)
    if any(rel not in state.outputs and (docs / rel).exists() for rel in outputs):
        return None  # a new page would replace a hand-written one: the full build says so
    if contract is not None:
        if removed - {paths.BUILD_PROBLEMS}:
            return None  # pages went: the contract's check says whether they may
        new_rels = outputs.keys() - state.outputs.keys() - {paths.BUILD_PROBLEMS}
        added |= {paths.site_url(rel) for rel in new_rels if not rel.startswith(".")}
        if not contract_holds(contract, state, digests, outputs, removed, added, docs, problems):
            return None
    if owed and not zip_later:
        tei_files: dict[str, str | Path] = {
            p.relative_to(tei).as_posix(): p for p in (sources.edition, *sources.registers) if p.is_file()}
        tei_files.update((key.removeprefix(f"{tei}/"), key) for key in stats)
        zipped = docs / paths.CORPUS_DOWNLOAD
        outputs[paths.CORPUS_DOWNLOAD] = corpus_zip(  # members of unchanged files copied from the last
            tei_files, old=zipped.read_bytes() if zipped.is_file() else None,
            same=tei_files.keys() - {key.removeprefix(f"{tei}/") for key in owed},
            extras=downloads.extras(base, tei.resolve().parent,
                                    (dep for d in digests.values() for dep, _ in d.deps)),
            trusted={key.split(DEP)[0] for key in vouched} - owed)
        owed = frozenset()
    state.owed = owed
    for rel, suffix in state.suffixes.items():
        text = outputs.get(rel)
        if isinstance(text, str):
            outputs[rel] = text + suffix
    for rel, target in state.copies.items():
        if target in outputs:
            outputs[rel] = outputs[target]
    written = write_changes(outputs, removed, state, docs, in_place)
    state.digests = {key: stripped(d) if key in changed else d for key, d in digests.items()}
    state.seen = seen
    if moved:
        state.inputs = inputs
        state.edition = pickle.dumps(m.Edition(base.title, base.intro, [], base.entries, base.publication),
                                     protocol=pickle.HIGHEST_PROTOCOL)
    store.save(state, docs, (digests[key] for key in changed))
    if kept is not None:
        kept.put(docs, state)
    return problems, written


def failed(state: State, changed: Iterable[str], fresh: list[Problem],
           contract: urls.Contract | None) -> Problems:
    """A rebuild that stops at errors of the changed files themselves (their syntax, a reference
    to nothing, a date that is none, a reading text that is not the transcription's; none that
    another letter's problems change with): their problems, and the last build's of every other
    file, as the full build reports them, without reading the other letters again (at 10,000
    letters, half a second instead of a minute, for every save with a typo). As the full build,
    it stops before the URL contract's check: not its warning either."""
    keys = set(changed)
    stale = {display_path(Path(key)) for key in keys}
    kept = [p for p in state.problems if p.pos.path not in stale]
    kept = urls.without_unlisted(contract, kept) if contract is not None else kept
    kept += [p for key, d in state.digests.items() if key not in keys for p in d.problems]
    return Problems([*fresh, *kept])


def contract_holds(contract: urls.Contract, state: State, digests: Mapping[str, Digest],
                   outputs: Mapping[str, object], removed: set[str], added: set[str], docs: Path,
                   problems: Problems) -> bool:
    """With the URL contract, whether a rebuild that only adds URLs may stand (no URL it adds was
    published or redirected before: the old pages' alias tables stay as they are); its warning
    of the URLs the manifest does not list yet made again in `problems` and in the cache's."""
    if not contract.manifest.is_file():
        return True  # the contract's one warning (no manifest) is among the kept problems
    if not added:  # none went either (the caller's rule): as are the check and its warning,
        return True  # kept among the last build's problems (the manifest is as it was then)
    manifest = urls.listed(contract)
    redirects = urls.read_redirects(contract.redirects, Problems())  # checked by the full build
    declared = {url for r in redirects.values() for url in (r.old, r.new)}
    if added & (manifest | declared):
        return False  # a URL comes back: its old anchors may land elsewhere now
    rels = (state.outputs.keys() - removed | outputs.keys()) - {site.MANIFEST, paths.BUILD_PROBLEMS}
    # the pages written by hand are among the files no build wrote (docs/ is as the last build
    # left it: `intact`), not found by opening every page of docs/ (0.9 s at 10,000 letters)
    hand_written = (rel for rel in state.others if rel.endswith(".md") and not site.is_generated(docs / rel))
    current = {paths.site_url(rel) for rel in (*rels, *hand_written)
               if not rel.startswith(".")}
    current |= {url for d in digests.values() for url in d.urls}
    again = Problems()
    urls.warn_unlisted(contract, current, manifest, again)
    problems.items[:] = urls.without_unlisted(contract, problems.items) + again.items
    # the cache's problems too, for a next build that finds nothing changed
    state.problems = (*urls.without_unlisted(contract, state.problems), *again.items)
    return True


def resolved(letter: m.Letter, entries: dict[str, m.Entry]) -> m.Letter:
    """The letter with its references by authority URI pointed at their entries."""
    alone = m.Edition("", (), [letter], entries)
    resolve_references(alone)
    return site.named_parties(alone.letters[0], entries)


def unique(letters: Iterable[m.Letter], base: m.Edition, digests: Iterable[Digest]) -> bool:
    """No id of the changed letters is used by another letter or an entry (the ids inside a
    letter are its own)."""
    fresh = [lt.id for lt in letters]
    others = {d.id for d in digests if d.id not in fresh}
    return len(fresh) == len(set(fresh)) and not any(i in others or i in base.entries for i in fresh)


def titles_stand(letters: Iterable[m.Letter], old: Iterable[Digest]) -> bool:
    """The changed letters' titles, as read, are what the full build shows, and no other letter's
    title changes with them (`site.distinct_titles`): no changed letter had its id added to its
    title, and none has, or had, the title of another letter (as shown, or before its id was added)."""
    fresh = {lt.id: lt.title for lt in letters}
    before = {d.id: d.title for d in old}
    if any(before.get(i, "").endswith(f" ({i})") for i in fresh):
        return False
    taken = {t for i, t in before.items() if i not in fresh}
    taken |= {t.removesuffix(f" ({i})") for i, t in before.items() if i not in fresh}
    return len(set(fresh.values())) == len(fresh) and not taken.intersection(
        {*fresh.values(), *(before[i] for i in fresh if i in before)})  # a new letter: no title before


def render_changes(base: m.Edition, state: State, digests: dict[str, Digest], changed: list[str],
                   fresh: dict[str, m.Letter], docs: Path, groups: Iterable[str] = (),
                   headers: Mapping[str, m.Letter] | None = None) -> tuple[dict[str, str | bytes], set[str]]:
    """The pages of the changed letters, of the `groups` of pages made again whatever they read
    (a changed register entry's), and of every group of pages that read, when it was made,
    something they changed (`state.reads`, see site.Recording): their headers, their neighbours',
    what they give to an entry's page; and the pages no longer made. A new letter is a letter
    whose header, place in the order and items all changed. `headers`: those of some letters,
    already made, by id."""
    old, new = state.digests, digests
    made = headers or {}

    def header(d: Digest) -> m.Letter:
        return made.get(d.id) or digest.header(d)

    order = sorted(new.values(), key=lambda d: d.sort_key)
    near = corpus.neighbours([(d.id, d.chain) for d in order])
    changes = {new[k].id for k in changed if k not in old or new[k].light != old[k].light}  # headers
    if any(k not in old or (new[k].sort_key, new[k].chain) != (old[k].sort_key, old[k].chain)
           for k in changed):
        was = sorted(old.values(), key=lambda d: d.sort_key)
        old_near = corpus.neighbours([(d.id, d.chain) for d in was])
        changes |= {site.NEAR + i for i, n in near.items() if n != old_near.get(i)}
    for key in changed:
        b = new[key]
        a = store.with_items([old[key]], docs)[0] if key in old else b._replace(items={}, parties=())
        changes |= {site.ITEMS + e for e in a.items.keys() | b.items.keys()
                    if a.items.get(e) != b.items.get(e)}
        before, after = Counter(a.parties), Counter(b.parties)
        changes |= {site.WRITTEN + e for e in before.keys() | after.keys() if before[e] != after[e]}
    dirty = reached(state.reads, changes) | set(fresh) | set(groups)
    key_of = {d.id: key for key, d in new.items()}
    letter_ids = sorted(dirty.intersection(key_of))
    entries = {u.removeprefix(site.ENTRY) for u in dirty if u.startswith(site.ENTRY)}
    base.letter_sources = {i: Path(key_of[i]) for i in letter_ids}
    letters = [fresh.get(i) or _reread(base.letter_sources[i], base.entries, new[key_of[i]].title)
               for i in letter_ids]
    # the entries' pages need the items of every letter that mentions them, and only those
    wanted = [d for d in order if not d.items and entries.intersection(d.mentioned)]
    found = {d.id: d for d in store.with_items(wanted, docs)}
    order = [found.get(d.id, d) for d in order]
    reads: dict[str, frozenset[str]] = {}
    outputs = {**site.letter_pages(base, letters, order, ByLetter(order, header), near, reads),
               **site.entry_pages(base, (base.entries[e] for e in sorted(entries) if e in base.entries),
                                  order, reads)}
    # an entry whose mentions no longer fill pages by year or month: those pages go
    folders = tuple(paths.entry_page(base.entries[e].kind, e)[: -len(".md")] + "/" for e in entries
                    if e in base.entries) + tuple(paths.iiif_folder(i) for i in letter_ids)  # and old tiles
    removed = {rel for rel in state.outputs if rel.startswith(folders) and rel not in outputs}
    if site.LISTINGS in dirty:
        listing = m.Edition(base.title, base.intro, [header(d) for d in order], base.entries,
                            base.publication)
        listed = site.listing_pages(listing, order, reads)
        outputs.update(listed)
        removed |= set(state.listings - listed.keys())
        state.listings = frozenset(listed)
    state.reads.update(reads)  # (the store's snapshot of them is a copy)
    return outputs, removed


class Registers(NamedTuple):
    """What changed with the register files (`registers_changed`)."""

    entries: dict[str, m.Entry]  # as they are now
    problems: list[Problem]  # the warnings of reading them
    reread: set[str]  # the letters (keys) that point at an entry whose content changed: read again
    recheck: set[str]  # the letters whose warnings give the place of an entry that moved in its file
    pages: set[str]  # the groups of pages made again: the changed entries', those of the entries
    # that point at them, and the listings
    moved_from: set[str]  # where the entries that moved were (as `Pos` gives it: path:line:col)
    moved_to: set[str]  # and where they are now


def registers_changed(old: Mapping[str, m.Entry], files: Iterable[Path], digests: Mapping[str, Digest]
                      ) -> Registers | None:
    """The register files read again, and what their change means for the letters and pages;
    None where the full build must judge it: an error in them, an entry gone (its page and
    URL with it, and any pointer at it), an entry's id that a letter takes, a letter that
    carries entries of its own (they join the registers').

    A letter's page shows the entries it points at, so a letter that points at an entry whose
    content changed (its name, its authority records…) is read again, and so is one whose
    pointer by authority URI or @key an entry now answers. An entry that only moved in its
    file changes no page: only the warnings that give its place."""
    problems = Problems()
    entries = read_registers(list(files), problems)
    letter_ids = {d.id for d in digests.values()}
    if problems.errors or old.keys() - entries.keys() or letter_ids.intersection(entries) \
            or any(d.local for d in digests.values()):
        return None
    content = {i for i, e in entries.items() if i not in old or replace(e, pos=old[i].pos) != old[i]}
    places = {i for i, e in entries.items() if i in old and e.pos != old[i].pos} - content
    answers = {authorities.key(a.url) for i in content for a in entries[i].authorities if a.url}
    answers |= {key for i in content for key in entries[i].keys}

    def answered(ref: str) -> bool:  # a pointer that no entry answered, and a changed one may now
        return ref not in old and (authorities.key(ref) if "://" in ref else ref) in answers

    reread, recheck = set(), set()
    for key, d in digests.items():
        named = set(d.named)
        if named & content or any(answered(ref) for ref in named):
            reread.add(key)
        elif named & places:
            recheck.add(key)
    pages = {site.ENTRY + i for i, e in entries.items() if i in content or entry_refs(e) & content}
    pages |= {site.LISTINGS} if content else set()
    return Registers(entries, problems.items, reread, recheck, pages,
                     {str(old[i].pos) for i in places}, {str(entries[i].pos) for i in places})


def entry_refs(entry: m.Entry) -> set[str]:
    """The entries an entry's page names: those its lists point at, and those its description,
    sources, literature and name variants mention."""
    out = set(entry.related)

    def walk(nodes: Iterable[m.Inline]) -> None:
        for node in nodes:
            if isinstance(node, m.Mention):
                out.update(node.refs)
            for name in ("children", "shown", "other"):
                kids = getattr(node, name, None)
                if isinstance(kids, tuple):
                    walk(kids)

    walk(entry.description)
    for inlines in (*entry.sources, *entry.literature, *(v.source for v in entry.variants)):
        walk(inlines)
    return out


def reached(reads: Mapping[str, frozenset[str]], changes: set[str]) -> set[str]:
    """The groups of pages that read one of the keys that `changes`, or every key of its kind."""
    wide = changes | {key[: key.find(":") + 1] + site.EVERY for key in changes}  # a header: "*"
    return {group for group, read in reads.items() if not wide.isdisjoint(read)}


def _reread(path: Path, entries: dict[str, m.Entry], title: str) -> m.Letter:
    """An unchanged letter read again, with the title the full build gave it (site.distinct_titles)."""
    letters = read_one(path).letters
    if len(letters) != 1:  # it was read without error by the last build, and has not changed
        raise RuntimeError(f"{path}: could not be read again")
    return replace(resolved(letters[0], entries), title=title)


def write_changes(outputs: dict[str, str | bytes], removed: set[str], state: State, docs: Path,
                  in_place: bool = False) -> Written:
    """Write the outputs whose content changed, remove the `removed`, and note it all in `state`."""
    changes: dict[str, bytes | None] = dict.fromkeys(removed)
    hashes: dict[str, str] = {}
    for rel, content in outputs.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        hashes[rel] = hashlib.sha256(data).hexdigest()
        if rel not in state.outputs or state.outputs[rel][3] != hashes[rel]:
            changes[rel] = data
    if changes.keys() - state.outputs.keys() or removed:
        listed = (state.outputs.keys() - removed) | outputs.keys()
        changes[MANIFEST] = manifest(dict.fromkeys(listed))
        hashes[MANIFEST] = hashlib.sha256(changes[MANIFEST] or b"").hexdigest()
    if in_place or len(changes) <= IN_PLACE:
        site.write_files(docs, changes)
    elif changes:
        replace_files(docs, changes)
    folder = os.fspath(docs)
    for rel, change in changes.items():
        if change is None:
            state.outputs.pop(rel, None)
        else:
            st = os.stat(f"{folder}/{rel}")
            state.outputs[rel] = (*stat_of(st), hashes[rel])
    written = sum(1 for rel, change in changes.items() if change is not None and rel != MANIFEST)
    return Written(written, len(state.outputs) - 1 - written, len(removed))


# ---------------------------------------------------------------- replacing files all or nothing


def replace_files(docs: Path, changes: dict[str, bytes | None]) -> None:
    """Write (bytes) or remove (None) files of docs/, all or nothing, as site.write_docs does:
    a staging folder of hard links to every other file, swapped in whole for docs/. Unlike
    write_docs it reads no unchanged file, since the cache already knows they are unchanged."""
    staging = docs.with_name(f".{docs.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)  # left by a build that was killed: it never became docs/
    folder = os.fspath(docs)
    for top, _, names in os.walk(folder):
        rel_top = os.path.relpath(top, folder)
        os.makedirs(os.path.join(staging, rel_top), exist_ok=True)
        for name in names:
            rel = name if rel_top == "." else f"{rel_top}/{name}"
            if rel not in changes:
                os.link(os.path.join(top, name), os.path.join(staging, rel))
    for rel, data in changes.items():
        if data is not None:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    site.sync_tree(staging)
    site.swap(staging, docs)
