"""A property of the incremental build: after any sequence of an editor's edits, with or without
the URL contract, `build.py` (incremental) gives what a full build gives from scratch: the same
problems and, when it writes, docs/ byte for byte.

Hypothesis drives the edits (a word, a new paragraph, a new note, a changed mention, a new
register entry and its first mention, an entry added first in its register (every other moves),
renamed or given an authority record, a new letter with its own title or a copied one, a broken
reference that is then mended) on a small synthetic edition (bench/synth.py), and shrinks a
failing sequence to a short one.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from bench.synth import generate, letter_id
from edition.build import incremental, site, urls
from edition.problems import Problems

LETTERS = 6
WORDS = st.sampled_from(["Altered", "Comrades", "Überall", "naïve", "Zweite"])


def docs_files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def messages(problems: Problems, level: str | None = None) -> list[str]:
    return sorted(str(p) for p in problems.items if level in (None, p.level))


class Edits(RuleBasedStateMachine):
    """An edition edited step by step; after each step both builds are compared."""

    CARRY = False  # letters with what real ones carry, and a published edition (see Published)

    def __init__(self) -> None:
        super().__init__()
        self.work = Path(tempfile.mkdtemp(prefix="rebuild-"))
        self.tei = generate(self.work, LETTERS, carry=self.CARRY)
        self.docs = self.work / "docs"
        self.docs.mkdir()
        self.letters = LETTERS
        self.added = 0
        self.contract: urls.Contract | None = None

    def teardown(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def path(self, n: int) -> Path:
        return self.tei / "letters" / f"{letter_id(n % self.letters)}.xml"

    def replace(self, n: int, pattern: str, new: str) -> None:
        path = self.path(n)
        text = path.read_text(encoding="utf-8")
        assert re.search(pattern, text), pattern
        path.write_text(re.sub(pattern, new, text, count=1), encoding="utf-8")

    @initialize(contract=st.booleans())
    def first_build(self, contract: bool) -> None:
        problems, written = incremental.build(self.tei, self.docs, jobs=1)
        assert written is not None, messages(problems)
        if contract:  # every URL of the first build published for good
            self.contract = urls.Contract.beside(self.work)
            edition = site.collect(self.tei, Problems())
            outputs = site.render(edition, self.contract)
            urls.update(self.contract, urls.anchors(edition.letters), outputs,
                        site.hand_written_pages(self.docs))

    @precondition(lambda self: not self.CARRY)  # its transcription would differ: an error
    @rule(n=st.integers(0, 99), word=WORDS)
    def edit_a_word(self, n: int, word: str) -> None:
        self.replace(n, r'(-p2">)\w+', rf"\g<1>{word}")

    @precondition(lambda self: not self.CARRY)
    @rule(n=st.integers(0, 99), word=WORDS)
    def add_a_paragraph(self, n: int, word: str) -> None:
        self.added += 1
        self.replace(n, r"(\s*)</div>", rf'\1  <p xml:id="{letter_id(n % self.letters)}-x{self.added}">'
                                        rf"{word} was added.</p>\1</div>")

    @rule(n=st.integers(0, 99), word=WORDS)
    def add_a_note(self, n: int, word: str) -> None:
        self.added += 1
        self.replace(n, r"(-p1\">[^<]*)", rf'\1<note type="editorial" xml:id="{letter_id(n % self.letters)}'
                                         rf'-xn{self.added}">{word}, a new note.</note>')

    @rule(n=st.integers(0, 99), person=st.integers(0, 40))
    def change_a_mention(self, n: int, person: int) -> None:
        self.replace(n, r'<persName ref="#person-\d+">', f'<persName ref="#person-{person:05d}">')

    @rule(n=st.integers(0, 99), person=st.integers(0, 40))
    def change_the_addressee(self, n: int, person: int) -> None:
        """Another correspondent: with a published edition, other CMIF warnings."""
        self.replace(n, r'(<correspAction type="received">\s*<persName ref="#)[\w-]+',
                     rf"\g<1>person-{person:05d}")

    @rule(n=st.integers(0, 99))
    def add_an_entry_and_mention_it(self, n: int) -> None:
        self.added += 1
        persons = self.tei / "registers" / "persons.xml"
        text = persons.read_text(encoding="utf-8")
        persons.write_text(text.replace("</listPerson>", f'  <person xml:id="added-{self.added}"><persName>'
                                        f"Added Person {self.added}</persName></person>\n</listPerson>", 1),
                           encoding="utf-8")
        self.replace(n, r'(-p3">(?:<persName ref="#added-\d+">\w+</persName> )*)(\w+)',  # the next word
                     rf'\1<persName ref="#added-{self.added}">\2</persName>')

    def register(self, pattern: str, new: str) -> None:
        persons = self.tei / "registers" / "persons.xml"
        text = persons.read_text(encoding="utf-8")
        assert re.search(pattern, text), pattern
        persons.write_text(re.sub(pattern, new, text, count=1), encoding="utf-8")

    @rule()
    def add_an_entry_first(self) -> None:
        """An entry no letter mentions yet, first in its register: every other entry moves down
        a line (the warnings that give an entry's place change with it)."""
        self.added += 1
        self.register(r"<listPerson>", f'<listPerson>\n      <person xml:id="first-{self.added}"><persName>'
                                        f"First Person {self.added}</persName></person>")

    @rule(person=st.integers(0, 40), name=WORDS)
    def rename_an_entry(self, person: int, name: str) -> None:
        self.register(rf'(<person xml:id="person-{person:05d}"><persName>)<forename>[^<]*</forename>',
                      rf"\g<1><forename>{name}</forename>")

    @rule(person=st.integers(0, 40))
    def give_an_entry_an_authority_record(self, person: int) -> None:
        """A Wikidata id (an invented one, in a test's synthetic register): the CMIF warnings
        of the letters that name this correspondent go."""
        if f"/Q{9000 + person}<" in (self.tei / "registers" / "persons.xml").read_text(encoding="utf-8"):
            return  # it has it already
        self.register(rf'(<person xml:id="person-{person:05d}">(?:(?!</person>).)*?</persName>)',
                      rf'\1<idno type="wikidata">http://www.wikidata.org/entity/Q{9000 + person}</idno>')

    @rule(n=st.integers(0, 99), year=st.integers(1900, 1960), titled=st.booleans())
    def add_a_letter(self, n: int, year: int, titled: bool) -> None:
        """A copy of a letter under a new id, on a new date; with a title of its own, or with
        the copied title (which the full build then tells apart by the letters' ids)."""
        new = letter_id(self.letters)
        text = self.path(n).read_text(encoding="utf-8").replace(letter_id(n % self.letters), new)
        text = re.sub(r'<date when="\d{4}-\d\d-\d\d">[^<]*</date>',
                      f'<date when="{year}-06-15">{year}-06-15</date>', text, count=1)
        if titled:
            text = re.sub(r"<title>[^<]*</title>", f"<title>Added letter {self.letters}</title>", text,
                          count=1)
        (self.tei / "letters" / f"{new}.xml").write_text(text, encoding="utf-8")
        self.letters += 1

    @rule(n=st.integers(0, 99))
    def break_a_reference_then_mend_it(self, n: int) -> None:
        self.replace(n, r'<persName ref="#(person-\d+)">', r'<persName ref="#nobody-\1">')
        self.check()
        self.replace(n, r'<persName ref="#nobody-(person-\d+)">', r'<persName ref="#\1">')

    @rule(n=st.integers(0, 99))
    def break_the_xml_then_mend_it(self, n: int) -> None:
        self.replace(n, r"</p>", "</q>")  # not well-formed: the file cannot be read
        self.check()
        self.replace(n, r"</q>", "</p>")

    @invariant()
    def check(self) -> None:
        """The incremental build and a full build from scratch agree."""
        if not (self.docs / "index.md").exists():
            return  # before the first build
        before = docs_files(self.docs)
        problems, written = incremental.build(self.tei, self.docs, jobs=1, contract=self.contract)
        fresh = Path(tempfile.mkdtemp(prefix="full-", dir=self.work)) / "docs"
        fresh.mkdir()
        full_problems, full_written = site.build(self.tei, fresh, jobs=1, contract=self.contract)
        assert (written is None) == (full_written is None)
        if written is None:  # the same errors; beside them, the last good build's warnings
            assert messages(problems, "error") == messages(full_problems, "error")  # (incremental.failed)
        else:
            assert messages(problems) == messages(full_problems)
        if written is None:
            assert docs_files(self.docs) == before  # a failed build leaves docs/ as it was
        else:
            assert docs_files(self.docs) == docs_files(fresh)
        shutil.rmtree(fresh.parent)


Edits.TestCase.settings = settings(max_examples=int(os.environ.get("REBUILD_EXAMPLES", 6)),  # more: by hand
                                   stateful_step_count=5, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow])
test_an_incremental_build_is_a_full_build_after_any_edits = Edits.TestCase


class Published(Edits):
    """The same edits of letters that carry what real ones carry (a transcription the reading
    text is checked against, notes, a printed source) in an edition with an address and a
    release: a CMIF file, and its warnings, which name correspondents and where their entries are."""

    CARRY = True


Published.TestCase.settings = Edits.TestCase.settings
test_the_same_holds_for_a_published_edition = Published.TestCase
