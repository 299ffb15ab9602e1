"""What Zotero makes of a letter's page: the Embedded Metadata translator's rules, applied to the head.

The rules are those of zotero/translators, read in `Embedded Metadata.js` (commit dcd14d6f47d3,
"lastUpdated": "2024-06-13"), `RDF.js` (commit 02e1a97f577e, which it loads for every Dublin
Core and `z.` tag) and Zotero's schema (the Letter type's fields and creator types). Each rule
below quotes the lines it follows. Only the rules a page of this edition can meet are modelled.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree, html

from .conftest import ROOT

LETTER = "letter-1938-03-06-celarie"
TEI = "{http://www.tei-c.org/ns/1.0}"

# Embedded Metadata.js, `var _prefixes = { bib: …, bibo: …, dc: …, dcterms: …, prism: …, foaf: …,
# vcard: …, link: …, z: "http://www.zotero.org/namespaces/export#", eprint: …, eprints: …,
# og: …, article: …, book: …, music: …, video: …, so: …, codemeta: …, rdf: … }`
PREFIXES = {"bib", "bibo", "dc", "dcterms", "prism", "foaf", "vcard", "link", "z", "eprint",
            "eprints", "og", "article", "book", "music", "video", "so", "codemeta", "rdf"}
# Embedded Metadata.js, `var HIGHWIRE_MAPPINGS = { citation_title: "title", citation_date:
# "date", … citation_publisher: "publisher", … citation_public_url: "url", citation_language:
# "language" }` (the ones a letter page could carry)
HIGHWIRE = {"citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
            "citation_journal_title": "publicationTitle", "citation_book_title": "bookTitle",
            "citation_inbook_title": "publicationTitle", "citation_publisher": "publisher",
            "citation_public_url": "url", "citation_language": "language", "citation_doi": "DOI"}
# init(): `case "citation_journal_title": hwType = "journalArticle"; … case "citation_book_title":
# case "citation_inbook_title": hwType = "bookSection"; … case "citation_title": …
# hwTypeGuess = hwTypeGuess || "journalArticle";`
HW_TYPES = {"citation_journal_title": "journalArticle",
            "citation_technical_report_institution": "report",
            "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
            "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
            "citation_dissertation_institution": "thesis"}
# Zotero's schema, `"itemType": "letter"`: its fields and creator types.
LETTER_FIELDS = {"title", "abstractNote", "letterType", "date", "language", "shortTitle", "url",
                 "accessDate", "archive", "archiveLocation", "libraryCatalog", "callNumber", "rights",
                 "extra"}
LETTER_CREATORS = ("author", "contributor", "recipient")
ITEM_TYPES = {"letter", "journalArticle", "bookSection", "webpage", "book", "report", "thesis",
              "manuscript", "document"}


def clean_author(name: str, role: str, use_comma: bool) -> dict[str, str]:
    """Zotero.Utilities.cleanAuthor: `Last, First` with a comma, else the last word is the surname."""
    if use_comma and "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
    else:
        words = name.split()
        last, first = words[-1], " ".join(words[:-1])
    return {"lastName": last, "firstName": first, "creatorType": role}


def import_item(meta: list[tuple[str, str]], host: str) -> dict[str, Any]:
    """The item the translator saves for a page with these meta tags (name, content)."""
    rdf: dict[str, list[str]] = {}
    hw_type = hw_guess = None
    for name, value in meta:
        if not value:
            continue  # init(): `if (!tags || !value) continue;`
        # init(): `let parts = tag.split(/[.:_]/); … prefix = parts[0].toLowerCase(); …
        # if (_prefixes[prefix]) { var prop = tag.substr(prefixLength + 1); prop =
        # prop.charAt(0).toLowerCase() + prop.slice(1); …
        # statements.push([url, _prefixes[prefix] + prop, value]);`
        parts = re.split(r"[.:_]", name)
        prefix = parts[0].lower()
        if prefix in PREFIXES:
            prop = name[len(parts[0]) + 1:]
            prop = prop[:1].lower() + prop[1:]
            if prefix in ("bib", "bibo") and prop == "type":
                rdf.setdefault("rdf:type", []).append(f"{prefix}:{value}")
            else:
                rdf.setdefault(f"{prefix}:{prop}", []).append(value)
        else:
            short = name[name.rfind("citation_"):] if "citation_" in name else name
            hw_type = HW_TYPES.get(short, hw_type)
            if short in ("citation_title", "citation_series_title"):
                hw_guess = hw_guess or "journalArticle"

    def first(*props: str) -> list[str] | None:  # RDF.js getFirstResults
        for prop in props:
            if prop in rdf:
                return rdf[prop]
        return None

    # RDF.js detectType: `type = getFirstResults(node, [n.z+"itemType", n.z+"type"], true); if(type
    # && … ZU.itemTypeExists(type)) { t.zotero = type; …` ; `// dc:type … if(isNaN(parseInt(type))
    # && ZU.itemTypeExists(type)) { t.dc = type; }` ; rdf:type bibo/bib `case "letter": … t.bib =
    # type;` ; `var itemType = t.zotero || t.bib || t.prism ||t.eprints|| t.og || t.dc ||
    # exports.defaultUnknownType || …`; Embedded Metadata.js: `rdf.defaultUnknownType = hwTypeGuess
    # || generatorType || (nodes.length ? "webpage" : false);` and `else if (hwType) _itemType =
    # hwType; // hwTypes are generally most accurate`
    t_zotero = next((v for v in first("z:itemType", "z:type") or [] if v in ITEM_TYPES), None)
    t_bib = next((v.split(":", 1)[1].lower() for v in rdf.get("rdf:type", [])
                  if v.split(":", 1)[1].lower() in ITEM_TYPES), None)
    t_dc = next((v for v in first("dc:type", "dcterms:type") or [] if v in ITEM_TYPES), None)
    item_type = hw_type or (t_zotero or t_bib or t_dc or hw_guess or "webpage") \
        if rdf else hw_type or hw_guess
    item: dict[str, Any] = {"itemType": item_type}
    # RDF.js importItem: `newItem.title = getFirstResults(node, [n.dc+"title", …`; `newItem.rights
    # = getFirstResults(node, [… n.dc+"rights", …`; `newItem.publicationTitle = getFirstResults(node,
    # […, n.dc+"source", n.dc1_0+"source", n.dcterms+"source", n.og+"site_name"], true);`;
    # `newItem.date = getFirstResults(node, [… n.dc+"date", …`; `newItem.language = …dc+"language"`;
    # `var type = getFirstResults(node, [n.dc+"type", …]); … "letterType", … newItem[
    # typeProperties[i] ] = type;`; `newItem.archiveLocation = getFirstResults(node, [n.dc+"coverage"`
    for field, props in (("title", ("dc:title", "dcterms:title")),
                         ("rights", ("dc:rights", "dcterms:rights")),
                         ("publicationTitle", ("dc:source", "dcterms:source", "og:site_name")),
                         ("date", ("dc:date", "dcterms:date")), ("language", ("dc:language",)),
                         ("letterType", ("dc:type", "dcterms:type")),
                         ("archiveLocation", ("dc:coverage", "dcterms:coverage"))):
        if values := first(*props):
            item[field] = values[0]
    # RDF.js importItem, OTHER FIELDS: `if(uri.substr(0, n.z.length) == n.z) { var property =
    # uri.substr(n.z.length); newItem[property] = Zotero.RDF.getTargets(node, n.z+property)[0];`
    for prop, values in rdf.items():
        if prop.startswith("z:"):
            item[prop[2:]] = values[0]
    # RDF.js importItem, creators: `if(creatorType == "author") { creators = getFirstResults(node,
    # [n.bib+"authors", n.dc+"creator", …, n.dc+"contributor", …]); } else if(creatorType == "editor"
    # || creatorType == "contributor") { … [n.bib+creatorType+"s", …] } else { creators =
    # getFirstResults(node, [n.z+creatorType+"s"]); }` ; handleCreators: `if (creators[i].indexOf(',')
    # !== -1) … cleanAuthor(creators[i], creatorType, true) … else … cleanAuthor(…, false)`
    rdf_creators = []
    for role in LETTER_CREATORS if item_type == "letter" else ("author", "editor", "contributor"):
        if role == "author":
            names = first("bib:authors", "dc:creator", "dcterms:creator", "dc:contributor",
                          "dcterms:contributor")
        elif role in ("editor", "contributor"):
            names = first(f"bib:{role}s")
        else:
            names = first(f"z:{role}s")
        rdf_creators += [clean_author(n, role, "," in n) for n in names or []]
    # Embedded Metadata.js addHighwireMetadata: `processFields(doc, newItem, HIGHWIRE_MAPPINGS);`
    # then `newItem.creators = processHighwireCreators(authorNodes, "author", doc).concat(
    # processHighwireCreators(editorNodes, "editor", doc)); if (!newItem.creators.length) {
    # newItem.creators = rdfCreators; }` (the RDF creators are otherwise only used to fix roles)
    for name, value in meta:
        if name in HIGHWIRE and value.strip():
            item[HIGHWIRE[name]] = " ".join(value.split())
    def tags(name: str) -> list[str]:
        return [v for n, v in meta if n == name]

    authors = tags("citation_author") or tags("citation_authors")
    editors = tags("citation_editor") or tags("citation_editors")
    hw_creators = []
    for nodes, role in ((authors, "author"), (editors, "editor")):
        for node in nodes:
            # processHighwireCreators: `let creators = creatorNode.nodeValue.split(/\s*;\s*/); if
            # (creators.length == 1 && creatorNodes.length == 1) { var authorsByComma =
            # creators[0].split(/\s*,\s*/); … if (authorsByComma.length > 1 &&
            # authorsByComma[0].includes(" ") && authorsByComma[1].includes(" ") && !twoWordName)
            # creators = authorsByComma; }` ;
            # `creator = ZU.cleanAuthor(creator, role, creator.includes(","));`
            names = re.split(r"\s*;\s*", node)
            if len(names) == 1 and len(nodes) == 1:
                by_comma = re.split(r"\s*,\s*", names[0])
                if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                    names = by_comma
            hw_creators += [clean_author(n.strip(), role, "," in n) for n in names if n.strip()]
    item["creators"] = hw_creators or rdf_creators
    # addLowQualityMetadata: `newItem.libraryCatalog = doc.location.host;`
    item["libraryCatalog"] = host
    return item


def saved(item: dict[str, Any]) -> dict[str, Any]:
    """What Zotero keeps of the item: the fields and creator types valid for its type."""
    if item["itemType"] != "letter":
        return item
    kept = {k: v for k, v in item.items() if k in LETTER_FIELDS or k == "itemType"}
    kept["creators"] = [c for c in item["creators"] if c["creatorType"] in LETTER_CREATORS]
    return kept


def head_meta(page_file: Path) -> list[tuple[str, str]]:
    page = html.parse(str(page_file)).getroot()
    return [(m.get("name", ""), m.get("content", "")) for m in page.iterfind(".//head/meta[@name]")]


def test_zotero_saves_the_letter_as_a_letter_with_its_recipient(built_site: Path) -> None:
    own = etree.parse(str(ROOT / "tei" / "edition.xml")).find(f"{TEI}teiHeader")
    assert own is not None
    item = saved(import_item(head_meta(built_site / "letters" / LETTER / "index.html"),
                             "trotsky-letters.example.org"))
    assert item == {
        "itemType": "letter",
        "title": "Answers to Mrs. Célarié",
        "date": "1938/03/06",
        "url": f"https://trotsky-letters.example.org/letters/{LETTER}/",
        "language": "en",
        "archive": own.findtext(f".//{TEI}titleStmt/{TEI}title"),  # the edition, in a field a Letter keeps
        "rights": "https://creativecommons.org/licenses/by/4.0/",
        "libraryCatalog": "trotsky-letters.example.org",
        "creators": [{"lastName": "Trotsky", "firstName": "Leon", "creatorType": "author"},
                     {"lastName": "Célarié", "firstName": "Mrs.", "creatorType": "recipient"}],
    }


def test_every_person_zotero_saves_is_a_person_of_the_tei(built_site: Path) -> None:
    header = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).getroot()
    persons = {" ".join("".join(p.itertext()).split()) for p in header.iter(f"{TEI}persName")}
    item = import_item(head_meta(built_site / "letters" / LETTER / "index.html"), "example.org")
    for creator in item["creators"]:
        assert f"{creator['firstName']} {creator['lastName']}".strip() in persons, creator


def test_the_rules_catch_what_the_old_head_got_wrong() -> None:
    """The head as it was before issue 18: a journal article, two invented editors split from
    one collective name at its comma, the TEI file as the publication, the recipient dropped."""
    old = [("citation_title", "Answers to Mrs. Célarié"), ("citation_author", "Trotsky, Leon"),
           ("citation_date", "1938/03/06"),
           ("citation_editor", "The editors of Leon Trotsky, Letters: A Digital Edition"),
           ("DC.title", "Answers to Mrs. Célarié"), ("DC.type", "Text"),
           ("DC.source", "https://trotsky-letters.example.org/tei/x.xml"), ("z.recipients", "Mrs. Célarié")]
    item = import_item(old, "example.org")
    assert item["itemType"] == "journalArticle"
    assert item["publicationTitle"] == "https://trotsky-letters.example.org/tei/x.xml"
    assert item["creators"] == [
        {"lastName": "Trotsky", "firstName": "Leon", "creatorType": "author"},
        {"lastName": "Trotsky", "firstName": "The editors of Leon", "creatorType": "editor"},
        {"lastName": "Edition", "firstName": "Letters: A Digital", "creatorType": "editor"},
    ]  # and no recipient: Highwire creators replace the RDF ones
