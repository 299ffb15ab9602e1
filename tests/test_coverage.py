"""The rule table covers the real edition, and every file is parsed once per build."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from edition import model as m
from edition import paths
from edition.build import site
from edition.problems import Problems
from edition.read import tei

from .conftest import ROOT

# What the reader takes from the header by name, never through RULES.
HEADER_ONLY = {"TEI", "text", "standOff"}


def elements_in_text(path: Path) -> set[str]:
    """The TEI elements that the rule table reads: those inside <text>."""
    root = etree.parse(str(path)).getroot()
    names: set[str] = set()
    for text in root.iter(f"{{{tei.TEI}}}text"):
        for el in text.iter():
            if isinstance(el.tag, str) and el is not text:
                names.add(etree.QName(el).localname if etree.QName(el).namespace == tei.TEI
                          else etree.QName(el).text)
    return names


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tei").rglob("*.xml")))
def test_the_rule_table_knows_every_element_of_the_edition(path: str) -> None:
    unknown = sorted(elements_in_text(ROOT / path) - set(tei.RULES) - HEADER_ONLY)
    assert not unknown, f"{path}: add a rule to RULES in edition/read/tei.py for {unknown}"


def test_each_register_and_letter_is_parsed_once_per_build(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: Counter[str] = Counter()
    real_parse = tei.parse

    def counting(path: Path, problems: Problems, **options: Any) -> tuple[tei.Element, bytes] | None:
        parsed[path.resolve().as_posix()] += 1
        return real_parse(path, problems, **options)

    for reader in ("tei", "letter", "registers"):  # each module that parses files, by its own name
        monkeypatch.setattr(f"edition.read.{reader}.parse", counting)
    site.render(site.collect(ROOT / "tei", Problems()))
    files = {p.resolve().as_posix() for folder in ("registers", "letters")
             for p in (ROOT / "tei" / folder).rglob("*.xml")}
    assert files <= set(parsed)
    assert {parsed[f] for f in files} == {1}, parsed


def test_each_kind_of_entry_is_read_by_tei_elements_the_rule_table_knows() -> None:
    """model.KINDS is the one table of entry kinds: its elements are TEI's, a register's list and
    entries are skipped in the reading text (registers.py reads them), and its mentions are read
    as mentions, by element or by <rs type>."""
    names = tei.tei_names()
    for kind, k in m.KINDS.items():
        assert {k.list, *k.entries, k.name, *filter(None, [k.mention])} <= names, kind
        assert tei.RULES[k.list].level == "skip", k.list
        if k.mention:
            assert tei.RULES[k.mention].read is tei.RULES["rs"].read and tei.MENTION_KINDS[k.mention] == kind
        assert all(tei.RS_KINDS[value] == kind for value in k.rs)
    assert set(paths.KIND_DIRS) == set(m.KINDS) and len(set(paths.KIND_DIRS.values())) == len(m.KINDS)
