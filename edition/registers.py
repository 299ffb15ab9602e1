"""Registers: persons, works, places, organisations and events, read once per build.

An entry is any `person`, `place`, `org`, `bibl` or `event` with an `xml:id` inside a
`listPerson`, `listPlace`, `listOrg`, `listBibl` or `listEvent`, wherever that list stands.
"""

from __future__ import annotations

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
    entries: dict[str, m.Entry] = {}
    for path in paths:
        parsed = parse(path, problems)
        if parsed is None:
            continue
        root, data = parsed
        reader = Reader(display_path(path), data, problems)
        for list_el in root.iter(*(f"{{{NS['t']}}}{name}" for name in LISTS)):
            kind = LISTS[local(list_el)]
            for el in list_el:
                if not isinstance(el.tag, str) or local(el) not in ENTRY_TAGS:
                    continue
                entry = read_entry(el, kind, reader)
                if entry is None:
                    continue
                if (twin := entries.get(entry.id)) is not None:
                    problems.error(
                        entry.pos, f"the id \"{entry.id}\" is used twice (first at {twin.pos});"
                        " give each register entry its own xml:id",
                    )
                    continue
                entries[entry.id] = entry
    return entries


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
