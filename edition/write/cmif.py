"""The CMIF file (Correspondence Metadata Interchange Format) of every letter, for correspSearch."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from .. import authorities, paths
from .. import model as m
from ..problems import Problem, Problems
from ..read.tei import TEI, XML_ID

FILE = "cmif.xml"  # in docs/, so published at <site>/cmif.xml

SOURCE_ID = "edition"  # the xml:id of the edition's bibl, which every correspDesc cites


def authority_uris(entry: m.Entry | None) -> list[str]:
    """The authority URIs of a register entry, in CMIF form; none for an entry without idno."""
    if entry is None:
        return []
    return [authorities.uri(a) for a in entry.authorities if a.url]


def party_uris(party: m.Party, edition: m.Edition) -> list[str]:
    """The authority URIs of a correspondent or place: its register entry's, or the URI its @ref
    gives where no entry carries it."""
    entry = edition.entries.get(party.ref or "")
    if entry is None and party.ref and "://" in party.ref:
        return [party.ref]
    return authority_uris(entry)


def publishes(edition: m.Edition) -> bool:
    """Whether the build writes a CMIF file: the edition has an address and a release date."""
    return bool(edition.publication and edition.publication.url and edition.publication.date)


# in every warning of `check` (which a rebuild makes again for the letters it reads)
CHECKED = "cmif.xml names it without an authority record"
_SCHEMES = {"place": "<idno type=\"geonames\"> or <idno type=\"wikidata\">",
            "other": "<idno type=\"gnd\">, <idno type=\"viaf\"> or <idno type=\"wikidata\">"}
_URIS = {"place": "GeoNames or Wikidata", "other": "GND, VIAF or Wikidata"}


def check(letters: Iterable[m.Letter], edition: m.Edition, problems: Problems) -> None:
    """A warning, where correspDesc names it, for each correspondent and place that the CMIF file
    cannot give an authority record for, so that correspSearch cannot map it: its register
    entry has no idno with a URI, or it has no @ref. An entry whose register says why it has
    none (<note type="authority">Unidentified …</note>) is not asked for one: a warning that
    cannot be mended would be noise, and an id is never guessed. Nothing is said where the
    edition publishes no CMIF file."""
    if not publishes(edition):
        return
    for letter in letters:
        seen: set[str] = set()
        for role, party in [*(("person", p) for p in (*letter.senders, *letter.addressees)),
                            *(("place", p) for p in letter.places)]:
            entry = edition.entries.get(party.ref or "")
            key = party.ref or party.name
            if key in seen or party_uris(party, edition) or (party.ref and entry is None) \
                    or (entry is not None and entry.no_authority) \
                    or (not party.ref and party.name == "unidentified"):  # (named so for having no name)
                continue  # (a @ref to no entry is an error of its own)
            seen.add(key)
            scheme = "place" if role == "place" else "other"
            what = paths.KIND_SINGULAR[entry.kind] if entry is not None else \
                "place" if role == "place" else "correspondent"
            unknown = ("if it cannot be identified, say why in the entry with <note type=\"authority\">"
                       " (never guess an id)")
            if entry is None:
                advice = (f"give @ref its {_URIS[scheme]} URI, or the xml:id of its register entry"
                          f" (with {_SCHEMES[scheme]} there; {unknown})")
                named = f"the {what} \"{party.name}\" has no @ref"
            else:
                advice = (f"add the record to its register entry (at {entry.pos}) as {_SCHEMES[scheme]},"
                          f" or give @ref its {_URIS[scheme]} URI; {unknown}")
                named = f"the {what} \"{entry.name}\" (#{entry.id}) has no idno with an authority URI"
            problems.warning(party.pos or letter.pos, f"{named}, so {CHECKED} and correspSearch cannot"
                             f" map it; {advice}")


def entry_place(problem: Problem) -> str | None:
    """Where a warning of `check` says the register entry is that lacks the record (`Pos` as
    text: "tei/registers/places.xml:41:7"), or None for any other problem."""
    found = _AT.search(problem.message) if CHECKED in problem.message else None
    return found.group(1) if found else None


_AT = re.compile(r"add the record to its register entry \(at (.+?)\) as <idno")


def uncertain(cert: str | None) -> str | None:
    """CMIF knows one degree of certainty, cert="low" (uncertain): any certainty below high."""
    return "low" if cert in ("low", "medium", "unknown") else None


def letter_url(publication: m.Publication, letter_id: str) -> str:
    return publication.url + paths.page_url(paths.letter_page(letter_id))


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TEI}}}{name}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _party(action: etree._Element, party: m.Party, edition: m.Edition, place: bool = False) -> None:
    entry = edition.entries.get(party.ref or "")
    name = "placeName" if place else "orgName" if entry is not None and entry.kind == "org" else "persName"
    el = _el(action, name, party.name)
    if uris := party_uris(party, edition):
        el.set("ref", " ".join(uris))
    if cert := uncertain(party.cert):
        el.set("cert", cert)


def _correspondence(profile: etree._Element, letter: m.Letter, edition: m.Edition,
                    publication: m.Publication) -> None:
    desc = _el(profile, "correspDesc", ref=letter_url(publication, letter.id), source=f"#{SOURCE_ID}")
    sent = _el(desc, "correspAction", type="sent")
    for party in letter.senders:
        _party(sent, party, edition)
    for party in letter.places:
        _party(sent, party, edition, place=True)
    dates = dict(letter.date_attrs)
    if dates:
        cert = uncertain(dates.pop("cert", None))
        _el(sent, "date", **dates, **({"cert": cert} if cert else {}))
    received = _el(desc, "correspAction", type="received")
    for party in letter.addressees:
        _party(received, party, edition)
    for action in (sent, received):
        if len(action) == 0:  # an action needs at least one child: say who is unknown
            _el(action, "persName", "unknown")


def cmif(edition: m.Edition) -> bytes | None:
    """The edition's CMIF file, or None when the edition has no address or release date."""
    publication = edition.publication
    if publication is None or not publication.url or not publication.date:  # as `publishes` says
        return None
    root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})  # type: ignore[dict-item]
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", f"{edition.title}: correspondence metadata")
    for editor in publication.editors or (publication.publisher,):
        _el(title_stmt, "editor", editor)
    pub_stmt = _el(file_desc, "publicationStmt")
    publisher = _el(pub_stmt, "publisher")
    _el(publisher, "ref", publication.publisher or edition.title, target=publication.url)
    _el(pub_stmt, "idno", publication.url + FILE, type="url")
    _el(pub_stmt, "date", when=publication.date)
    availability = _el(pub_stmt, "availability")
    _el(availability, "licence", publication.licence or publication.licence_url,
        target=publication.licence_url or publication.url)
    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl", f"{edition.title}. ", type="online")
    bibl.set(XML_ID, SOURCE_ID)
    _el(bibl, "ref", publication.url, target=publication.url)
    profile = _el(header, "profileDesc")
    for letter in sorted(edition.letters, key=lambda lt: lt.sort_key):
        _correspondence(profile, letter, edition, publication)
    body = _el(_el(root, "text"), "body")
    _el(body, "p")
    etree.indent(root, space="  ")
    xml = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}'.encode()
