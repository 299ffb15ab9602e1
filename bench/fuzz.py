"""Fuzzed real letters: mutate letters (the edition's own and the field corpus's), build each.

`python -m bench.fuzz --variants 1000` makes that many variants with a fixed seed (delete,
duplicate, rename or misplace elements and attributes; truncate; insert random text and
characters; break references) and builds each as the one letter of an edition with its own
edition's registers: the project's for its own letter, the field edition's `registers/` for a
field-corpus letter (none for an edition that keeps none), so that broken references meet real
registers. Every other variant is built with --lenient (as an edition is imported), the others
as an editor's default run. The project's letter is written to docs/ (which a failed build must
leave as it was); a field letter is rendered in full but not written (the thousands of entry
pages of its registers, flushed to disk for every variant, would make the run many times
slower, and the swap of docs/ is the same code). It prints how many ended in a traceback (must
be 0), how many failed with located errors, how many built, and any failure that is not located
or that changed docs/. The tests run a fast sample of it.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.build import site
from edition.problems import Problems
from edition.read.tei import RULES, TEI, XML_ID

ROOT = Path(__file__).resolve().parent.parent
FIELD = ROOT.parent / "shared" / "field-corpus"
OWN = ROOT / "tei" / "letters" / "letter-1938-03-06-celarie.xml"
OWN_REGISTERS = ROOT / "tei" / "registers"
OWN_SHARE = 0.5  # half the variants are of the first source, the letter that reads in full today
LARGEST = 60_000  # field-corpus letters above this many bytes are left out: they slow the run


def field_letters() -> list[Path]:
    """The field corpus's letters that are well-formed XML and small enough (the scale corpus aside)."""
    out = []
    for path in sorted(FIELD.glob("*/letters/*.xml")):
        if path.stat().st_size > LARGEST:
            continue
        try:
            etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        out.append(path)
    return out


# ---------------------------------------------------------------- mutations

NOISE = ["<", ">", "&", "&amp;", "]]>", "\"", "'", "#", "{:", "[^1]", "*", "\u00a0", "\u200b",
         "\u202e", "\ufeff", "é", "\U0001f600", "\x00", "\x07", "\ud7ff", "<!--", "<?pi?>",
         "&#0;", "&#x110000;", "&nbsp;", "<p>", "</p>", "<x:y>", " xml:id=\"p1\"", "\r\n"]
NAMES = [*sorted(RULES), "placeNme", "PersName", "br", "postscrip", "div", "note", "foo"]
ATTRIBUTES = ["xml:id", "ref", "target", "when", "from", "to", "notBefore", "type", "rend",
              "break", "n", "cert", "xml:lang", "corresp"]
BAD_VALUES = ["", " ", "#", "#nowhere", "2025-13-40", "1938-02-30", "x y z", "-1", "1e9", "é",
              "javascript:alert(1)", "../../etc/passwd", "#" + "a" * 300, "0000", "p1"]


def _elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str) and el is not root]


def _qualified(name: str) -> str:
    return f"{{http://www.w3.org/XML/1998/namespace}}{name[4:]}" if name.startswith("xml:") else name


def mutate_tree(root: etree._Element, rnd: random.Random) -> str:
    """One change to the tree; what it was, in words."""
    els = _elements(root)
    el = rnd.choice(els)
    parent = el.getparent()
    kind = rnd.choice(["delete", "duplicate", "rename", "misplace", "drop-attribute",
                       "set-attribute", "copy-id", "break-ref", "empty"])
    if kind == "delete" and parent is not None:
        parent.remove(el)
    elif kind == "duplicate" and parent is not None:
        el.addnext(copy.deepcopy(el))
    elif kind == "rename":
        el.tag = f"{{{TEI}}}{rnd.choice(NAMES)}"
    elif kind == "misplace" and parent is not None:
        target = rnd.choice(els)
        if el not in target.iterancestors() and target is not el:
            parent.remove(el)
            target.insert(rnd.randint(0, len(target)), el)
    elif kind == "drop-attribute" and el.attrib:
        del el.attrib[rnd.choice(list(el.attrib))]
    elif kind == "set-attribute":
        el.set(_qualified(rnd.choice(ATTRIBUTES)), rnd.choice(BAD_VALUES))
    elif kind == "copy-id":
        ids = [e.get(XML_ID) for e in els if e.get(XML_ID)]
        if ids:
            el.set(XML_ID, rnd.choice(ids))
    elif kind == "break-ref":
        pointing = [e for e in els if e.get("ref") or e.get("target")]
        if pointing:
            chosen = rnd.choice(pointing)
            chosen.set("ref" if chosen.get("ref") else "target", f"#broken-{rnd.randint(0, 99)}")
    elif kind == "empty":
        el.text = None
        for child in list(el):
            el.remove(child)
    return f"{kind} <{etree.QName(el).localname}>"


def mutate_bytes(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """One change to the bytes: truncate, or insert random text or characters."""
    at = rnd.randint(0, len(data))
    if rnd.random() < 0.3:
        return data[:at], f"truncate at {at}"
    noise = "".join(rnd.choice(NOISE) for _ in range(rnd.randint(1, 4)))
    encoded = noise.encode("utf-8", "surrogatepass")
    if rnd.random() < 0.2:
        encoded = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 3)))  # not UTF-8 at all
    return data[:at] + encoded + data[at:], f"insert {encoded!r} at {at}"


def variants(sources: list[Path], count: int, seed: int) -> Iterator[tuple[str, bytes, Path]]:
    """`count` mutated letters (what was done, the bytes, the letter they were made from), the
    same for the same seed: 1 to 3 changes each; half of them of the first of `sources`."""
    rnd = random.Random(seed)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    trees = {path: etree.parse(str(path), parser).getroot() for path in sources}
    for n in range(count):
        path = sources[0] if rnd.random() < OWN_SHARE else rnd.choice(sources)
        root = copy.deepcopy(trees[path])
        what = [mutate_tree(root, rnd) for _ in range(rnd.randint(1, 3))]
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        if rnd.random() < 0.35:
            data, change = mutate_bytes(data, rnd)
            what.append(change)
        yield f"{n}: {path.parent.parent.name}/{path.name}: {'; '.join(what)}", data, path


# ---------------------------------------------------------------- one build per variant


@dataclass
class Tally:
    built: int = 0
    refused: int = 0
    tracebacks: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    half_written: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    registers: Counter[str] = field(default_factory=Counter)  # variants by the registers they met

    @property
    def total(self) -> int:
        return self.built + self.refused + len(self.tracebacks)


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def registers_of(letter: Path) -> Path | None:
    """The register files of a letter's edition: `registers/` beside its `letters/` (the
    project's `tei/registers`, a field edition's), or None for an edition that keeps none."""
    folder = letter.parent.parent / "registers"
    return folder if folder.is_dir() else None


def edition(work: Path, registers: Path | None) -> tuple[Path, Path]:
    """An edition in `work`: the project's edition.xml, the given registers (read in place,
    through a link), no letter yet; and its docs/ folder."""
    tei = work / "tei"
    if tei.exists():
        shutil.rmtree(tei)
    (tei / "letters").mkdir(parents=True)
    shutil.copy2(ROOT / "tei" / "edition.xml", tei / "edition.xml")
    if registers is not None:
        (tei / "registers").symlink_to(registers.resolve(), target_is_directory=True)
    return tei, work / "docs"


def rendered(outputs: dict[str, str | bytes], docs: Path) -> site.Written:
    """A writer that keeps what was rendered and writes nothing (`site.build(writer=…)`)."""
    return site.Written(len(outputs), 0, 0)


def run(sources: list[Path], count: int, seed: int, work: Path, log: bool = False) -> Tally:
    """Build each variant as the one letter of an edition with its edition's registers (one
    work folder for each set of registers); tally how each ended."""
    tally = Tally()
    editions: dict[Path | None, tuple[Path, Path]] = {}
    for n, (name, data, source) in enumerate(variants(sources, count, seed)):
        registers = registers_of(source)
        folder = work / (registers.parent.name if registers is not None else "no-registers")
        if registers not in editions:
            editions[registers] = edition(folder, registers)
        tei, docs = editions[registers]
        tally.registers[folder.name] += 1
        for old in (tei / "letters").iterdir():
            old.unlink()
        letter = tei / "letters" / source.name  # its own name: its xml:id and file name agree
        letter.write_bytes(data)
        before = digest(docs) if docs.exists() else ""
        problems = Problems()
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # what the build says it found
                problems, written = site.build(tei, docs, jobs=1, lenient=n % 2 == 1,
                                               writer=None if registers == OWN_REGISTERS else rendered)
        except Exception:  # what the fuzz run is for: a traceback is the bug it looks for
            tally.tracebacks.append(f"{name}\n{traceback.format_exc()}")
            if log:
                print(tally.tracebacks[-1], file=sys.stderr)
            editions[registers] = edition(folder, registers)
            continue
        if written is None:
            tally.refused += 1
            if (docs.exists() and digest(docs)) != (before or False):
                tally.half_written.append(name)
        else:
            tally.built += 1
        for problem in problems.errors:
            tally.errors[problem.message.split(";")[0][:60]] += 1
            if not problem.pos.path or (problem.pos.path.endswith(source.name) and not problem.pos.line):
                tally.unlocated.append(f"{name}: {problem}")
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__)
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--own-only", action="store_true", help="mutate only the edition's own letter")
    parser.add_argument("--verbose", action="store_true", help="print each traceback as it happens")
    args = parser.parse_args(argv)
    sources = [OWN] + ([] if args.own_only else field_letters())
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        tally = run(sources, args.variants, args.seed, Path(work), log=args.verbose)
    seconds = time.perf_counter() - started
    print(f"fuzz: {tally.total} variants of {len(sources)} letters (seed {args.seed}) in"
          f" {seconds:.0f} s: {len(tally.tracebacks)} traceback(s), {tally.refused} refused with"
          f" located errors, {tally.built} built; {len(tally.unlocated)} error(s) without a place,"
          f" {len(tally.half_written)} failed build(s) that changed docs/")
    print("registers met: " + ", ".join(f"{name} {n}" for name, n in sorted(tally.registers.items())))
    for item in (*tally.tracebacks, *tally.unlocated, *tally.half_written)[:20]:
        print(item)
    print("most frequent errors:")
    for message, n in tally.errors.most_common(12):
        print(f"  {n:5}  {message}")
    return 1 if tally.tracebacks or tally.unlocated or tally.half_written else 0


if __name__ == "__main__":
    sys.exit(main())
