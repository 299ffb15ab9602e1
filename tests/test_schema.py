"""schema/edition.rng: the subset of TEI that build.py reads, checked on every build.

Everything the subset accepts must be valid TEI P5: the edition and every test fixture that the
subset accepts are checked against tei_all.rng as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.read import tei
from edition.read.tei import edition_schema

from .conftest import ROOT

TESTS = Path(__file__).parent
DOCUMENTS = sorted(
    [*(ROOT / "tei").rglob("*.xml"), *(TESTS / "golden").rglob("*.xml"), *(TESTS / "hostile").glob("*.xml"),
     TESTS / "hostile" / "malformed-date" / "letter.xml", TESTS / "hostile" / "dangling-ref" / "letter.xml"])
# fixtures that are meant to break the subset
OUTSIDE_THE_SUBSET: set[Path] = set()
# fixtures copied from real letters that are not valid TEI (text where TEI allows only elements):
# the reader reads them all the same; and elements that are not TEI, which pass the schema and
# are refused by the reader (tei.check_names)
NOT_TEI = {TESTS / "golden" / "letter-parts-not-tei" / "input.xml",
           TESTS / "golden" / "unknown-element" / "input.xml",
           TESTS / "golden" / "correspdesc-pre-standard" / "input.xml"}  # WeGA's <sender>, <addressee>
# The one thing the subset leaves to the reader: a date that is not a day that exists is a
# warning there (build.py --strict fails on it), not a schema error; tei_all refuses it.
BAD_DATES = {TESTS / "hostile" / "malformed-date" / "letter.xml"}


@pytest.mark.parametrize("path", [str(p.relative_to(ROOT)) for p in DOCUMENTS])
def test_the_subset_accepts_the_edition_and_its_fixtures(path: str) -> None:
    schema = edition_schema()
    valid = schema.validate(etree.parse(str(ROOT / path)))
    assert valid == (ROOT / path not in OUTSIDE_THE_SUBSET), [str(e) for e in schema.error_log]


@pytest.mark.parametrize("path", [str(p.relative_to(ROOT)) for p in DOCUMENTS
                                  if p not in OUTSIDE_THE_SUBSET | BAD_DATES | NOT_TEI])
def test_what_the_subset_accepts_is_valid_tei(path: str, tei_all: etree.RelaxNG) -> None:
    assert tei_all.validate(etree.parse(str(ROOT / path))), "\n".join(
        f"{path}:{e.line}:{e.column}: {e.message}" for e in tei_all.error_log)


def test_the_schema_and_the_reader_name_the_same_milestones() -> None:
    """edition.rng's empty elements are the reader's MILESTONES, and each has a rule: one list,
    checked here, where there were three that disagreed on <cb>."""
    rng = etree.parse(str(ROOT / "schema" / "edition.rng"))
    ns = {"r": "http://relaxng.org/ns/structure/1.0"}
    milestone = {n.text for n in rng.iterfind(".//r:define[@name='milestone']/r:element/r:choice/r:name", ns)}
    excepted = {n.text for n in rng.iterfind(".//r:define[@name='content']//r:except/r:name", ns)}
    assert milestone == excepted == tei.MILESTONES
    assert set(tei.RULES) >= tei.MILESTONES
