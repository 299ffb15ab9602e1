"""Authority schemes (GND, VIAF, Wikidata, GeoNames, …): the one table, and an `idno` read as a link.

Every other module asks this one: the register reader (`identify`), the CMIF writer and the
open data (`uri`), the resolution of references by URI (`key`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import model as m
from .messages import t


@dataclass(frozen=True, slots=True)
class Scheme:
    """One authority file: how its records are named, shown, linked and recognised."""

    name: str  # the key, as an idno's @type says it in lower case: "gnd"
    label: str  # as a reader knows it: "GND"
    page: str  # the record's page for a reader, "{}" the identifier
    uri: str  # the record's URI as correspSearch (CMIF) expects it
    in_url: re.Pattern[str]  # finds the identifier in any URL of the record
    bare: re.Pattern[str]  # a bare identifier of this scheme


SCHEMES: tuple[Scheme, ...] = (
    Scheme("gnd", "GND", "https://d-nb.info/gnd/{}", "http://d-nb.info/gnd/{}",
           re.compile(r"(?:d-nb\.info/gnd/|deutsche-biographie\.de/(?:pnd)?)([0-9X][0-9X-]+)"),
           re.compile(r"[0-9][0-9X-]{5,}")),
    Scheme("viaf", "VIAF", "https://viaf.org/viaf/{}", "http://viaf.org/viaf/{}",
           re.compile(r"viaf\.org/(?:[a-z]{2}/)?viaf/(\d+)"), re.compile(r"\d+")),
    Scheme("wikidata", "Wikidata", "https://www.wikidata.org/wiki/{}",
           "http://www.wikidata.org/entity/{}",
           re.compile(r"wikidata\.org/(?:wiki|entity)/(Q\d+)"), re.compile(r"Q\d+")),
    Scheme("geonames", "GeoNames", "https://www.geonames.org/{}", "http://www.geonames.org/{}",
           re.compile(r"geonames\.org/(\d+)"), re.compile(r"\d+")),
    Scheme("orcid", "ORCID", "https://orcid.org/{}", "https://orcid.org/{}",
           re.compile(r"orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[0-9X])"),
           re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[0-9X]")),
    Scheme("tgn", "Getty TGN", "http://vocab.getty.edu/page/tgn/{}", "http://vocab.getty.edu/tgn/{}",
           re.compile(r"vocab\.getty\.edu/(?:page/)?tgn/(\d+)"), re.compile(r"\d+")),
    Scheme("isni", "ISNI", "https://isni.org/isni/{}", "https://isni.org/isni/{}",
           re.compile(r"isni\.org/isni/(\d{15}[0-9X])"), re.compile(r"\d{15}[0-9X]")),
    Scheme("lc", "Library of Congress", "https://id.loc.gov/authorities/names/{}",
           "http://id.loc.gov/authorities/names/{}",
           re.compile(r"id\.loc\.gov/authorities/names/(n[a-z]?\d+)"), re.compile(r"n[a-z]?\d+")),
)
BY_NAME = {scheme.name: scheme for scheme in SCHEMES}
# other spellings of a scheme's name in @type (or @subtype)
ALIASES = {"pnd": "gnd", "getty": "tgn", "lcnaf": "lc", "loc": "lc"}
_URI_TYPES = {"uri", "url", "link", ""}


def scheme_of(name: str | None) -> Scheme | None:
    name = (name or "").strip().lower()
    return BY_NAME.get(ALIASES.get(name, name))


def identify(value: str, type_: str | None = None, subtype: str | None = None) -> m.Authority | None:
    """An `idno` as the field writes it, as one authority record.

    A full URL is linked as the record it names (never prefixed a second time): the scheme is
    found in the URL itself, else the URL is linked as it is. A bare identifier is linked through
    the scheme of `@type` (or of `@subtype` where `@type` is "URI"), when it has that scheme's
    form; otherwise it is kept as text, without a link (`url` empty). An empty idno is nothing.
    """
    value = value.strip()
    if not value:
        return None
    named = [scheme for scheme in (scheme_of(subtype), scheme_of(type_)) if scheme is not None]
    if value.startswith(("http://", "https://")):
        for scheme in (*named, *SCHEMES):
            if found := scheme.in_url.search(value):
                return _record(scheme, found.group(1))
        return m.Authority(type_ or value, value, (type_ or "").lower(), value)
    for scheme in named:
        if scheme.bare.fullmatch(value):
            return _record(scheme, value)
    if named:  # the scheme's, but not of its form: shown, not linked to a record it may not be
        return m.Authority(f"{named[0].label} {value}", "", named[0].name, value)
    label = " ".join(t for t in (type_, subtype) if t and t.lower() not in _URI_TYPES)
    return m.Authority(f"{label} {value}".strip(), "", (type_ or "").lower(), value)


def _record(scheme: Scheme, value: str) -> m.Authority:
    return m.Authority(f"{scheme.label} {value}", scheme.page.format(value), scheme.name, value)


def uri(authority: m.Authority) -> str:
    """The record's URI as CMIF expects it; the URL as written for a scheme not in the table."""
    scheme = BY_NAME.get(authority.scheme)
    return scheme.uri.format(authority.value) if scheme and authority.url else authority.url


def key(url: str) -> str:
    """One spelling for every URI of one authority record (http or https, www., trailing /)."""
    for scheme in SCHEMES:
        if found := scheme.in_url.search(url):
            return f"{scheme.name}:{found.group(1)}"
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def labels() -> str:
    """The schemes' names for a sentence: "GND, VIAF, … or Library of Congress"."""
    names = [scheme.label for scheme in SCHEMES]
    return ", ".join(names[:-1]) + t("list.or") + names[-1]
