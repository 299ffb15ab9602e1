"""Open data: letters and registers as JSON and CSV, the CMIF file, and the page linking them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any

import orjson

from .. import authorities, paths
from .. import model as m
from ..messages import t
from ..read.registers import life_date
from . import cmif
from .markdown import escape, plain_text
from .pages import page, para

PAGE = "data/index.md"
LETTERS_JSON, LETTERS_CSV = "data/letters.json", "data/letters.csv"
REGISTERS_JSON, REGISTERS_CSV = "data/registers.json", "data/registers.csv"
LETTER_FIELDS = ("id", "title", "date", "date_not_before", "date_not_after", "date_cert",
                 *(f"{role}{part}" for role in ("sender", "addressee", "places")
                   for part in ("", "_id", "_authorities", "_cert")), "url")
ENTRY_FIELDS = ("id", "kind", "name", "dates", "birth", "birth_cert", "death", "death_cert", "date",
                "description", "authorities", "no_authority", "letters", "url")


def site_url(edition: m.Edition, page_path: str) -> str:
    """The absolute URL of a page when the edition's address is known, else its path in the site."""
    base = edition.publication.url if edition.publication and edition.publication.url else "/"
    return base + paths.page_url(page_path)


def party_fields(role: str, parties: tuple[m.Party, ...], edition: m.Edition) -> dict[str, list[str]]:
    """A role's columns: the names as the letter gives them, the register ids they point at, the
    authority URIs of those entries, and each one's @cert (empty where the TEI gives none); one
    value per party, in order, so that the lists line up."""
    return {
        role: [p.name for p in parties],
        f"{role}_id": [p.ref or "" for p in parties],
        f"{role}_authorities": [" ".join(cmif.party_uris(p, edition)) for p in parties],
        f"{role}_cert": [p.cert or "" for p in parties],
    }


def letter_rows(edition: m.Edition) -> list[dict[str, Any]]:
    rows = []
    for lt in sorted(edition.letters, key=lambda lt: lt.sort_key):
        attrs = dict(lt.date_attrs)
        rows.append({
            "id": lt.id, "title": lt.title, "date": attrs.get("when", ""),
            "date_not_before": attrs.get("notBefore", attrs.get("from", "")),
            "date_not_after": attrs.get("notAfter", attrs.get("to", "")),
            "date_cert": attrs.get("cert", ""),
            **party_fields("sender", lt.senders, edition),
            **party_fields("addressee", lt.addressees, edition),
            **party_fields("places", lt.places, edition),
            "url": site_url(edition, paths.letter_page(lt.id)),
        })
    return rows


def entry_rows(edition: m.Edition) -> list[dict[str, Any]]:
    letters: dict[str, set[str]] = defaultdict(set)
    for lt in edition.letters:
        for ref in [s.entry_id for s in lt.mentions] + [
                p.ref for p in (*lt.senders, *lt.addressees, *lt.places) if p.ref]:
            letters[ref].add(lt.id)
    kinds = list(paths.KIND_DIRS)
    return [{
        "id": e.id, "kind": paths.KIND_SINGULAR[e.kind], "name": e.name, "dates": e.dates or "",
        "birth": life_date(e.birth), "birth_cert": (e.birth.cert or "") if e.birth else "",
        "death": life_date(e.death), "death_cert": (e.death.cert or "") if e.death else "", "date": e.period,
        "description": plain_text(e.description),
        "authorities": cmif.authority_uris(e), "no_authority": e.no_authority,
        "letters": sorted(letters[e.id]),
        "url": site_url(edition, paths.entry_page(e.kind, e.id)),
    } for e in sorted(edition.entries.values(), key=lambda e: (kinds.index(e.kind), e.id))]


def to_json(value: object) -> str:
    """The value as json.dumps(value, ensure_ascii=False, indent=2) writes it, and a newline."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


def to_csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """One row per record; a field with several values joins them with " | "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([" | ".join(v) if isinstance(v, list) else v for v in (row[f] for f in fields)])
    return out.getvalue()


def code(fields: tuple[str, ...]) -> str:
    """The files' field names, as code: they are the data's own, the same in every language."""
    return ", ".join(f"`{name}`" for name in fields)


def data_page(edition: m.Edition, has_cmif: bool) -> str:
    def link(target: str) -> str:
        return paths.relative(PAGE, target)

    items = [
        t("data.letters", json=link(LETTERS_JSON), csv=link(LETTERS_CSV), fields=code(LETTER_FIELDS)),
        t("data.registers", json=link(REGISTERS_JSON), csv=link(REGISTERS_CSV),
          fields=code(ENTRY_FIELDS), authorities=authorities.labels()),
    ]
    if has_cmif:
        items.append(t("data.cmif", href=link(cmif.FILE)))
    items.append(t("data.sitemap", href="../sitemap.xml"))
    licence = edition.publication.licence if edition.publication else ""
    title = t("nav.data")
    return page(title, [
        f"# {escape(title)}",
        t("data.intro"),
        "\n".join(items),
        para(escape(licence), "data-licence"),
    ], description=t("data.description", edition=edition.title))


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
