"""Reading a letter file: which letters it holds (one, or several as correspDescs or divs), and
each letter's metadata (parties, dates, places, provenance, language, pages, own entries) and
text, read by `tei.Reader` with the rule table.

Layers: this module reads with `tei` (parsing, rules), `registers` (entries a letter keeps in
its own header) and `facsimile` (its pages); none of them imports it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import messages
from .. import model as m
from ..problems import Problems, display_path
from .facsimile import read_pages
from .registers import read_lists
from .tei import (
    LEGACY_CORRESP,
    NS,
    TEI,
    XML_ID,
    XML_LANG,
    Element,
    Reader,
    is_iso_date,
    local,
    parse,
    plain,
    qname,
)


def _party(el: Element, r: Reader) -> m.Party:
    refs = r.refs(el)
    return m.Party(plain(el), refs[0] if refs else None, el.get("cert"),
                   by_key=bool(refs) and refs[0] in (el.get("key") or "").split(), pos=r.pos(el))


def read_letter(path: Path, problems: Problems) -> m.Letter | None:
    """The first (usually the only) letter of a file; None (with errors reported) if there is none."""
    letters = read_file(path, problems)
    return letters[0] if letters else None


LETTER_PARTS = ("opener", "closer", "salute", "dateline", "signed", "postscript")


def file_id(path: Path) -> str:
    """A letter id made from a file name, for a root without xml:id: `Lettre0001_2juin1907.xml`
    → `Lettre0001_2juin1907`; accents folded, anything but letters, digits, `.`, `-`, `_`
    becomes `-`; a name that does not begin with a letter is prefixed `letter-` (an XML name,
    and never a year or month of the site's lists)."""
    import unicodedata

    stem = path.name[: -len(".xml")] if path.name.lower().endswith(".xml") else path.name
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-.") or "letter"
    return safe if re.match(r"[A-Za-z_]", safe) else f"letter-{safe}"


@dataclass(slots=True)
class _Unit:
    """One letter of a file: its id, its part of the text (None: all of it), its correspDesc."""

    id: str
    div: Element | None
    corresp: Element | None
    before: list[Element] = field(default_factory=list)  # text between letters, read with this one
    after: list[Element] = field(default_factory=list)


def _divs_of_type(body: Element) -> list[Element]:
    """The outermost divs typed as letters (`type` or `subtype` "letter")."""
    found = [d for d in body.iter(f"{{{TEI}}}div") if "letter" in (d.get("type"), d.get("subtype"))]
    return [d for d in found if not any(a in found for a in d.iterancestors(f"{{{TEI}}}div"))]


def _headed_divs(body: Element) -> list[Element]:
    """Where a file holds letters without correspDesc as headed divs of one kind (Ritter's
    `div type="div1"`): the outermost divs of the kind that most divs with a <head> share."""
    kinds: dict[tuple[str, str], list[Element]] = {}
    for d in body.iter(f"{{{TEI}}}div"):
        if d.find("t:head", NS) is not None:
            kinds.setdefault((d.get("type", ""), d.get("subtype", "")), []).append(d)
    if not kinds:
        return []
    found = max(kinds.values(), key=len)
    return [d for d in found if not any(a in found for a in d.iterancestors(f"{{{TEI}}}div"))]


def _units(root: Element, header: Element, body: Element | None, base: str) -> list[_Unit]:
    """The letters of one file: one, or several (several correspDesc, divs typed or headed as
    letters); text outside every letter's div is read with the next letter (or the last)."""
    corresps = header.findall("t:profileDesc/t:correspDesc", NS) or legacy_corresps(header)
    divs = _divs_of_type(body) if body is not None else []
    if body is not None and len(divs) < 2 and not corresps:
        divs = _headed_divs(body)
        if len(divs) < 2:
            divs = []
    if len(divs) < 2:
        if len(corresps) > 1:  # several letters described, the text (if any) with the first
            width = len(str(len(corresps)))
            return [_Unit(f"{base}-{n:0{width}d}", None, c) for n, c in enumerate(corresps, 1)]
        return [_Unit(base, None, corresps[0] if corresps else None)]
    by_id = {c.get(XML_ID): c for c in corresps if c.get(XML_ID)}
    units: list[_Unit] = []
    width = len(str(len(divs)))  # ritter-1682-03: the letters sort as they stand in the file
    for n, div in enumerate(divs, 1):
        decls = [by_id[t.lstrip("#")] for t in (div.get("decls") or "").split() if t.lstrip("#") in by_id]
        corresp = decls[0] if decls else corresps[n - 1] if len(corresps) == len(divs) else None
        units.append(_Unit(div.get(XML_ID) or f"{base}-{n:0{width}d}", div, corresp))
    # the rest of the text: each part goes with the letter that follows it, or the last
    pending: list[Element] = []
    inside = set(divs)

    def walk(el: Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child in inside:
                unit = units[divs.index(child)]
                unit.before, pending[:] = list(pending), []
            elif any(d in inside for d in child.iterdescendants(f"{{{TEI}}}div")):
                walk(child)  # a container of letters: its own text is read, its letters apart
            else:
                pending.append(child)

    if body is not None:
        walk(body)
    units[-1].after = list(pending)
    return units


def legacy_corresps(header: Element) -> list[Element]:
    """The correspDesc elements in the header's old place (sourceDesc), read where profileDesc has none."""
    return header.findall("t:fileDesc/t:sourceDesc/t:correspDesc", NS)


def corresp_actions(corresp: Element) -> list[tuple[str | None, list[Element]]]:
    """The actions of a correspDesc as (type, child elements). In the pre-standard form
    (LEGACY_CORRESP) the children of <sender>, <placeSender> and <dateSender> are the "sent"
    action's, those of <addressee>, <placeAddressee>, <dateAddressee> the "received" one's.
    Where a correspDesc has correspAction, only that is read (`check_legacy` says so)."""
    actions = corresp.findall("t:correspAction", NS)
    if actions:
        return [(a.get("type"), [c for c in a if isinstance(c.tag, str)]) for a in actions]
    legacy: dict[str | None, list[Element]] = {}
    for el in corresp:
        if isinstance(el.tag, str) and (kind := LEGACY_CORRESP.get(local(el))) is not None:
            legacy.setdefault(kind, []).extend(c for c in el if isinstance(c.tag, str))
    return list(legacy.items())


def check_legacy(header: Element, r: Reader) -> None:
    """One warning for each correspDesc in the pre-standard form: read as correspAction where
    it describes the letter; not read where a correspDesc of TEI P5 beside it does."""
    standard = header.findall("t:profileDesc/t:correspDesc", NS)
    for corresp in (*standard, *legacy_corresps(header)):
        old = [el for el in corresp if isinstance(el.tag, str) and local(el) in LEGACY_CORRESP]
        misplaced = corresp not in standard
        if not old and not misplaced:
            continue
        what = ", ".join(dict.fromkeys(f"<{qname(el)}>" for el in old))
        form = (f"in sourceDesc and with {what}" if old and misplaced else
                "in sourceDesc" if misplaced else f"with {what}")
        if (misplaced and standard) or (old and corresp.find("t:correspAction", NS) is not None):
            told = standard[0] if misplaced and standard else corresp.find("t:correspAction", NS)
            assert told is not None
            r.problems.warning(r.pos(corresp), f"this correspDesc is in the pre-standard form ({form})"
                               f" and is not read: the correspDesc of TEI P5 (line {r.pos(told).line})"
                               " describes the letter; delete the old one, or make them agree")
        else:
            r.problems.warning(r.pos(corresp), f"this correspDesc is in the pre-standard form ({form});"
                               " it is read as TEI P5's correspAction type=\"sent\" (sender, place,"
                               " date) and type=\"received\" (addressee); to make it TEI P5, move it"
                               " to profileDesc and write each party, place and date inside"
                               " <correspAction>")


def read_file(path: Path, problems: Problems) -> list[m.Letter]:
    """Read the letters of one file into the model (none, with errors reported, if it cannot be read)."""
    parsed = parse(path, problems)
    if parsed is None:
        return []
    root, data = parsed
    shown = display_path(path)
    r = Reader(shown, data, problems)
    header = root.find("t:teiHeader", NS)
    text = root.find("t:text", NS)
    if header is None or text is None:
        problems.error(r.pos(root), "a letter needs a <teiHeader> and a <text>; add the missing one")
        return []
    body_el = text.find("t:body", NS)
    base = root.get(XML_ID) or file_id(path)
    units = _units(root, header, body_el, base)
    check_legacy(header, r)
    file_ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    letters = []
    for n, unit in enumerate(units):
        letters.append(_read_unit(unit, root, header, text, Reader(shown, data, problems),
                                  whole=len(units) == 1, first=n == 0, last=n == len(units) - 1,
                                  taken=file_ids))
    return letters


def _title(header: Element) -> tuple[str, bool]:
    """The letter's own title (level a, type main, or the first not of a series or monograph),
    and whether it is one; else the series title (False)."""
    titles = header.findall("t:fileDesc/t:titleStmt/t:title", NS)
    for title in titles:
        if title.get("level") == "a" or title.get("type") == "main":
            return plain(title), True
    for title in titles:
        if title.get("level") not in ("s", "m", "j") and title.get("type") not in ("sub", "alt"):
            return plain(title), True
    return (plain(titles[0]), False) if titles else ("", False)


def _read_unit(unit: _Unit, root: Element, header: Element, text: Element, r: Reader, *,
               whole: bool, first: bool, last: bool, taken: set[str | None]) -> m.Letter:
    problems = r.problems
    letter_id = unit.id
    r.letter_id = letter_id
    r.taken = taken
    r.read_prefixes(header)
    title, own = _title(header)
    senders: list[m.Party] = []
    addressees: list[m.Party] = []
    places: list[m.Party] = []
    date: str | None = None
    date_text = ""
    date_attrs: tuple[tuple[str, str], ...] = ()
    sent_date: Element | None = None
    corresp = unit.corresp
    if corresp is None:
        if whole:
            problems.warning(
                r.pos(header),
                "the letter has no <correspDesc>, so its sender, addressee and date are unknown to"
                " the lists; add profileDesc/correspDesc with a <correspAction type=\"sent\"> and"
                " a <correspAction type=\"received\">",
            )
    else:
        for kind, parts in corresp_actions(corresp):
            for n in parts:
                if local(n) not in ("persName", "orgName", "name"):
                    continue
                role = n.get("type") if n.get("type") in ("sender", "addressee") else None
                if role == "sender" or (role is None and kind == "sent"):
                    senders.append(_party(n, r))
                elif role == "addressee" or (role is None and kind == "received"):
                    addressees.append(_party(n, r))
            if kind == "sent":
                places += [_party(p, r) for p in parts if local(p) == "placeName"]
                dates = [d for d in parts if local(d) == "date"]
                if dates:
                    date, date_text, date_attrs, sent_date = _sent_date(dates, r)
    div = unit.div
    head = plain(div.find("t:head", NS)) if div is not None else ""
    made = _made_title(senders, addressees, date, date_text)
    if not whole:  # one of several letters in a file: the file's title is not this letter's
        own = bool(head)
        if head or made:
            title = head or made
        else:  # the file's title and the letter's place in it (its divs' @n: "1.2a")
            ancestors = [*reversed(list(div.iterancestors(f"{{{TEI}}}div"))), div] if div is not None else []
            numbers = ".".join(num for d in ancestors if (num := d.get("n", "")) and ":" not in num)
            title = f"{title} {numbers}" if numbers else f"{title} ({letter_id})"
    elif not own or not title:
        own = not made and bool(head)
        title = made or head or title
    if not title:
        problems.warning(r.pos(header), "the letter has no title and no correspDesc to make one from;"
                         " add <title> to fileDesc/titleStmt")
        title, own = "Untitled letter", False
    if date is None and corresp is None:
        found = (div if div is not None else text).find(".//t:dateline//t:date[@when]", NS)
        if found is not None and is_iso_date(found.get("when", "")):
            date, date_text = found.get("when"), plain(found)
            date_attrs = (("when", date or ""),)

    bibl = header.find("t:fileDesc/t:sourceDesc/t:bibl", NS)
    held = len(r.notes)  # a note in the bibl is the provenance panel's (_provenance reads it)
    source = r.children(bibl) if bibl is not None else ()
    del r.notes[held:]
    front_el = text.find("t:front", NS)
    body_el = text.find("t:body", NS)
    back_el = text.find("t:back", NS)
    if whole:
        r.detach_notes(note for part in (back_el, root.find("t:standOff", NS)) if part is not None
                       for note in part.iter(f"{{{TEI}}}note"))
    front = tuple(r.blocks(front_el)) if front_el is not None and first else ()
    if div is None:
        body = tuple(r.blocks(body_el)) if body_el is not None and first else ()
    else:
        body = (*r.blocks(unit.before), *r.blocks([div]), *r.blocks(unit.after))
    back = tuple(r.blocks(back_el)) if back_el is not None and last else ()  # appendices
    if whole:
        r.report_detached()
    if first:
        check_dated(root, r, sent_date)
    scope = div if div is not None else text
    return m.Letter(
        id=letter_id, path=r.path, title=title, date=date, date_text=date_text,
        senders=tuple(senders), addressees=tuple(addressees), places=tuple(places),
        source=source, front=front, body=body + back, notes=tuple(r.notes),
        mentions=tuple(r.mentions), lang=_language(scope, text, root, header),
        pos=r.pos(div if div is not None else root), date_attrs=date_attrs,
        authors=tuple(_person_name(a) for a in header.findall("t:fileDesc/t:titleStmt/t:author", NS)),
        transcription=_transcription(header, r), entries=_own_entries(root, r) if first else (),
        ids=tuple((el.get(XML_ID, ""), r.pos(el)) for el in scope.iter(f"{{{TEI}}}*")
                  if el.get(XML_ID)),
        links=tuple(r.links), pages=_pages(root, scope, r),
        provenance=_provenance(header, r), own_title=own,
    )


DATED = {f"{{{TEI}}}{name}" for name in ("date", "docDate", "origDate")}


def check_dated(root: Element, r: Reader, sent: Element | None) -> None:
    """Every date of the letter names a day that exists, and its docDate agrees with correspDesc."""
    for el in root.iter(*DATED):
        r.check_dates(el)
    when = sent.get("when") if sent is not None else None
    for doc_date in root.iterfind("t:text/t:front/t:docDate[@when]", NS):
        own = doc_date.get("when", "")
        if sent is not None and when and r.check_dates(doc_date) and own != when:
            r.problems.warning(
                r.pos(doc_date), f"the docDate says {own}, but correspDesc dates the letter"
                f" {when} (line {r.pos(sent).line}); make them agree, or say in a note why they differ",
            )


def _pages(root: Element, text: Element, r: Reader) -> tuple[m.Page, ...]:
    """The letter's pages and their images (facsimile.py reads them with this module's Reader)."""

    return read_pages(root, text, r)


def _provenance(header: Element, r: Reader) -> m.Provenance:
    """What the header says of the text's origin (see model.Provenance). Links and mentions in
    these notes are shown, not collected: a note may point at the transcription's file."""
    links, mentions = len(r.links), len(r.mentions)
    sources = tuple(m.SourceBibl(b.get("type") or "", b.get("cert"), r.children(b))
                    for b in header.iterfind("t:fileDesc/t:sourceDesc/t:bibl", NS))
    notes = tuple((n.get("type") or "", r.children(n))
                  for n in header.iterfind("t:fileDesc/t:notesStmt/t:note", NS))
    reasoning = tuple(r.children(n) for n in header.iterfind("t:profileDesc/t:correspDesc/t:note", NS))
    del r.links[links:], r.mentions[mentions:]
    translators = [plain(name) for stmt in header.iter(f"{{{TEI}}}respStmt")
                   if "transl" in plain(stmt.find("t:resp", NS)).lower()
                   for name in stmt if local(name) in ("persName", "name", "orgName")]
    translators += [plain(el) for el in header.iter(f"{{{TEI}}}editor", f"{{{TEI}}}author")
                    if el.get("role") == "translator"]
    return m.Provenance(sources, notes, reasoning, tuple(dict.fromkeys(t for t in translators if t)))


def _language(scope: Element, text: Element, root: Element, header: Element) -> str | None:
    """The language of a letter's page: its div's or text's xml:lang, else the first of langUsage."""
    for el in (scope, text, root):
        if el.get(XML_LANG):
            return el.get(XML_LANG)
    language = header.find("t:profileDesc/t:langUsage/t:language", NS)
    return language.get("ident") if language is not None and language.get("ident") else None


SentDate = tuple[str | None, str, tuple[tuple[str, str], ...], Element | None]


def _sent_date(dates: list[Element], r: Reader) -> SentDate:
    """The sent date of a correspAction, no more precise than the TEI makes it: `@when`
    (`@when-iso`); a range (`@notBefore`/`@notAfter`, `@from`/`@to`, `@when-iso` with a `/`, or
    two dates) as what both ends share (1877-02-01 to 1877-02-28: `1877-02`), else its start;
    its words, its attributes, and the element (None, and undated, where a date is wrong)."""
    text = " – ".join(t for t in (plain(d) for d in dates) if t)
    if not all([r.check_dates(d) for d in dates]):  # reported: the letter is undated
        return None, text, (), None
    attrs: dict[str, str] = {}
    for d in dates:
        if "/" in (interval := d.get("when-iso") or ""):  # 1918-12-16/31
            first, _, last = interval.partition("/")
            attrs.setdefault("from", first)
            attrs.setdefault("to", first[: max(len(first) - len(last), 0)] + last)
        for name in (*DATE_ATTRS, "when-iso", "notBefore-iso", "notAfter-iso", "from-iso", "to-iso"):
            value = d.get(name)
            if value and "/" not in value and name.removesuffix("-iso") not in attrs:
                attrs[name.removesuffix("-iso")] = value
    ends = [d.get("when") or d.get("when-iso") or "" for d in dates]
    if len(dates) == 2 and all(ends):  # two dates in one correspAction: a range
        attrs = {"from": ends[0], "to": ends[1]}
    when = attrs.get("when")
    if when and not is_iso_date(when):
        when = None
    if when is None:
        start = attrs.get("from") or attrs.get("notBefore")
        end = attrs.get("to") or attrs.get("notAfter")
        if start and end and is_iso_date(start) and is_iso_date(end):
            when = _shared(start, end)
        elif start and is_iso_date(start) and not end:
            when = start
    if when is not None and not is_iso_date(when):
        when = None
    kept = tuple((name, attrs[name]) for name in DATE_ATTRS if attrs.get(name))
    return when, text, kept, dates[0]


def _shared(start: str, end: str) -> str:
    """What two ISO dates share, as a date: the day, month or year; the start if not even the year."""
    a, b = start.split("-"), end.split("-")
    if a == b:
        return start
    if a[0] != b[0]:
        return start  # for sorting; shown as the range it is (markdown.letter_date)
    if len(a) > 1 and len(b) > 1 and a[1] == b[1]:
        return f"{a[0]}-{a[1]}"
    return a[0]


def _made_title(senders: list[m.Party], addressees: list[m.Party], date: str | None,
                date_text: str) -> str:
    """"Sender to Addressee, date" from correspDesc ("" where it names nobody)."""
    unknown = messages.t("letter.unknown")
    who = messages.joined([p.name for p in senders if p.name]) or (unknown if addressees else "")
    whom = messages.joined([p.name for p in addressees if p.name]) or (unknown if senders else "")
    if not who and not whom:
        return ""
    return messages.t("letter.description", senders=who, addressees=whom,
                      date=date_text or messages.format_date(date))


def _own_entries(root: Element, r: Reader) -> tuple[m.Entry, ...]:
    """The register entries a letter carries itself (particDesc, standOff, back)."""

    return tuple(read_lists(root, r))


def _person_name(el: Element) -> m.PersonName:
    """`<author>` as a name: its forename and surname where the TEI marks them."""
    return m.PersonName(plain(el), plain(el.find(".//t:forename", NS)),
                        plain(el.find(".//t:surname", NS)))


DATE_ATTRS = ("when", "notBefore", "notAfter", "from", "to", "cert")


def _transcription(header: Element, r: Reader) -> m.Transcription | None:
    """Where the letter's transcription is, from notesStmt/note[@type="transcription"]/ref."""
    for ref in header.iterfind("t:fileDesc/t:notesStmt/t:note[@type='transcription']//t:ref", NS):
        if target := ref.get("target"):
            note = ref.getparent()
            while note is not None and local(note) != "note":
                note = note.getparent()
            quoted = note.iterfind(".//t:q", NS) if note is not None else iter(())
            return m.Transcription(target, tuple(plain(q) for q in quoted), r.pos(ref))
    return None
