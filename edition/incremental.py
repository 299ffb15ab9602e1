"""Incremental builds: after an edit, re-read only the letters whose content changed, and rewrite
only the pages that depend on them.

What changed is found from SHA-256 content hashes, never from timestamps. The cache, beside
docs/ in `.docs.cache/`, keeps each letter's digest (what it gives to other pages), the edition's
registers, and what the last build wrote. Whenever the cache cannot vouch for the result (no
cache, other code, a register or the edition file changed, letters added or removed, docs/
changed by someone else, an error to report) the full build runs instead, and refills it.

An incremental build writes docs/ all or nothing, like the full one: a staging folder, then one
atomic swap. Only the files it changes are written; every other is hard-linked, never read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, digest, fidelity, paths, site, urls
from . import model as m
from .digest import Digest, sha256
from .downloads import corpus_zip
from .parallel import read_one
from .problems import BuildError, Problem, Problems
from .registers import resolve_references
from .site import MANIFEST, Sources, Written

FAST_LIMIT = 200  # more changed letters than this: the full build (in parallel) is as quick
CODE = Path(__file__).resolve().parent


def code_version() -> str:
    """A hash of the package's own source: other code, other pages, so the cache is void."""
    h = hashlib.sha256()
    for path in sorted(CODE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


Stamp = tuple[int, int, int, str]  # size, mtime_ns, inode, SHA-256 of a file of docs/


@dataclass(slots=True)
class State:
    """What the last build read and wrote."""

    version: str
    inputs: dict[str, str]  # edition.xml and the registers: path → SHA-256
    digests: dict[str, Digest]  # path of each letter → its digest
    edition: bytes  # the pickled edition without its letters: title, registers, publication
    outputs: dict[str, Stamp] = field(default_factory=dict)
    listings: frozenset[str] = frozenset()  # the outputs made by site.listing_pages
    problems: tuple[Problem, ...] = ()  # what reading edition.xml and the registers reported
    # what the URL contract added to the outputs: text after a page, and files copied to old paths
    suffixes: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)


def cache_dir(docs: Path) -> Path:
    return docs.with_name(f".{docs.name}.cache")


def load(docs: Path) -> State | None:
    try:
        with (cache_dir(docs) / "state.pickle").open("rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return state if isinstance(state, State) and state.version == code_version() else None


def save(state: State, docs: Path) -> None:
    folder = cache_dir(docs)
    folder.mkdir(exist_ok=True)
    tmp = folder / "state.pickle.tmp"
    with tmp.open("wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / "state.pickle")


def stamp(path: Path, data: bytes | None = None) -> Stamp:
    st = path.stat()
    data = path.read_bytes() if data is None else data
    return st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha256(data).hexdigest()


def intact(state: State, docs: Path) -> bool:
    """docs/ holds exactly what the last build wrote (size, mtime and inode of every file)."""
    folder = os.fspath(docs)
    for rel, (size, mtime, inode, _) in state.outputs.items():
        try:
            st = os.stat(f"{folder}/{rel}")
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) != (size, mtime, inode):
            return False
    return True


def fixed_inputs(sources: Sources, contract: urls.Contract | None) -> dict[str, str]:
    """The files every page may depend on: the edition's, the registers, the URL contract."""
    files = [sources.edition, *sources.registers]
    if contract is not None:
        files += [contract.manifest, contract.redirects, contract.mkdocs]
    return {str(p): sha256(p) for p in files if p.is_file()}


# ---------------------------------------------------------------- the build


def build(tei: Path, docs: Path, *, strict: bool = False, jobs: int | None = None,
          contract: urls.Contract | None = None, full: bool = False) -> tuple[Problems, Written | None]:
    """Build docs/ from tei/, incrementally when the cache allows it, else in full."""
    site.recover(docs)
    if not full:
        fast = rebuild(tei, docs, strict, contract)
        if fast is not None:
            return fast
    return full_build(tei, docs, strict, jobs, contract)


def full_build(tei: Path, docs: Path, strict: bool, jobs: int | None,
               contract: urls.Contract | None) -> tuple[Problems, Written | None]:
    """Read everything, write docs/ in one swap, and fill the cache for the next build."""
    problems = Problems()
    edition, reads = site.read(tei, problems, jobs)
    of_letters = Counter(p for _, _, items in reads.values() for p in items)
    site.check(edition, problems)
    if problems.failed(strict):
        return problems, None
    digests = [digest.make(lt, edition.entries, *reads[lt.id][1:]) for lt in edition.letters]
    plain = site.render(edition, None, digests)
    outputs = dict(plain)
    if contract is not None:
        urls.add_aliases(contract, edition, outputs)
        urls.check(contract, edition, outputs, site.hand_written_pages(docs), problems)
        if problems.failed(strict):
            return problems, None
    fixed = tuple((Counter(problems.items) - of_letters).elements())  # all but the letters' own
    listings = frozenset(site.listing_pages(edition, digests))
    try:
        written = site.write_docs(outputs, docs)
    except BuildError as exc:
        problems.extend(exc.problems)
        return problems, None
    sources = Sources.find(tei)
    data = {rel: text.encode("utf-8") if isinstance(text, str) else text for rel, text in outputs.items()}
    data[MANIFEST] = manifest(data)
    by_object = {id(content): rel for rel, content in plain.items()}
    save(State(
        version=code_version(), inputs=fixed_inputs(sources, contract),
        digests={str(reads[d.id][0]): d for d in digests},
        edition=pickle.dumps(m.Edition(edition.title, edition.intro, [], edition.entries,
                                       edition.publication), protocol=pickle.HIGHEST_PROTOCOL),
        outputs={rel: stamp(docs / rel, content) for rel, content in data.items()},
        listings=listings, problems=fixed,
        suffixes={rel: text[len(plain[rel]):] for rel, text in outputs.items()
                  if rel in plain and isinstance(text, str) and text != plain[rel]},
        copies={rel: by_object[id(content)] for rel, content in outputs.items() if rel not in plain},
    ), docs)
    return problems, written


def manifest(outputs: Mapping[str, object]) -> bytes:
    """The manifest docs/.generated, exactly as site.write_docs writes it."""
    return "".join(f"{rel}\n" for rel in sorted(set(outputs) - {MANIFEST})).encode("utf-8")


class Headers(Mapping[str, m.Letter]):
    """Letters' headers by id, unpickled from their digests only when asked for."""

    def __init__(self, digests: Sequence[Digest]) -> None:
        self._digests = {d.id: d for d in digests}

    def __getitem__(self, letter_id: str) -> m.Letter:
        return digest.header(self._digests[letter_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._digests)

    def __len__(self) -> int:
        return len(self._digests)


def rebuild(tei: Path, docs: Path, strict: bool,
            contract: urls.Contract | None) -> tuple[Problems, Written | None] | None:
    """The incremental build; None when the cache cannot vouch for it (then build in full)."""
    state = load(docs)
    if state is None:
        return None
    sources = Sources.find(tei)
    files = {str(p): p for p in sources.letters}
    if files.keys() != state.digests.keys() or fixed_inputs(sources, contract) != state.inputs \
            or not intact(state, docs):
        return None
    changed = [key for key, path in files.items() if sha256(path) != state.digests[key].sha
               or any(not Path(dep).is_file() or sha256(Path(dep)) != sha
                      for dep, sha in state.digests[key].deps)]
    if len(changed) > FAST_LIMIT:
        return None
    base: m.Edition = pickle.loads(state.edition)
    problems = Problems()
    digests = dict(state.digests)
    fresh: dict[str, m.Letter] = {}
    root = tei.resolve().parent
    for key in changed:
        letter, items, sha = read_one(files[key])
        if letter is None or letter.id != state.digests[key].id or letter.entries \
                or state.digests[key].local:
            return None  # an error to report, a letter renamed, or registers changed with it
        letter = resolved(letter, base.entries)
        own = Problems(list(items))
        fidelity.check_letter(letter, root, own)
        problems.extend(own)
        fresh[letter.id] = letter
        digests[key] = digest.make(letter, base.entries, sha, tuple(own.items))
        if contract is not None and digests[key].urls != state.digests[key].urls:
            return None  # the URLs changed: the contract's checks and aliases need the full build
    if problems.errors or not unique(fresh.values(), base, digests.values()):
        return None
    changed_only = m.Edition(base.title, base.intro, list(fresh.values()), base.entries)
    site.check_letters(changed_only, problems)
    site.check_links(changed_only, problems, {d.id: set(d.ids[1:]) for d in digests.values()})
    if problems.errors or any(set(state.digests[key].ids) - set(digests[key].ids) for key in changed):
        return None  # an error to report, or ids gone that another letter may point at
    problems = Problems(list(state.problems))  # every warning, as the full build reports them
    for d in digests.values():
        problems.items.extend(d.problems)
    site.warn_unmentioned(base.entries, {ref for d in digests.values() for ref in d.named}, problems)
    if problems.failed(strict):
        return None
    if not changed:
        return problems, Written(0, len(state.outputs) - 1, 0)
    base.letter_sources = {d.id: files[key] for key, d in digests.items()}
    outputs, removed = render_changes(base, state, digests, changed, fresh, files)
    if any(rel not in state.outputs and (docs / rel).exists() for rel in outputs):
        return None  # a new page would replace a hand-written one: the full build says so
    if contract is not None and (removed or outputs.keys() - state.outputs.keys()):
        return None  # pages came or went: the contract's checks and aliases need the full build
    base.sources = {p.relative_to(tei).as_posix(): p for p in
                    (sources.edition, *sources.registers, *sources.letters) if p.is_file()}
    outputs[paths.CORPUS_DOWNLOAD] = corpus_zip(base.sources)
    for rel, suffix in state.suffixes.items():
        text = outputs.get(rel)
        if isinstance(text, str):
            outputs[rel] = text + suffix
    for rel, target in state.copies.items():
        if target in outputs:
            outputs[rel] = outputs[target]
    written = write_changes(outputs, removed, state, docs)
    state.digests = digests
    save(state, docs)
    return problems, written


def resolved(letter: m.Letter, entries: dict[str, m.Entry]) -> m.Letter:
    """The letter with its references by authority URI pointed at their entries."""
    alone = m.Edition("", (), [letter], entries)
    resolve_references(alone)
    return alone.letters[0]


def unique(letters: Iterable[m.Letter], base: m.Edition, digests: Iterable[Digest]) -> bool:
    """No id of the changed letters is used by another letter or an entry."""
    fresh = {lt.id for lt in letters}
    ids = [i for d in digests if d.id in fresh for i in d.ids]
    if len(ids) != len(set(ids)):
        return False
    others = {i for d in digests if d.id not in fresh for i in d.ids} | base.entries.keys()
    return not others.intersection(ids)


def render_changes(base: m.Edition, state: State, digests: dict[str, Digest], changed: list[str],
                   fresh: dict[str, m.Letter], files: dict[str, Path]
                   ) -> tuple[dict[str, str | bytes], set[str]]:
    """The pages that depend on the changed letters (theirs, their neighbours', their entries',
    and, when a header changed, the indexes and corpus pages), and the pages no longer made."""
    old, new = state.digests, digests
    order = sorted(new.values(), key=lambda d: d.sort_key)
    old_near = corpus.neighbours([(d.id, d.chain) for d in sorted(old.values(), key=lambda d: d.sort_key)])
    near = corpus.neighbours([(d.id, d.chain) for d in order])
    headers_changed = {new[k].id for k in changed if new[k].light != old[k].light}
    dirty = set(fresh) | {i for i, n in near.items() if n != old_near[i] or headers_changed & set(n)}
    key_of = {d.id: key for key, d in new.items()}
    letters = [fresh.get(i) or _reread(files[key_of[i]], base.entries) for i in sorted(dirty)]
    entries: set[str] = set()
    for key in changed:
        a, b = old[key], new[key]
        entries |= {e for e in a.items.keys() | b.items.keys() if a.items.get(e) != b.items.get(e)}
        if a.parties != b.parties:
            entries |= set(a.parties) | set(b.parties)
    outputs = {**site.letter_pages(base, letters, order, Headers(order)),
               **site.entry_pages(base, (base.entries[e] for e in sorted(entries) if e in base.entries),
                                  order)}
    # an entry whose mentions no longer fill pages by year or month: those pages go
    folders = tuple(paths.entry_page(base.entries[e].kind, e)[: -len(".md")] + "/" for e in entries
                    if e in base.entries)
    removed = {rel for rel in state.outputs if rel.startswith(folders) and rel not in outputs}
    if headers_changed:
        listing = m.Edition(base.title, base.intro, [digest.header(d) for d in order], base.entries,
                            base.publication)
        listed = site.listing_pages(listing, order)
        outputs.update(listed)
        removed |= set(state.listings - listed.keys())
        state.listings = frozenset(listed)
    return outputs, removed


def _reread(path: Path, entries: dict[str, m.Entry]) -> m.Letter:
    letter, _, _ = read_one(path)
    if letter is None:  # it was read without error by the last build, and has not changed
        raise RuntimeError(f"{path}: could not be read again")
    return resolved(letter, entries)


def write_changes(outputs: dict[str, str | bytes], removed: set[str], state: State, docs: Path) -> Written:
    """Write the outputs whose content changed, remove the `removed`, and note it all in `state`."""
    changes: dict[str, bytes | None] = dict.fromkeys(removed)
    for rel, content in outputs.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        if rel not in state.outputs or state.outputs[rel][3] != hashlib.sha256(data).hexdigest():
            changes[rel] = data
    if changes.keys() - state.outputs.keys() or removed:
        listed = (state.outputs.keys() - removed) | outputs.keys()
        changes[MANIFEST] = manifest(dict.fromkeys(listed))
    if changes:
        replace_files(docs, changes)
    for rel, change in changes.items():
        if change is None:
            state.outputs.pop(rel, None)
        else:
            state.outputs[rel] = stamp(docs / rel, change)
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
            with target.open("wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
    site.swap(staging, docs)
