"""Registers: persons, works, places, organisations and events, read once per build.

An entry is any `person`, `place`, `org`, `bibl` or `event` with an `xml:id` inside a
`listPerson`, `listPlace`, `listOrg`, `listBibl` or `listEvent`, wherever that list stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from . import model as m
from .problems import Problems, display_path
from .tei import NS, XML_ID, Element, Reader, local, parse, plain

LISTS: dict[str, m.EntryKind] = {
    "listPerson": "person", "listPlace": "place", "listOrg": "org",
    "listBibl": "work", "listEvent": "event",
}
ENTRY_TAGS = {"person", "place", "org", "bibl", "event"}

AUTHORITIES = {
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
    "gnd": ("GND", "https://d-nb.info/gnd/{}"),
    "geonames": ("GeoNames", "https://www.geonames.org/{}"),
    "orcid": ("ORCID", "https://orcid.org/{}"),
}


def read_registers(paths: list[Path], problems: Problems) -> dict[str, m.Entry]:
    """The entries of the register files, each parsed once per build."""
    entries: dict[str, m.Entry] = {}
    for path in paths:
        parsed = parse(path, problems)
        if parsed is None:
            continue
        root, data = parsed
        add_entries(entries, read_lists(root, Reader(display_path(path), data, problems)), problems)
    return entries


def read_lists(root: Element, reader: Reader) -> list[m.Entry]:
    """The entries of every list in a file: in a register file, or in a letter's own header
    (`particDesc`), `<standOff>` or `<back>`."""
    out: list[m.Entry] = []
    for list_el in root.iter(*(f"{{{NS['t']}}}{name}" for name in LISTS)):
        kind = LISTS[local(list_el)]
        for el in list_el:
            if isinstance(el.tag, str) and local(el) in ENTRY_TAGS:
                entry = read_entry(el, kind, reader)
                if entry is not None:
                    out.append(entry)
    return out


def add_entries(entries: dict[str, m.Entry], new: Iterable[m.Entry], problems: Problems) -> None:
    """Add entries to the edition's registers; an id may name one entry in the whole corpus."""
    for entry in new:
        if (twin := entries.get(entry.id)) is not None:
            problems.error(
                entry.pos, f"the id \"{entry.id}\" is used twice (first at {twin.pos});"
                " give each register entry its own xml:id",
            )
            continue
        entries[entry.id] = entry


# An authority record's URI, in any of its usual spellings → one key: ("gnd", "118623761").
_AUTHORITY_URIS = (
    ("gnd", re.compile(r"d-nb\.info/gnd/([0-9X-]+)")),
    ("viaf", re.compile(r"viaf\.org/viaf/(\d+)")),
    ("wikidata", re.compile(r"wikidata\.org/(?:wiki|entity)/(Q\d+)")),
    ("geonames", re.compile(r"geonames\.org/(\d+)")),
    ("orcid", re.compile(r"orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[0-9X])")),
)


def authority_key(uri: str) -> str:
    """One spelling for every URI of one authority record (http or https, www., trailing /)."""
    for name, pattern in _AUTHORITY_URIS:
        if found := pattern.search(uri):
            return f"{name}:{found.group(1)}"
    return re.sub(r"^https?://(www\.)?", "", uri).rstrip("/")


def resolve_references(edition: m.Edition) -> None:
    """Point every reference by authority URI at the entry that carries that URI in an idno.

    A URI no entry carries is left as it is, and `site.check` reports it where it stands.
    """
    by_uri = {authority_key(a.url): entry.id for entry in edition.entries.values()
              for a in entry.authorities}

    def entry_id(ref: str) -> str:
        if ref in edition.entries or not ref.startswith(("http://", "https://")):
            return ref
        return by_uri.get(authority_key(ref), ref)

    edition.letters = [resolve_letter(letter, entry_id) for letter in edition.letters]


def resolve_letter(letter: m.Letter, entry_id: Callable[[str], str]) -> m.Letter:
    """The letter with every reference mapped through `entry_id` (the same letter if none changes)."""
    refs = {site.entry_id for site in letter.mentions}
    refs |= {p.ref for p in (*letter.senders, *letter.addressees, *letter.places) if p.ref}
    if all(entry_id(ref) == ref for ref in refs):
        return letter

    def nodes(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        return tuple(node(n) for n in inlines)

    def node(n: m.Inline) -> m.Inline:
        match n:
            case m.Mention():
                return replace(n, refs=tuple(entry_id(r) for r in n.refs), children=nodes(n.children))
            case m.Alternative():
                return replace(n, shown=nodes(n.shown), other=nodes(n.other))
            case m.Styled() | m.Link() | m.DateText() | m.Editorial() | m.Unit():
                return replace(n, children=nodes(n.children))
        return n

    def party(p: m.Party) -> m.Party:
        return replace(p, ref=entry_id(p.ref)) if p.ref else p

    return replace(
        letter,
        front=tuple(replace(b, inlines=nodes(b.inlines)) for b in letter.front),
        body=tuple(replace(b, inlines=nodes(b.inlines)) for b in letter.body),
        notes=tuple(replace(note, paragraphs=tuple(nodes(p) for p in note.paragraphs))
                    for note in letter.notes),
        source=nodes(letter.source),
        senders=tuple(party(p) for p in letter.senders),
        addressees=tuple(party(p) for p in letter.addressees),
        places=tuple(party(p) for p in letter.places),
        mentions=tuple(replace(site, entry_id=entry_id(site.entry_id)) for site in letter.mentions),
    )


def read_entry(el: Element, kind: m.EntryKind, r: Reader) -> m.Entry | None:
    entry_id = el.get(XML_ID)
    if not entry_id:
        r.problems.error(
            r.pos(el), f"this <{local(el)}> has no xml:id, so nothing can point at it; add one"
        )
        return None
    name, sort_name = _names(el, kind)
    if not name:
        r.problems.error(
            r.pos(el), f"the register entry \"{entry_id}\" has no name; add a"
            f" <{_NAME_TAG[kind]}> (or <title> for a work)",
        )
        return None
    description: tuple[m.Inline, ...] = ()
    sources: list[tuple[m.Inline, ...]] = []
    for note in el.findall("t:note", NS):
        if note.get("type") == "source":
            sources.append(r.children(note))
        elif not description:
            description = r.children(note)
    for desc in el.findall("t:desc", NS):
        description = description or r.children(desc)
    authorities = tuple(_authority(idno) for idno in el.findall("t:idno", NS))
    return m.Entry(
        id=entry_id, kind=kind, name=name, sort_name=sort_name, dates=_dates(el, kind),
        description=description, sources=tuple(sources),
        authorities=tuple(a for a in authorities if a is not None), pos=r.pos(el),
        cert=el.get("cert"),
    )


_NAME_TAG = {"person": "persName", "place": "placeName", "org": "orgName", "work": "title",
             "event": "label"}


def _names(el: Element, kind: m.EntryKind) -> tuple[str, str]:
    """The display name and the name to sort by ("Surname, Forename" for persons)."""
    name_el = el.find(f"t:{_NAME_TAG[kind]}", NS)
    if name_el is None and kind == "event":
        name_el = el.find("t:eventName", NS)
    name = plain(name_el)
    if kind == "person" and name_el is not None:
        surname = plain(name_el.find("t:surname", NS))
        forename = plain(name_el.find("t:forename", NS))
        if surname:
            return name, f"{surname}, {forename}".rstrip(", ")
    sort_name = name
    for article in ("The ", "Les ", "La ", "Le ", "L'"):
        if sort_name.startswith(article) and kind == "work":
            sort_name = sort_name[len(article):]
    return name, sort_name


def _year(value: str | None) -> str:
    return (value or "").lstrip("-")[:4] if value else ""


def _dates(el: Element, kind: m.EntryKind) -> str | None:
    if kind == "person":
        birth = el.find("t:birth", NS)
        death = el.find("t:death", NS)
        born = _year(birth.get("when") if birth is not None else None)
        died = _year(death.get("when") if death is not None else None)
        if born or died:
            return f"{born or '?'}–{died or '?'}"
        return None
    if kind == "work":
        date = el.find("t:date", NS)
        return plain(date) or None
    when = el.get("when")
    start, end = el.get("from") or el.get("notBefore"), el.get("to") or el.get("notAfter")
    for sub in ("t:event", "t:date"):
        if when or start:
            break
        if (child := el.find(sub, NS)) is not None and local(el) != "event":
            when, start, end = child.get("when"), child.get("from"), child.get("to")
    if when:
        return when
    if start or end:
        return f"{start or '?'} – {end or '?'}"
    return None


def _authority(idno: Element) -> m.Authority | None:
    kind = (idno.get("type") or "").lower()
    value = plain(idno)
    if not value:
        return None
    if kind in AUTHORITIES:
        label, pattern = AUTHORITIES[kind]
        return m.Authority(f"{label} {value}", pattern.format(value), kind, value)
    if value.startswith(("http://", "https://")):
        return m.Authority(idno.get("type") or value, value, kind, value)
    return None
