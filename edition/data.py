"""Open data: letters and registers as JSON and CSV, the CMIF file, and the page linking them."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

from . import authorities, cmif, paths
from . import model as m
from .markdown import escape, plain_text
from .pages import page, para

PAGE = "data/index.md"
LETTERS_JSON, LETTERS_CSV = "data/letters.json", "data/letters.csv"
REGISTERS_JSON, REGISTERS_CSV = "data/registers.json", "data/registers.csv"
LETTER_FIELDS = ("id", "title", "date", "sender", "addressee", "places", "url")
ENTRY_FIELDS = ("id", "kind", "name", "dates", "description", "authorities", "letters", "url")


def site_url(edition: m.Edition, page_path: str) -> str:
    """The absolute URL of a page when the edition's address is known, else its path in the site."""
    base = edition.publication.url if edition.publication and edition.publication.url else "/"
    return base + paths.page_url(page_path)


def letter_rows(edition: m.Edition) -> list[dict[str, Any]]:
    def names(parties: tuple[m.Party, ...]) -> list[str]:
        return [p.name for p in parties]

    return [{
        "id": lt.id, "title": lt.title, "date": lt.date or "",
        "sender": names(lt.senders), "addressee": names(lt.addressees), "places": names(lt.places),
        "url": site_url(edition, paths.letter_page(lt.id)),
    } for lt in sorted(edition.letters, key=lambda lt: lt.sort_key)]


def entry_rows(edition: m.Edition) -> list[dict[str, Any]]:
    letters: dict[str, set[str]] = defaultdict(set)
    for lt in edition.letters:
        for ref in [s.entry_id for s in lt.mentions] + [
                p.ref for p in (*lt.senders, *lt.addressees, *lt.places) if p.ref]:
            letters[ref].add(lt.id)
    kinds = list(paths.KIND_DIRS)
    return [{
        "id": e.id, "kind": paths.KIND_SINGULAR[e.kind], "name": e.name, "dates": e.dates or "",
        "description": plain_text(e.description),
        "authorities": cmif.authority_uris(e), "letters": sorted(letters[e.id]),
        "url": site_url(edition, paths.entry_page(e.kind, e.id)),
    } for e in sorted(edition.entries.values(), key=lambda e: (kinds.index(e.kind), e.id))]


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """One row per record; a field with several values joins them with " | "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([" | ".join(v) if isinstance(v, list) else v for v in (row[f] for f in fields)])
    return out.getvalue()


def data_page(edition: m.Edition, has_cmif: bool) -> str:
    def link(target: str) -> str:
        return paths.relative(PAGE, target)

    items = [
        f"- **Letters**: [JSON]({link(LETTERS_JSON)}), [CSV]({link(LETTERS_CSV)}). One record per"
        f" letter: {', '.join(LETTER_FIELDS)}.",
        f"- **Registers** (people, works, places, organisations, events): [JSON]({link(REGISTERS_JSON)}),"
        f" [CSV]({link(REGISTERS_CSV)}). One record per entry: {', '.join(ENTRY_FIELDS)};"
        f" authorities are the URIs of {authorities.labels()} records, or the URL the register gives.",
    ]
    if has_cmif:
        items.append(
            f"- **Correspondence metadata** in the Correspondence Metadata Interchange Format (CMIF):"
            f" [cmif.xml]({link(cmif.FILE)}), for aggregators such as correspSearch: sender, addressee,"
            " place and date of every letter.")
    items.append('- **Sitemap**: <a href="../sitemap.xml">sitemap.xml</a>, every page of the site,'
                 " for search engines and harvesters.")
    licence = edition.publication.licence if edition.publication else ""
    return page("Open data", [
        "# Open data",
        "The edition's data, free to download and reuse. In CSV files a field with several values"
        " separates them with \" | \". Each file is regenerated from the TEI with every build.",
        "\n".join(items),
        para(escape(licence), "data-licence"),
    ], description=f"Downloads of {edition.title}: letters, registers, CMIF")


def files(edition: m.Edition) -> dict[str, str | bytes]:
    """The open-data files of docs/ and the page that links them, by their path in docs/."""
    letters, entries = letter_rows(edition), entry_rows(edition)
    out: dict[str, str | bytes] = {
        LETTERS_JSON: to_json(letters), LETTERS_CSV: to_csv(letters, LETTER_FIELDS),
        REGISTERS_JSON: to_json(entries), REGISTERS_CSV: to_csv(entries, ENTRY_FIELDS),
    }
    xml = cmif.cmif(edition)
    if xml is not None:
        out[cmif.FILE] = xml
    out[PAGE] = data_page(edition, xml is not None)
    return out
