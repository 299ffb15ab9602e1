"""Registers: persons, works, places, organisations and events, read once per build.

An entry is any `person`, `personGrp`, `place`, `org`, `bibl`, `biblStruct` or `event` with an
`xml:id` in a `listPerson`, `listPlace`, `listOrg`, `listBibl` or `listEvent`, wherever that
list stands (a register file, a `standOff` file, a letter's header or `back`), or the root of a
file of its own (`<person xml:id="…">`). The same id read twice is one entry (`add_entries`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from .. import authorities, messages, paths
from .. import model as m
from ..problems import Problems, display_path
from .tei import NS, XML_ID, Element, Reader, is_iso_date, local, parse, plain

LISTS: dict[str, m.EntryKind] = {k.list: kind for kind, k in m.KINDS.items()}
# the elements that are register entries, and the register each belongs to
ENTRY_KINDS: dict[str, m.EntryKind] = {tag: kind for kind, k in m.KINDS.items() for tag in k.entries}
ENTRY_TAGS = set(ENTRY_KINDS)
_LABELS = {"personGrp": "group"}


def read_registers(paths: list[Path], problems: Problems) -> dict[str, m.Entry]:
    """The entries of the register files, each parsed once per build."""
    entries: dict[str, m.Entry] = {}
    for path in paths:
        parsed = parse(path, problems, register=True)
        if parsed is None:
            continue
        root, data = parsed
        add_entries(entries, read_lists(root, Reader(display_path(path), data, problems)), problems)
    return entries


def read_lists(root: Element, reader: Reader) -> list[m.Entry]:
    """The entries of every list in a file: in a register file, or in a letter's own header
    (`particDesc`), `<standOff>` or `<back>`; a file whose root is an entry is that entry.
    A list inside an entry (an event's participants, a person's literature) is part of it."""
    if local(root) in ENTRY_KINDS:
        entry = read_entry(root, ENTRY_KINDS[local(root)], reader)
        return [entry] if entry is not None else []
    out: list[m.Entry] = []
    for list_el in root.iter(*(f"{{{NS['t']}}}{name}" for name in LISTS)):
        if any(local(a) in ENTRY_KINDS for a in list_el.iterancestors()):
            continue
        for el in list_el:
            if isinstance(el.tag, str) and local(el) in ENTRY_KINDS:
                entry = read_entry(el, ENTRY_KINDS[local(el)], reader)
                if entry is not None:
                    out.append(entry)
    return out


def add_entries(entries: dict[str, m.Entry], new: Iterable[m.Entry], problems: Problems,
                reported: set[str] | None = None) -> None:
    """Add entries to the edition's registers. One id is one entry: the same id read again (a
    letter's copy of an entry, the entry in two register files) is merged into it, the union of
    what both say. Where the two give different names, or are of different kinds, they are two
    entries under one id: the first is kept and the conflict reported once, with both places
    (`reported` holds the conflicts reported so far, when entries come in several calls)."""
    reported = set() if reported is None else reported
    for entry in new:
        twin = entries.get(entry.id)
        if twin is None:
            entries[entry.id] = entry
        elif twin.pos.path == entry.pos.path and twin.pos != entry.pos:
            continue  # an id used twice in one file: tei.parse reported it as the cause
        elif twin.kind != entry.kind or not same_name(twin, entry):
            what = (f"{_a(twin.kind)} at {twin.pos} and {_a(entry.kind)} at {entry.pos}"
                    if twin.kind != entry.kind else
                    f"\"{twin.name}\" at {twin.pos} and \"{entry.name}\" at {entry.pos}")
            conflict = f"{entry.id}:{entry.kind}:{_folded(entry.name)}"
            if conflict in reported:
                continue
            reported.add(conflict)
            problems.warning(
                entry.pos,
                f"the id \"{entry.id}\" names two different entries, {what}; the first is kept and"
                " every reference to the id leads to it: give the other an xml:id of its own and"
                " point its mentions there",
            )
        else:
            entries[entry.id] = merge(twin, entry)


def _a(kind: str) -> str:
    singular = paths.KIND_SINGULAR[kind]
    return f"{'an' if singular[0] in 'aeiou' else 'a'} {singular}"


def same_name(a: m.Entry, b: m.Entry) -> bool:
    """Two copies of one entry: the same name, letter case and spacing aside (or one has none)."""
    return not a.name or not b.name or _folded(a.name) == _folded(b.name)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def merge(first: m.Entry, second: m.Entry) -> m.Entry:
    """One entry from two copies of it: the union of what they say, the first's wording first."""
    def union(a: tuple[object, ...], b: tuple[object, ...]) -> tuple[object, ...]:
        return tuple(dict.fromkeys((*a, *b)))

    return replace(
        first,
        name=first.name or second.name, sort_name=first.sort_name or second.sort_name,
        dates=first.dates or second.dates, description=first.description or second.description,
        sources=union(first.sources, second.sources),  # type: ignore[arg-type]
        authorities=union(first.authorities, second.authorities),  # type: ignore[arg-type]
        cert=first.cert or second.cert, birth=first.birth or second.birth,
        death=first.death or second.death, label=first.label or second.label,
        keys=union(first.keys, second.keys),  # type: ignore[arg-type]
        related=union(first.related, second.related),  # type: ignore[arg-type]
        literature=union(first.literature, second.literature),  # type: ignore[arg-type]
        no_authority=first.no_authority or second.no_authority, period=first.period or second.period,
    )


def resolve_references(edition: m.Edition) -> None:
    """Point every reference by authority URI at the entry that carries that URI in an idno, and
    every @key that is no entry's id at the entry whose @n it is.

    A URI no entry carries is left as it is, and `site.check` reports it where it stands.
    """
    by_uri = {authorities.key(a.url): entry.id for entry in edition.entries.values()
              for a in entry.authorities if a.url}
    by_key = {key: entry.id for entry in edition.entries.values() for key in entry.keys}

    def entry_id(ref: str) -> str:
        if ref in edition.entries:
            return ref
        if ref.startswith(("http://", "https://")):
            return by_uri.get(authorities.key(ref), ref)
        return by_key.get(ref, ref)

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


# ---------------------------------------------------------------- one entry


def read_entry(el: Element, kind: m.EntryKind, r: Reader) -> m.Entry | None:
    """One entry as the field writes it; None (with a warning) for one nothing can name."""
    tag = local(el)
    entry_id = el.get(XML_ID)
    if not entry_id:
        r.problems.warn_once(
            f"entry-without-id:{tag}", r.pos(el),
            f"this <{tag}> (and any other without xml:id in this file) has no xml:id, so nothing"
            " can point at it and it gets no page; give it an xml:id if a letter names it",
        )
        return None
    name, sort_name = names(el, kind)
    if not name:
        r.problems.warning(
            r.pos(el), f"the register entry \"{entry_id}\" has no name, so it is left out of the"
            f" registers (a letter that names it stops the build); add a <{_NAME_TAG[tag]}>",
        )
        return None
    description: tuple[m.Inline, ...] = ()
    sources: list[tuple[m.Inline, ...]] = []
    for note in el.findall("t:note", NS):
        if note.get("type") == "source":
            sources.append(_prose(note, r))
        elif note.get("type") == "authority":
            continue  # why it has no authority record (`no_authority`), never its description
        elif not description:
            description = _prose(note, r)
    named_by = _event_name(el) if kind == "event" else None
    if not description and (named_by is None or local(named_by) != "desc"):
        for desc in el.findall("t:desc", NS):  # an event named by its desc has no other
            description = description or _prose(desc, r)
    makers = _makers(el) if kind == "work" else []
    if not description and makers:
        description = (m.Text(messages.t("entry.by", names="; ".join(name for name, _ in makers))),)
    found = []
    for idno in el.findall("t:idno", NS):
        found.append(record := authorities.identify(plain(idno), idno.get("type"), idno.get("subtype")))
        if plain(idno).count("://") > 1 and record is not None:
            r.problems.warning(r.pos(idno), f"this idno holds two URLs run together; it is linked as"
                               f" {record.label} ({record.url}): write the record's URL once")
    birth, death = life(el.find("t:birth", NS), r), life(el.find("t:death", NS), r)
    return m.Entry(
        id=entry_id, kind=kind, name=name, sort_name=sort_name,
        dates=_dates(el, kind, birth, death), description=description, sources=tuple(sources),
        authorities=tuple(dict.fromkeys(a for a in found if a is not None)), pos=r.pos(el),
        cert=el.get("cert"), birth=birth, death=death, label=_LABELS.get(tag, ""),
        keys=(el.get("n", ""),) if el.get("n") else (),
        related=tuple(dict.fromkeys([
            *(r.pointer(p) for inner in el if isinstance(inner.tag, str) and local(inner) in LISTS
              for nested in inner for p in (nested.get("sameAs") or nested.get("ref") or "").split()),
            *(r.pointer(p) for _, maker in makers
              for p in (maker.get("ref") or maker.get("key") or "").split())])),
        literature=tuple(r.children(b) for b in el.iterfind("t:listBibl/t:bibl", NS)),
        variants=_variants(el, kind, entry_id, r),
        no_authority=" ".join(plain(n) for n in el.findall("t:note[@type='authority']", NS)),
        period=_period(el, kind),
    )


_KIND_NAME = {kind: k.name for kind, k in m.KINDS.items()}


def _variants(el: Element, kind: m.EntryKind, entry_id: str, r: Reader) -> tuple[m.NameVariant, ...]:
    """The other forms of an entry's name that search should find: its <persName type="variant">
    (placeName, orgName, title, or addName type="variant"), each with the source that gives it
    where @source names one ("#id" of a <bibl> in the register, or a URL); one without a source
    is the register's own statement, as the rest of the entry is. A @source that points at
    nothing is an error."""
    found = [n for n in el if isinstance(n.tag, str) and n.get("type") == "variant"
             and local(n) in (_KIND_NAME[kind], "addName", "name")]
    out = []
    for variant in found:
        name, source = plain(variant), (variant.get("source") or "").strip()
        if not name:
            continue
        cited: tuple[m.Inline, ...] = (m.Text(source),) if source else ()
        if source.startswith("#"):
            bibl = next((b for b in el.getroottree().iter() if b.get(XML_ID) == source[1:]), None)
            if bibl is None:
                r.problems.error(r.pos(variant), f"the name variant \"{name}\" of \"{entry_id}\" cites"
                                 f" {source}, which is no element of the register; give the <bibl> it"
                                 f" means xml:id=\"{source[1:]}\"")
                continue
            cited = r.children(bibl)
        out.append(m.NameVariant(name, cited))
    return tuple(out)


def _makers(el: Element) -> list[tuple[str, Element]]:
    """A work's authors (else its editors), each by its name in natural order where its parts
    are marked: of the work itself, else of its analytic or monographic level."""
    for path in ("t:author", "t:analytic/t:author", "t:monogr/t:author", "t:editor", "t:monogr/t:editor"):
        found = [(parts_names(a)[0], a) for a in el.findall(path, NS)]
        if named := [(name, a) for name, a in found if name]:
            return named
    return []


def _prose(el: Element, r: Reader) -> tuple[m.Inline, ...]:
    """A note or desc as one run of text; its paragraphs (or a list's items) joined by a space."""
    paras: list[Element] = el.xpath("t:p | t:list/t:head | t:list/t:item", namespaces=NS)  # type: ignore[assignment]
    if not paras:
        return r.children(el)
    out: list[m.Inline] = []
    for p in paras:
        out += [m.Text(" ")] if out else []
        out += r.children(p)
    return tuple(out)


_NAME_TAG = {tag: m.KINDS[kind].name for tag, kind in ENTRY_KINDS.items()}
# persName/@type values that name a variant, never the name an entry is shown by
_VARIANTS = {"sort", "alias", "alt", "variant", "pseud", "pseudonym", "nickname", "short", "abbr",
             "former", "later", "other"}


def names(el: Element, kind: m.EntryKind) -> tuple[str, str]:
    """The name in natural order ("Carl Maria von Weber") and in index order ("Weber, Carl
    Maria von"): from the persName parts where the register marks them; a name without parts is
    shown as the register writes it, in both places."""
    if kind == "person":
        return person_names(el)
    name = plain(_name_element(el, kind))
    if not name and kind == "work":  # a bibl written as running text is its own name
        name = plain(el)
    return name, name


def _name_element(el: Element, kind: m.EntryKind) -> Element | None:
    tag = {"place": "placeName", "org": "orgName", "work": "title", "event": "label"}[kind]
    if kind == "event":
        return _event_name(el)
    own = [n for n in el.findall(f"t:{tag}", NS) if (n.get("type") or "").lower() not in _VARIANTS]
    if own:
        return own[0]
    if kind == "place":  # place/settlement/placeName, place/country, …
        for part in ("settlement", "region", "country", "district", "bloc", "geogName"):
            if (part_el := el.find(f"t:{part}", NS)) is not None:
                return part_el
    found = [t for t in el.iter(f"{{{NS['t']}}}{tag}") if t.get("type") != "short"
             and not _inside(t, el, ("note", "series", "listBibl", "relatedItem"))]
    return found[0] if found else None


def _inside(el: Element, top: Element, names: tuple[str, ...]) -> bool:
    """Whether `el` stands in one of `names` below `top`."""
    for parent in el.iterancestors():
        if parent is top:
            return False
        if local(parent) in names:
            return True
    return False


def _event_name(el: Element) -> Element | None:
    for tag in ("label", "eventName", "desc"):
        if (found := el.find(f"t:{tag}", NS)) is not None:
            return found
    return None


def person_names(el: Element) -> tuple[str, str]:
    every = el.findall("t:persName", NS)
    own = [n for n in every if (n.get("type") or "").lower() not in _VARIANTS] or every
    parted = next((n for n in own if n.find("t:surname", NS) is not None
                   or n.find("t:forename", NS) is not None), None)
    if parted is not None:
        name, index = parts_names(parted)
    else:
        name = index = plain(own[0]) if own else ""
    sort = next((plain(n) for n in every if n.get("type") == "sort"), "")
    return name, sort or index


def parts_names(el: Element) -> tuple[str, str]:
    """A persName of parts in natural order and in index order: "Baron Paul d'Estournelles"
    is shown "Paul d'Estournelles" and filed "Estournelles, Paul d'"; a title (roleName) is shown
    only where there is no forename ("Mrs. Smith"), and never files the name."""
    def joined(*tags: str) -> str:
        return " ".join(plain(p) for p in el if isinstance(p.tag, str) and local(p) in tags
                        and plain(p))

    forenames, links, surnames = joined("forename"), joined("nameLink"), joined("surname")
    roles, extra = joined("roleName"), joined("addName", "genName")
    if not forenames and not surnames:
        whole = plain(el)
        return whole, whole
    given = forenames or roles
    elided = links.endswith(("'", "’"))  # d'Estournelles: the particle joins the surname
    shown = f"{links}{surnames}" if elided else " ".join(filter(None, (links, surnames)))
    name = " ".join(filter(None, (given, shown, extra)))
    if not surnames:
        return name, name
    rest = " ".join(filter(None, (given, links)))
    index = f"{surnames}, {rest}" if rest else surnames
    return name, f"{index} {extra}".strip() if extra else index


def life(el: Element | None, r: Reader) -> m.Life | None:
    """A birth or death: `@when` (or a `date` inside, with @when, @when-iso or its text), the
    place it names, and `@cert` (of the element or of its date)."""
    if el is None:
        return None
    date = el.find("t:date", NS)
    holder = date if date is not None else el
    when = next((v for v in (el.get("when"), el.get("when-iso"), holder.get("when"),
                             holder.get("when-iso")) if v), "")
    text = plain(date) if date is not None else (el.text or "").strip()
    if not when and is_iso_date(text):
        when, text = text, ""
    place_el = next((p for p in el.iter(f"{{{NS['t']}}}placeName", f"{{{NS['t']}}}settlement")
                     if p is not el), None)
    cert = el.get("cert") or holder.get("cert")
    start, end = (next((v for name in names for v in (el.get(name), holder.get(name)) if v), "")
                  for names in (("notBefore", "notBefore-iso", "from", "from-iso"),
                                ("notAfter", "notAfter-iso", "to", "to-iso")))
    if not (when or start or end or text or place_el is not None):
        return None
    return m.Life(when, "" if text == when else text, plain(place_el), cert, start, end)


def iso_date(when: str | None, start: str | None = None, end: str | None = None) -> str:
    """A date for data users, in ISO 8601: `when` where it is an ISO date, else the interval
    "start/end" of the bounds that are (".." for an open end, as ISO 8601-2 writes it); "" where
    there is neither (a date as text only, or one that names no day that exists)."""
    if when and is_iso_date(when):
        return when
    start, end = (v if v and is_iso_date(v) else "" for v in (start, end))
    return f"{start or '..'}/{end or '..'}" if start or end else ""


def life_date(event: m.Life | None) -> str:
    """A birth's or death's date in ISO 8601 (`iso_date`)."""
    return "" if event is None else iso_date(event.when, event.not_before, event.not_after)


UNCERTAIN = ("low", "medium", "unknown")


def _year(event: m.Life | None) -> str:
    if event is None:
        return ""
    found = re.match(r"-?\d{3,4}", event.when) or re.search(r"\d{3,4}", event.text)
    year = found.group(0).lstrip("-") if found else ""
    return f"{year}?" if year and event.cert in UNCERTAIN else year


def _dates(el: Element, kind: m.EntryKind, birth: m.Life | None, death: m.Life | None) -> str | None:
    """The entry's dates as a reader sees them: "1878–1953", "1936-08 – 1938-03", a work's date."""
    if kind == "person":
        born, died = _year(birth), _year(death)
        return f"{born or '?'}–{died or '?'}" if born or died else None
    if kind == "work":
        return plain(_work_date(el)) or None
    when, start, end = _span(el)
    if when:
        return when
    if start or end:
        return f"{start or '?'} – {end or '?'}"
    return None


def _work_date(el: Element) -> Element | None:
    date = el.find("t:date", NS)
    return el.find("t:monogr/t:imprint/t:date", NS) if date is None else date


def _period(el: Element, kind: m.EntryKind) -> str:
    """The entry's date in ISO 8601 (`iso_date`): an event's, place's or organisation's, or a
    work's (its date's @when, else its bounds); a person has a birth and a death instead."""
    if kind == "person":
        return ""
    if kind == "work":
        date = _work_date(el)
        if date is None:
            return ""
        return iso_date(date.get("when") or date.get("when-iso") or plain(date),
                        date.get("notBefore") or date.get("from"), date.get("notAfter") or date.get("to"))
    return iso_date(*_span(el))


def _span(el: Element) -> tuple[str | None, str | None, str | None]:
    """An event's (place's, organisation's) @when, or its start and end (@from/@notBefore,
    @to/@notAfter), on itself or on its first `event` or `date`."""
    when = el.get("when")
    start, end = el.get("from") or el.get("notBefore"), el.get("to") or el.get("notAfter")
    for sub in ("t:event", "t:date"):
        if when or start:
            break
        if (child := el.find(sub, NS)) is not None and local(el) not in ("event", "eventName"):
            when, start, end = child.get("when"), child.get("from"), child.get("to")
    if not (when or start) and local(el) == "eventName" and (d := el.find("t:date", NS)) is not None:
        when = d.get("when")
    return when, start, end
