"""Citations of a letter and of each paragraph, from the TEI headers, in nine forms.

Chicago 17 (note and bibliography), MLA 9 (works cited and in-text), APA 7 (reference and
in-text), biblatex, RIS and CSL-JSON. The forms are written here, rule by rule, not by a CSL
engine: citeproc-py 0.11 with the official styles got every one of them wrong for a letter in a
digital edition (no recipient, closing punctuation outside the quotation marks, no access date in
Chicago and MLA, the letter's and the edition's dates confused), it crashes on a locator (`para.
5`), and it costs about 34 ms a letter (`python -m bench.cite_bench` measures both side by side).

The date a reader accessed the page cannot be known when docs/ is built (and docs/ must be the
same on every build), so each form is also written as a template with {{YYYY}}, {{MONTH}}, …
slots that docs/assets/cite.js fills with the reader's date; a paragraph's form comes from the
same template, whose paragraph-only parts are marked (see `Slots`). Without JavaScript a
citation has no access date, which each of these styles allows.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import model as m
from .. import paths
from ..messages import t
from ..read.consistency import block_label
from .markdown import script_json

FORMATS = ("chicago-note", "chicago-bibliography", "mla", "mla-in-text", "apa", "apa-in-text",
           "bibtex", "ris", "csl-json")
NAMES = {"bibtex": "biblatex", "ris": "RIS", "csl-json": "CSL-JSON"}  # the same in every language
STYLED = frozenset({"chicago-note", "chicago-bibliography", "mla", "mla-in-text", "apa",
                    "apa-in-text"})  # written as HTML (italics); the others are plain text
SLOTS = ("YYYY", "MM", "M", "DD", "D", "MONTH", "MON")
# The styles' own months (English styles: their words are not the interface's, edition/messages.py)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# MLA 9 abbreviates months of more than four letters (MLA Handbook, 9th ed., appendix 1).
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")
UNCERTAIN = ("low", "medium", "unknown")
# The marks of a template's optional parts: cite.js keeps what stands between PARA and END
# (with {{N}} filled in) only for a paragraph of the body, what stands between FRAG and END
# (with {{F}}) for any part of the letter that has an anchor, and what stands between ACC and
# END (the access date's words) always; the page's text without JavaScript drops them all.
PARA, FRAG, END, ACC = "\ue000", "\ue001", "\ue002", "\ue003"


@dataclass(frozen=True, slots=True)
class Accessed:
    """An access date's parts as the forms write them; `template()` gives the {{slots}}."""

    YYYY: str
    MM: str
    M: str
    DD: str
    D: str
    MONTH: str
    MON: str

    @classmethod
    def of(cls, day: date) -> Accessed:
        return cls(f"{day.year:04d}", f"{day.month:02d}", str(day.month), f"{day.day:02d}",
                   str(day.day), MONTHS[day.month - 1], MLA_MONTHS[day.month - 1])

    @classmethod
    def template(cls) -> Accessed:
        return cls(*(f"{{{{{slot}}}}}" for slot in SLOTS))


@dataclass(frozen=True, slots=True)
class Where:
    """What is cited: the whole letter, one paragraph of its body (`n`), or another part with
    an anchor (the title, the dateline): `fragment` is its anchor."""

    n: str | None = None
    fragment: str | None = None


TEMPLATE_DATE = Accessed.template()
LETTER = Where()
SLOTTED = Where("{{N}}", "{{F}}")  # the template's own: both parts marked, for cite.js


def para(where: Where, text: str) -> str:
    """`text` (with {N} for the paragraph's number) where a paragraph of the body is cited."""
    if where is SLOTTED:
        return PARA + text.replace("{N}", "{{N}}") + END
    return text.replace("{N}", where.n) if where.n else ""


def dated(acc: Accessed | None, write: Callable[[Accessed], str]) -> str:
    """The words of an access date (`write(acc)`), marked as such in a template; none without one."""
    if acc is None:
        return ""
    return ACC + write(acc) + END if acc.YYYY == "{{YYYY}}" else write(acc)


def fragment(where: Where) -> str:
    if where is SLOTTED:
        return FRAG + "#{{F}}" + END
    return f"#{where.fragment}" if where.fragment else ""


# ---------------------------------------------------------------- what is cited


@dataclass(frozen=True, slots=True)
class Work:
    """What every form cites, from the letter's header and the edition's (tei/edition.xml)."""

    id: str
    title: str
    authors: tuple[m.PersonName, ...]
    recipients: tuple[str, ...]
    date: str | None  # the letter's, ISO
    date_uncertain: bool
    edition: str
    version: str | None
    released: str | None  # the edition's release date, ISO
    editors: tuple[str, ...]  # persons only (tei.py leaves out organisations)
    publisher: str
    url: str  # the letter's page
    lang: str | None
    licence: str


def citable(edition: m.Edition) -> bool:
    """An edition whose header gives its address (tei/edition.xml, idno type="URL")."""
    return edition.publication is not None and bool(edition.publication.url)


def work(letter: m.Letter, edition: m.Edition) -> Work:
    """What a citation of `letter` says, all of it from the TEI."""
    publication = edition.publication
    if publication is None or not publication.url:
        raise ValueError("the edition has no address (idno type=\"URL\"), so it cannot be cited")
    cert = dict(letter.date_attrs).get("cert", "")
    return Work(
        id=letter.id, title=letter.title, authors=letter.authors,
        recipients=tuple(p.name for p in letter.addressees), date=letter.date,
        date_uncertain=cert in UNCERTAIN, edition=edition.title, version=publication.version,
        released=publication.date, editors=publication.editors, publisher=publication.publisher,
        url=paths.absolute(publication.url, paths.site_url(paths.letter_page(letter.id))),
        lang=letter.lang, licence=publication.licence_url or publication.licence)


# ---------------------------------------------------------------- names and dates


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def given_family(name: m.PersonName) -> str:
    return " ".join(p for p in (name.given, name.family) if p) if name.family else name.literal


def family_given(name: m.PersonName) -> str:
    return ", ".join(p for p in (name.family, name.given) if p) if name.family else name.literal


def family(name: m.PersonName) -> str:
    return name.family or name.literal


def initials(given: str) -> str:
    """APA's initials: `Leon` → `L.`, `Jean-Paul` → `J.-P.`."""
    return " ".join("-".join(f"{part[0]}." for part in word.split("-") if part)
                    for word in given.split())


def listed(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def date_parts(iso: str | None) -> list[int]:
    if not iso or iso.startswith("-"):
        return []
    try:
        return [int(p) for p in iso.split("-")]
    except ValueError:
        return []


def style_date(iso: str | None, mla: bool = False) -> str:
    """A date as the style writes it: Chicago's and APA's `March 6, 1938`, MLA's `6 Mar. 1938`
    (day first, months of more than four letters abbreviated); `March 1938`, `1938`."""
    parts = date_parts(iso)
    if len(parts) < 2:
        return str(parts[0]) if parts else ""
    month = (MLA_MONTHS if mla else MONTHS)[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}" if mla else f"{month} {parts[2]}, {parts[0]}"


def year(iso: str | None) -> str:
    parts = date_parts(iso)
    return str(parts[0]) if parts else "n.d."


def letter_date(w: Work, shown: str) -> str:
    """The letter's date as a style writes it; a date the TEI marks uncertain keeps its `?`."""
    if not shown:
        return "n.d."
    return f"{shown} [?]" if w.date_uncertain else shown


def end(text: str, mark: str = ".") -> str:
    """`text` closed by `mark`, unless it already ends in a stop (an `Mrs.` or a `?`)."""
    stripped = re.sub(r"<[^>]*>", "", text).rstrip("”’\"'")
    return text if stripped.endswith((".", "?", "!")) else text + mark


def quoted(title: str, mark: str = ".") -> str:
    """An American quotation: the closing period or comma inside the marks (CMOS 6.9)."""
    inner = _e(title)
    return f"“{end(inner, mark)}”" if mark else f"“{inner}”"


# ---------------------------------------------------------------- Chicago 17


def chicago_note(w: Work, acc: Accessed | None, where: Where) -> str:
    """CMOS 14.111 and 14.114 (a letter in a published collection: writer to recipient, date,
    in the collection, ed.), 14.12 (access date), 14.206 (a website's date of revision):
    `Leon Trotsky to Mrs. Célarié, March 6, 1938, in <i>Edition</i>, para. 5, accessed …, URL.`"""
    writers = listed([_e(given_family(a)) for a in w.authors]) or "Unknown writer"
    recipients = listed([_e(r) for r in w.recipients]) or "unknown recipient"
    parts = [f"{writers} to {recipients}", letter_date(w, style_date(w.date)),
             f"in <i>{_e(w.edition)}</i>"]
    if w.editors:
        parts.append("ed. " + listed([_e(e) for e in w.editors]))
    release = ", ".join(p for p in (f"version {_e(w.version)}" if w.version else "",
                                    style_date(w.released)) if p)
    if release:
        parts.append(release)
    text = ", ".join(parts) + para(where, ", para. {N}")
    text += dated(acc, lambda a: f", accessed {a.MONTH} {a.D}, {a.YYYY}")
    return f"{text}, {_e(w.url)}{fragment(where)}."


def chicago_bibliography(w: Work, acc: Accessed | None, where: Where) -> str:
    """CMOS 14.114 (a letter listed on its own: the writer inverted, then the note's form
    capitalised) and 14.12; a paragraph is cited in the note, the bibliography lists the letter."""
    authors = [family_given(w.authors[0])] + [given_family(a) for a in w.authors[1:]] \
        if w.authors else []
    writers = listed([_e(given_family(a)) for a in w.authors]) or "Unknown writer"
    recipients = listed([_e(r) for r in w.recipients]) or "unknown recipient"
    text = end(listed([_e(a) for a in authors])) + " " if authors else ""
    text += f"{writers} to {recipients}, {letter_date(w, style_date(w.date))}. In <i>{_e(w.edition)}</i>"
    if w.editors:
        text += ", edited by " + listed([_e(e) for e in w.editors])
    text += "."
    release = ", ".join(p for p in (f"Version {_e(w.version)}" if w.version else "",
                                    style_date(w.released)) if p)
    if release:
        text += f" {release}."
    text += dated(acc, lambda a: f" Accessed {a.MONTH} {a.D}, {a.YYYY}.")
    return f"{text} {_e(w.url)}."


# ---------------------------------------------------------------- MLA 9


def mla_url(url: str) -> str:
    """MLA 9 (5.95) gives a URL without `https://`."""
    return re.sub(r"^https?://", "", url)


def mla_authors(w: Work) -> str:
    if not w.authors:
        return ""
    first = family_given(w.authors[0])
    if len(w.authors) == 2:
        return f"{first}, and {given_family(w.authors[1])}"
    return first + (", et al" if len(w.authors) > 2 else "")


def mla(w: Work, acc: Accessed | None, where: Where) -> str:
    """MLA 9 (2.x, letters in a collection; 5.x, the core elements): author. "Title." The
    letter's date. <i>Container</i>, edited by …, version, the edition's release date, par. 5,
    URL. Accessed date. The publisher is left out when it is the container's own name (5.46)."""
    text = end(_e(mla_authors(w))) + " " if w.authors else ""
    text += f"{quoted(w.title)} "
    if w.date:
        text += end(letter_date(w, style_date(w.date, mla=True))) + " "
    container = [f"<i>{_e(w.edition)}</i>"]
    if w.editors:
        container.append("edited by " + listed([_e(e) for e in w.editors]))
    if w.version:
        container.append(f"version {_e(w.version)}")
    if w.publisher and w.publisher != w.edition:
        container.append(_e(w.publisher))
    if w.released:
        container.append(style_date(w.released, mla=True))
    text += ", ".join(container) + para(where, ", par. {N}") + f", {_e(mla_url(w.url))}{fragment(where)}."
    return text + dated(acc, lambda a: f" Accessed {a.D} {a.MON} {a.YYYY}.")


def mla_in_text(w: Work, acc: Accessed | None, where: Where) -> str:
    """MLA 9 (6.x): `(Trotsky)`, `(Trotsky, par. 5)`."""
    name = " and ".join(_e(family(a)) for a in w.authors[:2]) if len(w.authors) <= 2 \
        else _e(family(w.authors[0])) + " et al."
    name = name or quoted(w.title, "")
    return f"({name}{para(where, ', par. {N}')})"


# ---------------------------------------------------------------- APA 7


def apa_name(name: m.PersonName) -> str:
    if not name.family:
        return name.literal
    return f"{name.family}, {initials(name.given)}" if name.given else name.family


def apa(w: Work, acc: Accessed | None, where: Where) -> str:
    """APA 7 (10.3, a work in an edited collection; 9.41, a republished work; 9.16, a retrieval
    date): author (the edition's year). Title [Letter to …]. In <i>Edition</i> (Version 1.0).
    URL (Original work published 1938). A paragraph is cited in the text, not here."""
    names = [apa_name(a) for a in w.authors]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", &amp; " + names[-1] \
        if names else ""
    text = f"{_e(authors)} ({year(w.released)}). " if authors else ""
    described = f"[Letter to {listed([_e(r) for r in w.recipients])}]" if w.recipients else "[Letter]"
    title = f"{_e(w.title)} {described}."
    text = text + title if authors else f"{title} ({year(w.released)})."
    text += " In "
    if w.editors:
        eds = listed([_e(e) for e in w.editors])
        text += f"{eds} ({'Eds.' if len(w.editors) > 1 else 'Ed.'}), "
    text += f"<i>{_e(w.edition)}</i>"
    if w.version:
        text += f" (Version {_e(w.version)})"
    text += "."
    if w.publisher and w.publisher != w.edition:
        text += f" {end(_e(w.publisher))}"
    url = f"{_e(w.url)}{fragment(LETTER)}"
    text += dated(acc, lambda a: f" Retrieved {a.MONTH} {a.D}, {a.YYYY}, from") + f" {url}"
    if w.date:
        text += f" (Original work published {year(w.date)})"
    return text


def apa_in_text(w: Work, acc: Accessed | None, where: Where) -> str:
    """APA 7 (8.15, republished works: both years; 8.28, paragraph numbers): `(Trotsky,
    1938/2026, para. 5)`."""
    names = [_e(family(a)) for a in w.authors]
    who = names[0] if len(names) == 1 else " &amp; ".join(names) if len(names) == 2 \
        else f"{names[0]} et al." if names else _e(w.title)
    years = f"{year(w.date)}/{year(w.released)}" if w.date else year(w.released)
    return f"({who}, {years}{para(where, ', para. {N}')})"


# ---------------------------------------------------------------- biblatex, RIS, CSL-JSON

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda mt: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                           "^": r"\textasciicircum{}"}.get(mt[1], "\\" + mt[1]), text)


def bibtex(w: Work, acc: Accessed | None, where: Where) -> str:
    """biblatex's @incollection (a part of a collection: @letter has no booktitle): `date` is the
    edition's, `origdate` the letter's, the recipient in `titleaddon`; each fact once. A
    paragraph is cited with \\cite[para.~5]{key}, so its entry differs only in key and URL."""
    def names(people: list[str]) -> str:
        return " and ".join(people)

    fields = [("author", names([bibtex_escape(family_given(a)) for a in w.authors])),
              ("title", "{" + bibtex_escape(w.title) + "}")]
    if w.recipients:
        fields.append(("titleaddon", "Letter to " + bibtex_escape(listed(list(w.recipients)))))
    fields += [("booktitle", "{" + bibtex_escape(w.edition) + "}"),
               ("editor", names([bibtex_escape(e) for e in w.editors])),
               ("version", bibtex_escape(w.version or "")),
               ("publisher", bibtex_escape(w.publisher) if w.publisher != w.edition else ""),
               ("date", w.released or ""),
               ("origdate", (w.date or "") + ("?" if w.date_uncertain and w.date else "")),
               ("langid", w.lang or ""),
               ("url", w.url + fragment(where))]
    key = re.sub(r"[^A-Za-z0-9:_-]", "", w.id) + (
        FRAG + "-{{F}}" + END if where is SLOTTED else f"-{where.fragment}" if where.fragment else "")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    body += dated(acc, lambda a: f",\n  urldate = {{{a.YYYY}-{a.MM}-{a.DD}}}")
    return f"@incollection{{{key},\n{body}\n}}"


def ris_date(iso: str | None) -> str:
    parts = date_parts(iso)
    return "/".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) + "/" * (3 - len(parts)) \
        if parts else ""


def ris(w: Work, acc: Accessed | None, where: Where) -> str:
    """RIS as Zotero's RIS translator reads a letter (TY PCOMM → Letter): AU author, A2
    recipient, DA the letter's date, the edition's name in DB (Zotero: Archive), its version and
    release date in N1 (a note: a Letter has no field for them), UR, Y2 access date."""
    lines = [("TY", "PCOMM")]
    lines += [("AU", family_given(a)) for a in w.authors]
    lines += [("A2", r) for r in w.recipients]
    lines.append(("TI", w.title))
    if w.date:
        lines.append(("DA", ris_date(w.date)))
    lines.append(("DB", w.edition))
    release = ", ".join(p for p in (f"version {w.version}" if w.version else "",
                                    f"released {w.released}" if w.released else "") if p)
    if release or w.editors:
        note = f"{w.edition}, {release}" if release else w.edition
        if w.editors:
            note += ", edited by " + listed(list(w.editors))
        lines.append(("N1", note))
    if w.lang:
        lines.append(("LA", w.lang))
    lines.append(("UR", w.url + fragment(where)))
    body = "\n".join(f"{tag}  - {value}" for tag, value in lines)
    return body + dated(acc, lambda a: f"\nY2  - {a.YYYY}/{a.MM}/{a.DD}") + "\nER  - "


def csl_item(w: Work, where: Where = LETTER) -> dict[str, Any]:
    """The CSL-JSON item, with the variables Zotero keeps for a Letter: `issued` is the letter's
    date (Zotero's Date), `archive` the edition's name (Zotero's Archive); the edition's version
    and release date, which a Letter has no field for, in `note` (Zotero's Extra)."""
    data: dict[str, Any] = {
        "id": w.id + (f"-{where.fragment}" if where.fragment and where is not SLOTTED else ""),
        "type": "letter",
        "title": w.title,
        "author": [{"family": a.family, "given": a.given} if a.family and a.given
                   else {"family": a.family} if a.family else {"literal": a.literal}
                   for a in w.authors],
        "recipient": [{"literal": r} for r in w.recipients],
    }
    if parts := date_parts(w.date):
        data["issued"] = {"date-parts": [parts], **({"approximate": True} if w.date_uncertain else {})}
    data["archive"] = w.edition
    if w.editors:
        data["editor"] = [{"literal": e} for e in w.editors]
    extra = []  # Zotero reads `Key: value` lines of Extra as CSL variables: only those that are
    if w.version:
        extra.append(f"Version: {w.version}")
    if w.released:
        extra.append(f"Available Date: {w.released}")
    if extra:
        data["note"] = "\n".join(extra)
    if w.lang:
        data["language"] = w.lang
    data["URL"] = w.url
    return data


def csl_json(w: Work, acc: Accessed | None, where: Where) -> str:
    """The item as CSL-JSON, one line (json's C encoder: an indented dump costs ten times more)."""
    data = csl_item(w, where)
    data["URL"] = w.url + "\ue010"
    if where is SLOTTED:
        data["id"] = w.id + "\ue011"
    text = json.dumps([data], ensure_ascii=False)
    text = text[:-2] + dated(acc, lambda a: f', "accessed": {{"date-parts": [[{a.YYYY}, {a.M}, {a.D}]]}}') \
        + text[-2:]
    return text.replace("\ue010", fragment(where)).replace(
        "\ue011", FRAG + "-{{F}}" + END if where is SLOTTED else "")


WRITERS: dict[str, Callable[[Work, Accessed | None, Where], str]] = {
    "chicago-note": chicago_note, "chicago-bibliography": chicago_bibliography,
    "mla": mla, "mla-in-text": mla_in_text, "apa": apa, "apa-in-text": apa_in_text,
    "bibtex": bibtex, "ris": ris, "csl-json": csl_json,
}


def plain(text: str) -> str:
    """A styled form as plain text: its tags dropped, its entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def render(w: Work, fmt: str, accessed: date | None = None, where: Where = LETTER,
           as_html: bool = False) -> str:
    """One citation, for the letter or one of its parts, with the access date where given."""
    text = WRITERS[fmt](w, Accessed.of(accessed) if accessed else None, where)
    return text if as_html or fmt not in STYLED else plain(text)


_OPTIONAL = re.compile(f"[{PARA}{FRAG}{ACC}][^{END}]*{END}")


def without_options(template_text: str) -> str:
    """A template as the page shows it without JavaScript: the letter's form, no access date."""
    return _OPTIONAL.sub("", template_text)


def template(w: Work, fmt: str) -> str:
    """The form as cite.js fills it in: access-date slots, paragraph parts marked; HTML for the
    styled forms, plain text for the others."""
    return WRITERS[fmt](w, TEMPLATE_DATE, SLOTTED)


# ---------------------------------------------------------------- on the letter page


def label(fmt: str) -> str:
    """A form's name in the panel: `Chicago (note)`, `biblatex`."""
    return NAMES.get(fmt) or t(f"cite.style.{fmt}")


def paragraph_label(letter: m.Letter, block: m.Block) -> str:
    """What the panel cites: `paragraph 5` (of the body), or `the title`, `the dateline`, …"""
    body = [b.id for b in letter.body if b.kind == "p"]
    return t("cite.paragraph", n=body.index(block.id) + 1) if block.id in body \
        else t("cite.part", part=block_label(block.kind))


def paragraph_number(letter: m.Letter, block_id: str) -> str | None:
    body = [b.id for b in letter.body if b.kind == "p"]
    return str(body.index(block_id) + 1) if block_id in body else None


def where(letter: m.Letter, block_id: str) -> Where:
    """A part of the letter (by its xml:id) as a citation points at it."""
    return Where(paragraph_number(letter, block_id), paths.anchor(letter.id, block_id))


def panel(letter: m.Letter, edition: m.Edition) -> str:
    """The "Cite this" panel: the letter's nine forms, the templates cite.js fills in with the
    reader's access date and paragraph, and the downloads (.ris, .bib)."""
    w = work(letter, edition)
    labels, numbers = {}, {}
    numbered = {b.id: str(n) for n, b in enumerate((b for b in letter.body if b.kind == "p"), start=1)}
    for b in (*letter.front, *letter.body):
        if b.id:
            anchor = paths.anchor(letter.id, b.id)
            if b.id in numbered:
                labels[anchor], numbers[anchor] = t("cite.paragraph", n=numbered[b.id]), numbered[b.id]
            else:
                labels[anchor] = t("cite.part", part=block_label(b.kind))
    data: dict[str, Any] = {
        "templates": {fmt: template(w, fmt) for fmt in FORMATS},
        "styled": sorted(STYLED),
        "labels": labels,
        "numbers": numbers,
        "months": {"long": list(MONTHS), "short": list(MLA_MONTHS)},
        "id": letter.id,
        "letter": t("cite.letter"),  # what the panel cites when no part is chosen
    }
    rows = []
    for fmt in FORMATS:
        shown = without_options(data["templates"][fmt])
        body = shown if fmt in STYLED else _e(shown)
        tag = "p" if fmt in STYLED else "pre"
        copy = _e(t("cite.copy"))
        rows.append(f'<div class="cite-format"><span class="cite-label">{_e(label(fmt))}</span>'
                    f' <button type="button" class="cite-copy" data-copy="{fmt}">{copy}</button>'
                    f'<{tag} class="cite-text" data-format="{fmt}">{body}</{tag}></div>')
    table = script_json(data)
    summary = t("cite.summary", scope=f'<span class="cite-scope">{_e(t("cite.letter"))}</span>')
    return (
        '<details class="cite-panel" data-search-exclude>'
        f'<summary>{summary}</summary>'
        f'{"".join(rows)}<p class="cite-downloads" hidden>{_e(t("cite.downloads"))}'
        ' <button type="button" class="cite-copy" data-download="ris">.ris</button>'
        ' <button type="button" class="cite-copy" data-download="bibtex">.bib</button></p>'
        f'<p class="cite-hint">{_e(t("cite.hint"))}</p></details>\n'
        f'<script type="application/json" id="cite-data">{table}</script>'
    )


# ---------------------------------------------------------------- in the page's head


def head(letter: m.Letter, edition: m.Edition) -> dict[str, Any]:
    """The page head's metadata, shaped for Zotero's Embedded Metadata translator (read in
    tests/test_zotero.py): Dublin Core and Zotero's own `z.` tags go through its RDF import,
    which knows a Letter and its recipient; Highwire `citation_author` is left out, because
    Highwire authors replace every creator the RDF import found, the recipient with them.
    A schema.org record (JSON-LD) says the same for other readers.
    """
    w = work(letter, edition)
    tei_url = paths.absolute(edition.publication.url if edition.publication else "",
                             paths.site_url(paths.tei_download(letter.id)))
    meta: list[tuple[str, str]] = [("citation_title", w.title)]
    if w.date:
        meta.append(("citation_date", w.date.replace("-", "/")))
    meta.append(("citation_public_url", w.url))
    if w.lang:
        meta.append(("citation_language", w.lang))
    meta += [("DC.title", w.title)]
    meta += [("DC.creator", family_given(a)) for a in w.authors]
    if w.date:
        meta.append(("DC.date", w.date))
    meta += [("DC.identifier", w.url), ("DC.format", "text/html")]
    if w.lang:
        meta.append(("DC.language", w.lang))
    if w.licence:
        meta.append(("DC.rights", w.licence))
    meta.append(("z.itemType", "letter"))
    meta += [("z.recipients", r) for r in w.recipients]
    meta.append(("z.archive", w.edition))
    part_of: dict[str, Any] = {"@type": "CreativeWork", "name": w.edition,
                               "url": edition.publication.url if edition.publication else ""}
    if w.editors:
        part_of["editor"] = [{"@type": "Person", "name": e} for e in w.editors]
    if w.version:
        part_of["version"] = w.version
    if w.released:
        part_of["datePublished"] = w.released
    if w.licence:
        part_of["license"] = w.licence
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Message",
        "name": w.title,
        "url": w.url,
        "author": [_person_ld(a) for a in w.authors],
        "recipient": [{"@type": "Person", "name": r} for r in w.recipients],
        "isPartOf": part_of,
        "encoding": {"@type": "MediaObject", "contentUrl": tei_url,
                     "encodingFormat": "application/tei+xml"},
    }
    if w.date:
        record["dateCreated"] = w.date
    if w.lang:
        record["inLanguage"] = w.lang
    return {"meta": [list(pair) for pair in meta], "jsonld": record}


def _person_ld(name: m.PersonName) -> dict[str, str]:
    data = {"@type": "Person", "name": name.literal}
    if name.family:
        data["familyName"] = name.family
    if name.given:
        data["givenName"] = name.given
    return data
