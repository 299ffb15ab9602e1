"""The document model: letters, their blocks and inlines, notes, register entries, mentions.

The reader (`tei.py`, `registers.py`) builds these values; the writer (`markdown.py`) and the
site (`site.py`) read only these, never the XML again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Literal, NamedTuple, TypeAlias

from .problems import Pos, Problem

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Characters of the reading text, whitespace already normalised."""

    text: str


@dataclass(frozen=True, slots=True)
class Styled:
    """Rendition of the source (italic, bold, superscript, …) or a semantic span (foreign, quote)."""

    style: str
    children: tuple[Inline, ...]
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the text that points at one or more register entries."""

    kind: str
    refs: tuple[str, ...]
    children: tuple[Inline, ...]
    cert: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """The point where a note is anchored; the writer numbers it."""

    note_id: str


@dataclass(frozen=True, slots=True)
class Alternative:
    """Two readings of one place (`choice`): `shown` is read, `other` is shown on demand."""

    kind: Literal["corr", "expan", "reg"]
    shown: tuple[Inline, ...]
    other: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Editorial:
    """An editorial or scribal intervention: supplied, unclear, gap, del, add, space."""

    kind: str
    children: tuple[Inline, ...] = ()
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class PageBreak:
    """A page break of the printed source."""

    n: str | None


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line (or, `column`, a column) break of the source; `in_word` when it divides a word
    (`break="no"`)."""

    in_word: bool = False
    column: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a URL or, when `letter` is set, to another letter of the edition."""

    target: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class DateText:
    """A date named in the text, with its normalised value (`when` or `from`/`to`)."""

    value: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A structural unit inside running text: a `salute` or `signed` in a closer that has text of
    its own, an `address` in a paragraph. It stands on a line of its own."""

    kind: str
    children: tuple[Inline, ...]
    id: str | None = None


Inline: TypeAlias = (
    Text | Styled | Mention | NoteRef | Alternative | Editorial | PageBreak | LineBreak | Link | DateText
    | Unit
)

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit: `p`, `head`, `dateline`, `salute`, `signed`, …

    `id` is the element's `xml:id`, from which the paragraph's anchor is made.
    """

    kind: str
    inlines: tuple[Inline, ...]
    pos: Pos
    id: str | None = None
    rows: tuple[tuple[tuple[Inline, ...], ...], ...] = ()  # a table's cells, row by row
    label: str = ""  # a division's label (kind "division"): "Envelope", "Writing session 2"


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    kind: str  # "editorial" or "authorial"
    resp: str | None
    paragraphs: tuple[tuple[Inline, ...], ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class MentionSite:
    """Where a register entry is mentioned: a paragraph or a note of a letter."""

    entry_id: str
    letter_id: str
    anchor: str  # the xml:id of the paragraph or note
    in_note: bool
    snippet: tuple[str, str, str]  # words before, the mention itself, words after
    pos: Pos
    by_key: bool = False  # the reference is a @key (written without "#"), not a @ref


# ---------------------------------------------------------------- letters


@dataclass(frozen=True, slots=True)
class Party:
    """A correspondent or a place in `correspDesc`."""

    name: str
    ref: str | None
    cert: str | None = None
    by_key: bool = False  # the reference is a @key (written without "#"), not a @ref
    pos: Pos | None = None  # where correspDesc names it


@dataclass(frozen=True, slots=True)
class PersonName:
    """An author's name as the TEI header gives it: forename and surname, or one literal name."""

    literal: str
    given: str = ""
    family: str = ""


@dataclass(frozen=True, slots=True)
class Transcription:
    """The letter's transcription as received (`notesStmt/note[@type="transcription"]/ref`).

    `target` is the path as written, relative to the TEI file; `omitted` are the lines of the
    transcription that the note quotes (`q`) as not part of the reading text.
    """

    target: str
    omitted: tuple[str, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the source, from a `pb` (read by `facsimile.py`): its label and, where the TEI
    gives one, its image: a local file (`local`, the path as the build sees it) or a remote URL,
    and the IIIF Image API service that serves it (its base URL, without `/info.json`)."""

    n: str | None
    pos: Pos
    image: str | None = None
    local: bool = False
    service: str | None = None
    rotation: int = 0  # degrees clockwise (`pb@rend` "90", "180", "270")
    width: int = 0  # a remote image's size where the TEI gives it (surface@lrx/@lry, graphic@width)
    height: int = 0


@dataclass(frozen=True, slots=True)
class SourceBibl:
    """One bibliographic description of the letter's source (`sourceDesc/bibl`): its @type
    ("print", "as-transcribed", …), its @cert, and its text."""

    kind: str
    cert: str | None
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the reading text comes from, as the letter's header says: its sources with their
    certainty, the notes on the text (`notesStmt/note`, by @type: transcription, collation,
    translation, …), the reasoning behind its place, date and addressee (`correspDesc/note`) and
    the translators the header names (a `respStmt` whose `resp` says "transl…", or an editor or
    author with role="translator")."""

    sources: tuple[SourceBibl, ...] = ()
    notes: tuple[tuple[str, tuple[Inline, ...]], ...] = ()
    reasoning: tuple[tuple[Inline, ...], ...] = ()
    translators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Letter:
    id: str
    path: str
    title: str
    date: str | None  # ISO 8601 (`when`), or None when undated
    date_text: str
    senders: tuple[Party, ...]
    addressees: tuple[Party, ...]
    places: tuple[Party, ...]
    source: tuple[Inline, ...]
    front: tuple[Block, ...]
    body: tuple[Block, ...]
    notes: tuple[Note, ...]
    mentions: tuple[MentionSite, ...]
    lang: str | None
    pos: Pos
    # the sent date's own attributes (when, notBefore, notAfter, from, to, cert), for data exports
    date_attrs: tuple[tuple[str, str], ...] = ()
    authors: tuple[PersonName, ...] = ()  # fileDesc/titleStmt/author, for citations
    transcription: Transcription | None = None
    entries: tuple[Entry, ...] = ()  # the letter's own register entries (header, standOff, back)
    ids: tuple[tuple[str, Pos], ...] = ()  # every xml:id of its text (paragraphs, notes, anchors)
    links: tuple[tuple[str, Pos], ...] = ()  # every ref/ptr target, to check it resolves
    pages: tuple[Page, ...] = ()  # one for each pb of the text, in order (facsimile.py)
    provenance: Provenance = Provenance()
    # the title is the TEI's words for this letter (titleStmt/title, its div's head), not one the
    # build made (from correspDesc, or the file's title and the letter's place in it)
    own_title: bool = True

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date or "9999", self.id)


# ---------------------------------------------------------------- registers

EntryKind: TypeAlias = Literal["person", "work", "place", "org", "event"]


class Kind(NamedTuple):
    """A kind of register entry, as TEI writes it and as the site files it: the one table that
    the reader (registers, mentions) and the writer (folders, data) derive theirs from."""

    folder: str  # docs/<folder>/<id>.md
    singular: str  # as the open data and the messages name one entry
    list: str  # the TEI element that lists a register of this kind
    entries: tuple[str, ...]  # the TEI elements that are its entries
    name: str  # the element that names an entry in its register
    mention: str | None  # the element that mentions one in a letter's text (an event: only <rs>)
    rs: tuple[str, ...]  # the values of <rs type="…"> that mention one


KINDS: dict[EntryKind, Kind] = {
    "person": Kind("persons", "person", "listPerson", ("person", "personGrp"), "persName", "persName",
                   ("person",)),
    "work": Kind("works", "work", "listBibl", ("bibl", "biblStruct"), "title", "title", ("work", "bibl")),
    "place": Kind("places", "place", "listPlace", ("place",), "placeName", "placeName", ("place",)),
    "org": Kind("organisations", "organisation", "listOrg", ("org",), "orgName", "orgName",
                ("org", "organisation")),
    "event": Kind("events", "event", "listEvent", ("event", "eventName"), "label", None, ("event",)),
}


@dataclass(frozen=True, slots=True)
class Authority:
    """An entry's identifier in an authority file (`idno`); `url` is empty where it has no link."""

    label: str
    url: str
    scheme: str = ""  # a scheme of authorities.SCHEMES ("gnd", …), else the idno's @type
    value: str = ""  # the identifier within that scheme


@dataclass(frozen=True, slots=True)
class Life:
    """A person's birth or death: its ISO date (or the date as written), place and certainty."""

    when: str  # ISO 8601, or "" where the TEI gives none
    text: str  # the date as the TEI writes it, where it has no ISO value
    place: str
    cert: str | None = None
    not_before: str = ""  # the bounds of a date known only within a range (@notBefore/@from, …)
    not_after: str = ""


@dataclass(frozen=True, slots=True)
class NameVariant:
    """Another form of an entry's name (a transliteration, a spelling), and where it is found."""

    name: str
    source: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One register entry: a person, work, place, organisation or event."""

    id: str
    kind: EntryKind
    name: str
    sort_name: str
    dates: str | None
    description: tuple[Inline, ...]
    sources: tuple[tuple[Inline, ...], ...]
    authorities: tuple[Authority, ...]
    pos: Pos
    cert: str | None = None
    birth: Life | None = None
    death: Life | None = None
    label: str = ""  # what it is where its kind does not say it: "group", "category"
    keys: tuple[str, ...] = ()  # further names a @key may use for it (its @n)
    related: tuple[str, ...] = ()  # the entries its own lists point at (an event's participants)
    literature: tuple[tuple[Inline, ...], ...] = ()  # its own listBibl: works about it
    variants: tuple[NameVariant, ...] = ()
    # why the entry has no authority record, as the register says it (<note type="authority">:
    # "unidentified", "no record found yet"): the build then asks for none
    no_authority: str = ""
    # an event's (a place's, a work's) date in ISO 8601: a day, month or year, or an interval
    # "start/end" ("1936-08/1938-03"; ".." for an open end); "" where the TEI gives none
    period: str = ""


@dataclass(frozen=True, slots=True)
class Publication:
    """The edition's publication statement: where it is published, when, under which licence."""

    url: str  # the site's address, ending in "/", from which absolute URLs are made
    date: str | None  # ISO date of this release of the edition
    publisher: str
    editors: tuple[str, ...]
    licence: str
    licence_url: str
    pos: Pos
    version: str | None = None  # editionStmt/edition/@n: the release's version


@dataclass(slots=True)
class Edition:
    """Everything a build knows: the edition's own header, its letters and its registers."""

    title: str
    intro: tuple[Block, ...]
    letters: list[Letter] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    publication: Publication | None = None
    sources: dict[str, Path] = field(default_factory=dict)  # TEI files by their path in tei/
    letter_sources: dict[str, Path] = field(default_factory=dict)  # by letter id
    # the ids and references written in files that could not be read: problems that follow
    # from such a file (a reference to an id in it, an entry only it mentions) are not reported
    unread: set[str] = field(default_factory=set)
    language: str = "en"  # the interface language's tag (edition/messages.py), as the edition sets it


def _pickled_by_fields(cls: type) -> None:
    """Pickle a frozen dataclass as its class and its field values. Letters go between processes
    and into the cache by the thousand, and dataclasses' own __setstate__ looks the fields up
    again for every object: this is about twice as fast, with the same values."""
    names = [f.name for f in fields(cls)]
    get = attrgetter(*names)

    def reduce(self: object) -> tuple[type, tuple[object, ...]]:
        values = get(self)
        return cls, (values if len(names) > 1 else (values,))

    cls.__reduce__ = reduce  # type: ignore[assignment, method-assign]


for _cls in (Text, Styled, Mention, NoteRef, Alternative, Editorial, PageBreak, LineBreak, Link,
             DateText, Unit, Block, Note, MentionSite, Party, PersonName, Transcription, Letter, Authority,
             Life, Entry, Publication, Pos, Problem, Page):
    _pickled_by_fields(_cls)
