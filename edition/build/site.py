"""A build: collect the edition from tei/, check it, render every page, write docs/ safely.

Writing is all or nothing: pages are written into a staging folder beside docs/ (unchanged
files are hard-linked, so they keep their inode and mtime), which then replaces docs/ in one
atomic exchange. A failed or killed build leaves the last good docs/ as it was.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import hashlib
import json
import os
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .. import config, images, links, messages, paths
from .. import model as m
from ..problems import BuildError, Pos, Problem, Problems, display_path
from ..read.registers import add_entries, read_registers, resolve_references
from ..read.tei import nearest, read_edition
from ..write import cmif, corpus, data, downloads, iiif, pages, search, viewer
from ..write.downloads import corpus_zip
from ..write.markdown import letter_date
from . import digest, urls
from .digest import Digest
from .parallel import read_letters


@dataclass(frozen=True, slots=True)
class Sources:
    """Where the TEI of an edition lives: `tei/edition.xml` (optional), the register files and
    the letter files.

    With a `tei/letters/` folder, its files (and subfolders) are the letters and those of
    `tei/registers/` the registers. Without one, `tei/` is a folder (or tree) of TEI files as an
    edition keeps it, and each file is told apart by its content (`classify`).
    """

    edition: Path
    registers: list[Path]
    letters: list[Path]

    @classmethod
    def find(cls, tei: Path, letters: Iterable[str] | None = None) -> Sources:
        """The files of tei/; `letters` are those of tei/letters/ if already scanned."""
        folder = tei / "letters"
        if not folder.is_dir():
            return cls.discover(tei)
        found = scan(folder, ".xml") if letters is None else letters
        return cls(
            edition=tei / "edition.xml",
            registers=[tei / "registers" / rel for rel in sorted(scan(tei / "registers", ".xml"),
                                                                 key=lambda rel: rel.split("/"))],
            letters=[folder / rel for rel in sorted(found, key=lambda rel: rel.split("/"))],  # as Paths sort
        )

    @classmethod
    def discover(cls, tei: Path) -> Sources:
        """A tree of TEI files: each a letter file or a register file, by what it holds."""
        edition = tei / "edition.xml"
        registers: list[Path] = []
        letters: list[Path] = []
        for rel in sorted(scan(tei, ".xml"), key=lambda rel: rel.split("/")):
            path = tei / rel
            if path != edition:
                (registers if classify(path) == "register" else letters).append(path)
        return cls(edition, registers, letters)


@functools.lru_cache(maxsize=65536)
def _classify(path: Path, stat: Stat) -> str:
    from lxml import etree

    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True,
                                                      load_dtd=False)).getroot()
    except (etree.XMLSyntaxError, OSError):
        return "letter"  # read as a letter, which reports why it cannot be read
    ns = "{http://www.tei-c.org/ns/1.0}"
    if root.tag != f"{ns}TEI":
        return "register"  # <standOff>, <person>, <listPerson>, … as the root
    if root.find(f"{ns}teiHeader/{ns}profileDesc/{ns}correspDesc") is not None:
        return "letter"
    body = root.find(f"{ns}text/{ns}body")
    if body is None:
        return "register" if root.find(f".//{ns}standOff") is not None else "letter"
    lists = {f"{ns}{name}" for name in ("listPerson", "listPlace", "listBibl", "listOrg",
                                         "listEvent", "listNym", "listRelation")}
    if not any(el.tag in lists for el in body.iter()):
        return "letter"

    def writing(el: etree._Element) -> bool:  # text outside the lists and headings
        if el.tag in lists:
            return False
        own = (el.text or "").strip() and el.tag != f"{ns}head"
        return bool(own) or any(writing(c) or (c.tail or "").strip() for c in el
                                if isinstance(c.tag, str))

    return "letter" if writing(body) else "register"


def classify(path: Path) -> str:
    """"letter" for a file with a correspDesc or writing in text/body; "register" for a file
    of listPerson/listPlace/listBibl/listOrg/listEvent (or whose root is not <TEI>)."""
    st = path.stat()
    return _classify(path, stat_of(st))


Stat = tuple[int, int, int]  # a file's size, mtime (ns) and inode: if all three are the same, so is it


def scan(folder: Path, suffix: str = "") -> dict[str, Stat]:
    """Every file under `folder` whose name ends in `suffix`, by its path relative to `folder`
    (with /), and its Stat. One scandir per folder: at 10,000 files, far cheaper than rglob."""
    out: dict[str, Stat] = {}
    todo = [("", os.fspath(folder))]
    while todo:
        prefix, top = todo.pop()
        try:
            entries = list(os.scandir(top))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            name = entry.name
            if entry.is_dir():
                if not entry.is_symlink():  # as rglob: no loops through links
                    todo.append((f"{prefix}{name}/", entry.path))
            elif name.endswith(suffix):
                out[prefix + name] = stat_of(entry.stat())
    return out


def stat_of(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def collect(tei: Path, problems: Problems, jobs: int | None = None) -> m.Edition:
    """Read and check the edition; `jobs` processes read the letters (default: one per core).
    With `problems.lenient`, what an edition as it is holds is reported as warnings (--lenient)."""
    edition, _ = read(tei, problems, jobs)
    check(edition, problems)
    return edition


Reads = dict[str, tuple[Path, str, tuple[Problem, ...]]]  # letter id → its file, SHA-256, problems


def read(tei: Path, problems: Problems, jobs: int | None = None) -> tuple[m.Edition, Reads]:
    """The edition's header, its registers (read once) and its letters, sorted by date."""
    sources = Sources.find(tei)
    language = interface_language(tei, problems)
    publication: m.Publication | None = None
    if not sources.edition.is_file():
        title, intro = site_name(tei, problems), tuple[m.Block, ...]()
    else:
        title, intro, publication = read_edition(sources.edition, problems)
    if not sources.letters:
        problems.error(Pos(display_path(tei / "letters")),
                       "no letters found; put each letter's TEI file in this folder")
    edition = m.Edition(title, intro, publication=publication, language=language)
    edition.entries = read_registers(sources.registers, problems)
    failed = {e.pos.path for e in problems.errors}
    edition.unread |= {word for path in sources.registers if display_path(path) in failed
                       for word in written_ids(path)}
    edition.sources = {p.relative_to(tei).as_posix(): p for p in
                       (sources.edition, *sources.registers, *sources.letters) if p.is_file()}
    reads: Reads = {}
    conflicts: set[str] = set()  # entries of one id that disagree, reported once for the edition
    root = tei.resolve().parent
    read_all = read_letters(sources.letters, jobs, problems.lenient, language, root)
    for path, (letters, items, sha, checks) in zip(sources.letters, read_all, strict=True):
        if not letters:
            edition.unread |= written_ids(path)
        for n, letter in enumerate(letters):
            edition.letters.append(letter)
            edition.letter_sources[letter.id] = path
            mine = Problems([*(items if n == 0 else ()), *checks[n]], lenient=problems.lenient)
            add_entries(edition.entries, letter.entries, mine, conflicts)
            reads[letter.id] = (path, sha, tuple(mine.items))
            problems.items.extend(mine.items)
        if not letters:
            problems.items.extend(items)
    edition.letters.sort(key=lambda lt: lt.sort_key)
    resolve_references(edition)
    edition.letters = distinct_titles([named_parties(lt, edition.entries) for lt in edition.letters])
    files = len(sources.letters)
    print(f"build.py: found {len(edition.letters)} letter(s) in {files} file(s), {len(sources.registers)}"
          f" register file(s) with {len(edition.entries)} entries"
          + ("" if sources.edition.is_file() else ", no edition.xml (title from mkdocs.yml)"))
    return edition, reads


_WRITTEN_ID = re.compile(r"""(?:xml:id|ref|key|target|corresp)\s*=\s*["']([^"']+)["']""")


def written_ids(path: Path) -> set[str]:
    """The ids and references written in a file that could not be read, found in its text."""
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return set()
    return {word.rsplit("#", 1)[-1] for found in _WRITTEN_ID.finditer(text)
            for word in found.group(1).split()}


def named_parties(letter: m.Letter, entries: Mapping[str, m.Entry]) -> m.Letter:
    """The letter with each correspondent and place that correspDesc names only by @ref (no
    content) named as its register entry names it ("unidentified" where no entry does)."""
    def named(parties: tuple[m.Party, ...]) -> tuple[m.Party, ...]:
        return tuple(p if p.name else dataclasses.replace(
            p, name=entries[p.ref].name if p.ref is not None and p.ref in entries
            else messages.t("letter.unidentified"))
            for p in parties)

    if all(p.name for p in (*letter.senders, *letter.addressees, *letter.places)):
        return letter
    return dataclasses.replace(letter, senders=named(letter.senders),
                               addressees=named(letter.addressees), places=named(letter.places))


def distinct_titles(letters: list[m.Letter]) -> list[m.Letter]:
    """The letters, no two with the same title unless the TEI gives both that title, and no two
    whose pages would look the same: a title the build made ("Anna to Bert, 2 January 1900")
    that another letter has too, and a title of the TEI that another letter with the same date
    and correspondents has too, get the letter's id ("… (L0012)"), a fact of the source, not an
    invented one (`incremental.titles_stand` keeps a rebuild from missing a change of these)."""
    shared = Counter(lt.title for lt in letters)
    faces = Counter(face(lt) for lt in letters)
    return [dataclasses.replace(lt, title=f"{lt.title} ({lt.id})")
            if shared[lt.title] > 1 and (not lt.own_title or faces[face(lt)] > 1) else lt
            for lt in letters]


def face(letter: m.Letter) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """What a letter's page and the lists show of it at first: title, date, correspondents."""
    return (letter.title, letter_date(letter), tuple(p.name for p in letter.senders),
            tuple(p.name for p in letter.addressees))


def config_of(tei: Path) -> Path | None:
    """The edition's mkdocs.yml: the one beside tei/, else the one in the working folder."""
    return next((config for config in (tei.resolve().parent / "mkdocs.yml", Path("mkdocs.yml").resolve())
                 if config.is_file()), None)


def interface_language(tei: Path, problems: Problems | None = None) -> str:
    """The language of the words the build writes (messages.language_of), made this process's
    own; a warning at the setting where the catalogue lacks it (its words are then English)."""
    config = config_of(tei)
    setting = messages.language_of(tei, config)
    where = Pos(display_path(setting.path), setting.line, setting.col) if setting.path else Pos("")
    if not setting.known and problems is not None:
        problems.warning(where, f"the interface language \"{setting.tag}\" has no messages in"
                         f" edition/messages.py, which has {', '.join(messages.LANGUAGES)}: the words"
                         " build.py writes (labels, headings, dates) are English on these pages; add the"
                         " language's messages to edition/messages.py, or choose one of those")
    elif setting.path is not None and setting.path != config and config is not None \
            and messages.messages(setting.tag).language != messages.DEFAULT and problems is not None:
        problems.warning(where, f"the edition's language is \"{setting.tag}\" (xml:lang), but"
                         f" {display_path(config)} sets no theme.language, so Material's own words (search,"
                         " navigation, footer) stay English beside the edition's; add theme: language:"
                         f" {setting.tag} to {display_path(config)}")
    messages.use(setting.tag)
    return setting.tag


def site_name(tei: Path, problems: Problems) -> str:
    """The edition's title where it has no edition.xml: `site_name` of the mkdocs.yml beside
    tei/ (else of the one in the working folder)."""
    path = config_of(tei)
    if path is not None:
        name = config.settings(path).get("site_name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    problems.error(Pos(display_path(tei / "edition.xml")),
                   "the edition has no title: there is no edition.xml and no site_name in"
                   " mkdocs.yml; add site_name to mkdocs.yml, or create edition.xml with the"
                   " edition's title and the introduction for the home page")
    return ""


def unresolved(ref: str, by_key: bool = False, meant: Sequence[str] = ()) -> str:
    """What to say about a reference that resolves to no register entry (a @key as written);
    `meant` are the entries it probably meant (`Suggestions`)."""
    if by_key:
        return (f"the key \"{ref}\" (@key) names no register entry{_did_you_mean(meant, '')};"
                " correct @key, or add an entry with this xml:id (or @n) to a file in tei/registers/")
    if ref.startswith(("http://", "https://")):
        return (f"the authority URI \"{ref}\" is in no register entry; add it to the entry as an"
                " <idno> (e.g. <idno type=\"GND\">…</idno>), or point @ref at the entry's xml:id")
    return (f"the reference \"#{ref}\" points to no register entry{_did_you_mean(meant)}; correct"
            " @ref (or its prefix), or add the entry to a file in tei/registers/")


def _did_you_mean(meant: Sequence[str], hash_: str = "#") -> str:
    return " (did you mean " + " or ".join(f"\"{hash_}{m}\"" for m in meant) + "?)" if meant else ""


class Suggestions:
    """The register entries that unresolved references probably meant (a typo: "#karakan" for
    "karakhan"), found by edit distance once for each reference, and remembered: an entry that a
    typo meant is not also reported as mentioned in no letter (that warning would be an echo)."""

    def __init__(self, entries: Iterable[str]) -> None:
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for entry_id in entries:
            self._by_length[len(entry_id)].append(entry_id)
        self._found: dict[str, list[str]] = {}
        self.meant: set[str] = set()

    def __call__(self, ref: str) -> list[str]:
        if "://" in ref:
            return []
        if ref not in self._found:
            near = (c for n in range(len(ref) - 2, len(ref) + 3) for c in self._by_length.get(n, ()))
            self._found[ref] = nearest(ref, near)
        self.meant.update(self._found[ref])
        return self._found[ref]


LINK = "the link "  # how every problem of `check_links` begins


def about_link(problem: Problem) -> bool:
    """A problem that `check_links` reported (which a rebuild reports again for the letters it reads)."""
    return problem.message.startswith(LINK)


def check_links(edition: m.Edition, problems: Problems,
                ids: Mapping[str, set[str]] | None = None) -> None:
    """Every ref/ptr is a safe URL or points at a letter of the edition, or at an id in one
    (`links.classify`, as the writer follows them).

    A target that names a letter of the edition and an id it does not have is an error (a typo
    inside the edition); a target outside the edition (another edition's id, a date, a token) is
    shown as text with a warning; a URL with an unsafe scheme (`javascript:`, `data:`, …) is shown
    as text with a warning too: it is no mistake of the edition's, and stopping a whole import
    for a link that the site never makes would not make the site any safer.
    `ids` are the ids of every letter's text, by letter (default: those of `edition.letters`).
    """
    if ids is None:
        ids = {letter.id: {xml_id for xml_id, _ in letter.ids} for letter in edition.letters}
    for letter in edition.letters:
        own = ids.get(letter.id, set())
        for target, pos in letter.links:
            found = links.classify(target, letter.id, ids, own)
            shown = json.dumps(target, ensure_ascii=False)  # quoted, with any newline as \n
            if found.kind == "unsafe":
                problems.warning(pos, f"{LINK}{shown} uses the scheme"
                                 f" \"{links.scheme(target)}:\", which could run code in a reader's"
                                 " browser; its text is shown without a link. Use an http:, https:"
                                 " or mailto: URL, or a letter's file or id")
            elif found.kind == "outside":
                problems.warning(pos, f"{LINK}{shown} leads to nothing in this edition and"
                                 " is no URL; its text is shown without a link. Point @target at a"
                                 " letter's file or id (letter-….xml#…) or a full http(s) URL, or"
                                 " leave it if it names something outside the edition")
            elif found.kind == "letter" and found.fragment and found.letter is not None \
                    and found.fragment not in ids[found.letter]:
                problems.invalid(pos, f"{LINK}{shown} points to \"{found.fragment}\", which is"
                                 f" no xml:id in the text of {found.letter}; correct the part after #")


def check(edition: m.Edition, problems: Problems) -> None:
    """Referential integrity: ids unique across the corpus, every pointer resolves."""
    check_links(edition, problems)
    viewer.check(edition.letters, problems)
    cmif.check(edition.letters, edition, problems)
    named = {ref for lt in edition.letters for ref in digest.named(lt)}
    meant = check_letters(edition, problems)  # an entry a typo meant is not "mentioned in no letter"
    warn_unmentioned(edition.entries, named | edition.unread | meant, problems)


def check_letters(edition: m.Edition, problems: Problems) -> set[str]:
    """The letters' ids are unique (also against the registers), and each pointer resolves; the
    entries that the pointers which do not resolve probably meant."""
    suggest = Suggestions(edition.entries)
    seen: dict[str, Pos] = {e.id: e.pos for e in edition.entries.values()}
    for letter in edition.letters:  # the ids inside a letter are its own (two may have p1-l1)
        if letter.id in seen:
            problems.error(letter.pos, f"the letter id \"{letter.id}\" is already used at"
                           f" {seen[letter.id]}; letter and register ids must be unique across the"
                           " edition: rename one (a letter without xml:id takes its file's name)")
        seen.setdefault(letter.id, letter.pos)
        for site in letter.mentions:
            entry = edition.entries.get(site.entry_id)
            if entry is None and site.entry_id not in edition.unread:
                problems.invalid(site.pos, unresolved(site.entry_id, site.by_key, suggest(site.entry_id)))
        for party in (*letter.senders, *letter.addressees, *letter.places):
            if party.ref and party.ref not in edition.entries and party.ref not in edition.unread \
                    and "://" not in party.ref:
                # (an authority URI that no entry carries names the person outside the edition)
                named, attribute = (party.ref, "@key") if party.by_key else (f"#{party.ref}", "@ref")
                problems.invalid(party.pos or letter.pos, f"correspDesc names \"{named}\""
                                 f" ({party.name}), which is in no register"
                                 f"{_did_you_mean(suggest(party.ref))}; correct {attribute} or add"
                                 " the entry")
    return suggest.meant


def warn_unmentioned(entries: Mapping[str, m.Entry], named: set[str], problems: Problems) -> None:
    """A warning for each register entry that no letter points at."""
    for entry in entries.values():
        if entry.id not in named:
            problems.warning(entry.pos, f"the register entry \"{entry.id}\" is mentioned in no"
                             " letter; mark a mention with @ref, or remove the entry")


def render(edition: m.Edition, contract: urls.Contract | None = None,
           digests: Sequence[Digest] | None = None,
           listed: Mapping[str, str | bytes] | None = None, old_zip: bytes | None = None,
           unchanged: Container[str] = (), reads: dict[str, frozenset[str]] | None = None,
           lean: bool = False) -> dict[str, str | bytes]:
    """Every generated file of docs/ (pages, and any data files), by its path in docs/.

    With a URL contract, letter pages also carry the table of old anchors that land on them.
    `digests` are the letters' digests in the order of `edition.letters`, made here if not given;
    `listed` the listing_pages, made here if not given. The corpus zip copies the members of the
    `unchanged` files of tei/ from `old_zip`, the last build's. Into `reads`, what each group of
    pages read (see Recording); with `listed`, the caller records what those read. `lean` (the
    full build): each letter is taken out of edition.letters once its pages are made, and each
    page is kept as its UTF-8 bytes (see letter_pages).
    """
    if digests is None:
        digests = [digest.make(lt, edition.entries) for lt in edition.letters]
    headers = {lt.id: digest.light(lt) if lean else lt for lt in edition.letters}
    out = {**letter_pages(edition, edition.letters, digests, headers, reads=reads, lean=lean),
           **entry_pages(edition, edition.entries.values(), digests, reads, lean),
           **(listing_pages(edition, digests, reads) if listed is None else listed)}
    if edition.sources:
        root = edition_root(edition.sources)
        out[paths.CORPUS_DOWNLOAD] = corpus_zip(
            edition.sources, old=old_zip, same=unchanged,
            extras=downloads.extras(edition, root, (dep for d in digests for dep, _ in d.deps)))
    if contract is not None:
        urls.add_aliases(contract, urls.anchors(edition.letters), out)
    return out


def edition_root(sources: Mapping[str, Path]) -> Path:
    """The edition's folder (the one that holds tei/), from its TEI files by their path in tei/."""
    rel, path = next(iter(sources.items()))
    return path.parents[len(Path(rel).parts)]


def letter_pages(edition: m.Edition, letters: list[m.Letter], digests: Sequence[Digest],
                 headers: Mapping[str, m.Letter], near: Mapping[str, corpus.Near] | None = None,
                 reads: dict[str, frozenset[str]] | None = None, lean: bool = False
                 ) -> dict[str, str | bytes]:
    """The pages of `letters`; `digests` are those of all letters, in order, `headers` their
    headers, `near` their neighbours (made here if not given). Into `reads`, by letter id, what
    each page read besides its own letter: the headers of other letters (EVERY: all of them) and
    its neighbours (NEAR).

    `lean` (the full build, which holds every page until it writes them): each letter is taken
    out of the list `letters` once its pages are made, so that its model is freed (the caller
    keeps no other reference to it), and each page is kept as its UTF-8 bytes, half the memory
    of a str that holds a character past U+00FF (a dash, a curly quote). At 10,000 letters the
    models are half a GB, and so are the pages as str."""
    letter_ids = frozenset(d.id for d in digests)
    if near is None:
        near = corpus.neighbours([(d.id, d.chain) for d in digests])
    derived = images.derive(iiif.local_images(letters))  # new or changed page images only
    out: dict[str, str | bytes] = dict(viewer.assets(letters))
    for letter in drained(letters) if lean else list(letters):
        seen: set[str] = set()
        links = corpus.neighbour_links(letter, Recording(near, seen, NEAR)[letter.id],
                                       Recording(headers, seen), edition.entries)
        page = pages.letter_page(letter, edition, links, letter_ids, search.filters(letter, edition.entries),
                                 viewer.panel(letter, derived))
        out[paths.letter_page(letter.id)] = page.encode("utf-8") if lean else page
        if reads is not None:
            reads[letter.id] = frozenset(seen)
        out.update(iiif.letter_files(letter, edition, derived))
        if letter.id in edition.letter_sources:  # published beside its page, byte for byte
            out[paths.tei_download(letter.id)] = edition.letter_sources[letter.id].read_bytes()
    return out


def drained(items: list[T]) -> Iterator[T]:
    """The items of a list in order, each taken out of it as it is given: the list is empty
    at the end, and holds no item that was given."""
    items.reverse()
    while items:
        yield items.pop()


def utf8(files: Mapping[str, str | bytes]) -> dict[str, bytes]:
    """The files with each text as its UTF-8 bytes, as it is written."""
    return {rel: content.encode("utf-8") if isinstance(content, str) else content
            for rel, content in files.items()}


# What a page reads from the other letters, recorded as it is made: `reads` maps each group of
# pages made together (a letter's, by its id; an entry's, ENTRY + its id; the LISTINGS) to the
# keys it read. A key is a letter's id for its header, or a kind (NEAR, ITEMS, WRITTEN) and an
# id; a kind and EVERY, that it went through all of that kind. A rebuild makes a group again
# when a key it read changed (incremental.reached), whatever the page does with it. Ids are
# XML names: no colon, so no kind can be mistaken for one.
T = TypeVar("T")
EVERY = "*"
NEAR = "near:"  # a letter's neighbours, in the corpus and in its correspondence
ITEMS = "items:"  # what an entry's page lists of each letter that mentions it
WRITTEN = "written:"  # how many letters an entry's person or organisation wrote or received
ENTRY = "entry:"  # the pages of a register entry
LISTINGS = ":listings"  # the indexes, corpus pages, home and data files


class Recording(Mapping[str, T]):
    """A mapping that notes in `read` each key read from it, after its kind (`prefix`)."""

    def __init__(self, inner: Mapping[str, T], read: set[str], prefix: str = "") -> None:
        self._inner = inner
        self._prefix = prefix
        self.read = read

    def __getitem__(self, key: str) -> T:
        self.read.add(self._prefix + key)
        return self._inner[key]

    def __iter__(self) -> Iterator[str]:
        self.read.add(self._prefix + EVERY)
        return iter(self._inner)

    def __len__(self) -> int:
        return len(self._inner)


def entry_pages(edition: m.Edition, entries: Iterable[m.Entry], digests: Sequence[Digest],
                reads: dict[str, frozenset[str]] | None = None, lean: bool = False
                ) -> dict[str, str | bytes]:
    """The pages of `entries`, each listing the places where the letters mention it; into
    `reads`, what each read (ENTRY and its id: the items and count of that entry). `lean`:
    each page as its UTF-8 bytes (see letter_pages).

    Only the digests of the letters that mention one of `entries` need their items.
    """
    items: dict[str, list[pages.Mentions]] = defaultdict(list)
    for d in digests:
        for entry_id, mentions in d.items.items():
            items[entry_id].append(mentions)
    written = Counter(ref for d in digests for ref in d.parties)
    out: dict[str, str | bytes] = {}
    for entry in entries:
        seen: set[str] = set()
        made = corpus.entry_pages(entry, Recording(items, seen, ITEMS)[entry.id], edition,
                                  Recording(written, seen, WRITTEN)[entry.id])
        out.update(utf8(made) if lean else made)
        if reads is not None:
            reads[ENTRY + entry.id] = frozenset(seen)
    return out


def listing_pages(edition: m.Edition, digests: Sequence[Digest],
                  reads: dict[str, frozenset[str]] | None = None) -> dict[str, str | bytes]:
    """The pages and files made from every letter's header: indexes, corpus pages, home, data
    (into `reads`: LISTINGS read EVERY header)."""
    if reads is not None:
        reads[LISTINGS] = frozenset({EVERY})
    counts = Counter(entry_id for d in digests for entry_id in d.mentioned)
    out: dict[str, str | bytes] = {}
    by_kind: dict[str, list[m.Entry]] = defaultdict(list)
    for entry in edition.entries.values():
        by_kind[entry.kind].append(entry)
    for kind in paths.KIND_DIRS:
        out.update(corpus.register_index(kind, by_kind[kind], counts))
    out.update(corpus.render(edition.letters, edition.entries))
    kind_counts: Counter[str] = Counter(entry.kind for entry in edition.entries.values())
    out[paths.HOME] = pages.home_page(edition, dict(kind_counts))
    out.update(data.files(edition))
    return out


# ---------------------------------------------------------------- writing docs/


@dataclass(frozen=True, slots=True)
class Written:
    written: int
    unchanged: int
    removed: int


MANIFEST = ".generated"  # in docs/: every file build.py wrote, one path a line
FEW = 32  # up to this many files are flushed to disk one by one; more, with one syncfs
TEMPORARY = ".build-tmp"  # a file written in place before it replaces its page: left only by a kill


def is_generated(path: Path) -> bool:
    """A page that build.py wrote (it carries the marker); anything else is hand-written."""
    try:
        with path.open(encoding="utf-8") as f:
            return f.readline() == "---\n" and f.readline().rstrip("\n") == pages.MARKER
    except (OSError, UnicodeDecodeError):
        return False


def hand_written_pages(docs: Path) -> list[str]:
    """The pages of docs/ written by hand (they are published too)."""
    if not docs.is_dir():
        return []
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not is_generated(p))


def generated_files(docs: Path) -> set[str]:
    """The files of docs/ that build.py wrote: pages with the marker, other files in the manifest,
    and temporary files a killed build left.

    A page that lost its marker was edited by hand, and is no longer the build's to replace.
    """
    manifest = docs / MANIFEST
    listed = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.is_file() else set()
    listed = {rel for rel in listed if rel and not rel.endswith(".md")}
    marked = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if is_generated(p)}
    left = {p.relative_to(docs).as_posix() for p in docs.rglob(f"*{TEMPORARY}")}  # by a killed build
    return (listed | marked | left | {MANIFEST}) & {
        p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}


@dataclass(frozen=True, slots=True)
class Plan:
    """What writing `outputs` into docs/ means: the bytes of each file, what is there, what is ours."""

    outputs: dict[str, bytes]  # every generated file, the manifest included
    existing: dict[str, Path]  # every file now in docs/
    generated: set[str]  # the files now in docs/ that build.py wrote
    known: Mapping[str, str] | None = None  # their SHA-256, if the cache vouches for them

    def unchanged(self, rel: str) -> bool:
        old, data = self.existing.get(rel), self.outputs[rel]
        if old is None:
            return False
        if self.known is not None:  # no need to read the file: the cache knows its content
            return self.known.get(rel) == hashlib.sha256(data).hexdigest()
        return old.stat().st_size == len(data) and old.read_bytes() == data


def plan(outputs: dict[str, str | bytes], docs: Path, known: Mapping[str, str] | None = None) -> Plan:
    """Check that `outputs` overwrite no hand-written file (BuildError), and list what is there.

    `known`: the generated files of docs/ and their SHA-256, as the incremental build's cache
    vouches for them (every file's size, mtime and inode checked); else the files are read.
    """
    recover(docs)
    existing = {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*"))
                if p.is_file()} if docs.is_dir() else {}
    generated = (generated_files(docs) if known is None else known.keys() & existing.keys()) \
        if docs.is_dir() else set()
    outputs = {**outputs, MANIFEST: "".join(f"{rel}\n" for rel in sorted(outputs))}
    clashes = sorted(rel for rel in outputs if rel in existing and rel not in generated)
    if clashes:
        problems = Problems()
        for rel in clashes:
            problems.error(Pos(display_path(docs / rel)),
                           "this page is hand-written (it has no generated marker), and build.py"
                           " never overwrites hand-written pages; rename or remove it")
        raise BuildError(problems)
    return Plan(utf8(outputs), existing, generated, known)


def write_docs(outputs: dict[str, str | bytes], docs: Path,
               known: Mapping[str, str] | None = None) -> Written:
    """Replace the generated files of docs/ with `outputs`, keeping hand-written files.

    Text outputs are written as UTF-8; bytes as they are. The manifest docs/.generated lists
    what was written, so that a later build knows which files are its own. `known`: see plan.
    """
    todo = plan(outputs, docs, known)
    existing, generated = todo.existing, todo.generated
    staging = docs.with_name(f".{docs.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)  # left by a build that was killed: it never became docs/
    written = unchanged = 0
    for rel, path in existing.items():
        if rel not in generated:
            _link(path, staging / rel)
    for rel, content in sorted(todo.outputs.items()):
        if todo.unchanged(rel):
            _link(existing[rel], staging / rel)
            unchanged += rel != MANIFEST
        else:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written += rel != MANIFEST
    removed = len(generated - todo.outputs.keys())
    sync_tree(staging)
    swap(staging, docs)
    return Written(written, unchanged, removed)


def write_in_place(outputs: dict[str, str | bytes], docs: Path,
                   known: Mapping[str, str] | None = None) -> Written:
    """Write only the generated files that changed, each atomically; remove those no longer made.

    docs/ itself is never replaced, so a watcher on it (inotify) keeps working (watch mode).
    `known`: see plan.
    """
    todo = plan(outputs, docs, known)
    changes: dict[str, bytes | None] = {rel: content for rel, content in todo.outputs.items()
                                        if not todo.unchanged(rel)}
    gone = todo.generated - todo.outputs.keys()
    changes.update(dict.fromkeys(gone))
    write_files(docs, changes)
    written = sum(1 for rel, content in changes.items() if content is not None and rel != MANIFEST)
    return Written(written, len(todo.outputs) - 1 - written, len(gone))


def write_files(docs: Path, changes: Mapping[str, bytes | None]) -> None:
    """Write (bytes) or remove (None) files of docs/ in place, each whole: every new file is
    written beside its place and flushed to disk first (a few files each, more in one syncfs),
    then renamed over the old one. The manifest comes last, so that it never lists a file that
    is not there yet."""
    temporary: list[tuple[Path, Path]] = []
    for rel, content in sorted(changes.items(), key=lambda item: item[0] == MANIFEST):
        if content is not None:
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.append((target.with_name(f".{target.name}{TEMPORARY}"), target))
            with temporary[-1][0].open("wb") as f:
                f.write(content)
                if len(changes) <= FEW:
                    f.flush()
                    os.fsync(f.fileno())
    if len(changes) > FEW:
        sync_tree(docs)
    for source, target in temporary:
        os.replace(source, target)
    for rel in sorted(rel for rel, content in changes.items() if content is None):
        (docs / rel).unlink(missing_ok=True)
        folder = (docs / rel).parent
        while folder != docs and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library (this process's own symbols: no search, which would start ldconfig)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def sync_tree(root: Path) -> None:
    """Flush the files under `root` to disk before they replace good ones: one syncfs (Linux)
    for the whole file system, or else an fsync of each file."""
    libc = _libc()
    syncfs = getattr(libc, "syncfs", None)
    if syncfs is not None:
        fd = os.open(root, os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in root.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where that is not available."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result: int = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap(staging: Path, docs: Path) -> None:
    """Make `staging` the new `docs`, atomically where the system allows it."""
    if docs.exists() and _exchange(staging, docs):
        shutil.rmtree(staging)  # now holds the old docs/
        return
    old = docs.with_name(f".{docs.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if docs.exists():
        docs.rename(old)
    staging.rename(docs)
    if old.exists():
        shutil.rmtree(old)


def recover(docs: Path) -> None:
    """Undo a swap that was killed half-way (only possible where there is no atomic exchange)."""
    old = docs.with_name(f".{docs.name}.old")
    if not docs.exists() and old.exists():
        old.rename(docs)


def build(
    tei: Path, docs: Path, *, write: bool = True, strict: bool = False,
    contract: urls.Contract | None = None, jobs: int | None = None,
    writer: Callable[[dict[str, str | bytes], Path], Written] | None = None, lenient: bool = False,
) -> tuple[Problems, Written | None]:
    """Read, check and render the edition; write docs/ only if there is no error.

    With a URL contract, a published URL that would disappear is an error too. `writer` is
    write_docs (the whole folder swapped at once) unless watch mode gives its own.
    """
    problems = Problems(lenient=lenient)
    edition = collect(tei, problems, jobs)
    if problems.failed(strict):
        return problems, None
    outputs = render(edition, contract)
    if contract is not None:
        urls.check(contract, urls.anchors(edition.letters), outputs, hand_written_pages(docs), problems)
        if problems.failed(strict):
            return problems, None
    if not write:
        return problems, None
    try:
        return problems, (writer or write_docs)(outputs, docs)
    except BuildError as exc:
        problems.extend(exc.problems)
        return problems, None
