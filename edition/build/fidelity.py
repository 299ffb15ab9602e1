"""Fidelity: each letter's reading text, paragraph by paragraph, against its transcription."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from .. import model as m
from ..problems import Pos, Problems, display_path
from ..write.markdown import plain_text

_SPACE = re.compile(r"[ \t\r\n]+")  # XML whitespace: the reader keeps any other space


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip(" ")


class Paragraph(NamedTuple):
    """A paragraph of a transcription: the line it starts on, and its lines as written."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return normalise(" ".join(self.lines))


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of a transcription, as both `build.py new` and the check read them.

    A blank line (or one of spaces only) separates paragraphs; the lines of one paragraph are
    joined by a space (in the TEI, a line break inside a paragraph is a space or an <lb/>).
    """
    out: list[Paragraph] = []
    lines: list[str] = []
    start = 0
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            start = start if lines else n
            lines.append(line)
        elif lines:
            out.append(Paragraph(start, tuple(lines)))
            lines = []
    if lines:
        out.append(Paragraph(start, tuple(lines)))
    return out


def transcription_paragraphs(path: Path) -> list[tuple[int, str]]:
    """The paragraphs of a transcription file: their first line's number and their text."""
    return [(p.line, p.text) for p in paragraphs(path.read_text(encoding="utf-8"))]


def word_diff(old: str, new: str, context: int = 4) -> str:
    """`… words [-old-]{+new+} words …`: the changes with a few words of context either side."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out: list[str] = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for i, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            keep = 2 * context  # words and the spaces between them
            if len(words) <= 2 * keep:
                out.append("".join(words))
                continue
            head = "".join(words[:keep]).rstrip() + " " if i else ""
            tail = " " + "".join(words[-keep:]).lstrip() if i < len(ops) - 1 else ""
            out.append(f"{head}…{tail}")
            continue
        if i2 > i1:
            out.append(f"[-{''.join(a[i1:i2])}-]")
        if j2 > j1:
            out.append(f"{{+{''.join(b[j1:j2])}+}}")
    return "".join(out)


def check_letter(letter: m.Letter, root: Path, problems: Problems) -> None:
    """Report every paragraph where the reading text and the transcription differ.

    `root` is the edition's folder: a transcription outside it is refused, never read.
    """
    t = letter.transcription
    if t is None:
        return
    path = (Path(letter.path).parent / unquote(t.target)).resolve()  # a URI: %20 is a space
    if not path.is_relative_to(root.resolve()):
        problems.error(t.pos, f"the transcription \"{t.target}\" lies outside the edition's folder,"
                       " which build.py never reads; put it in source/ and point @target there")
        return
    if not path.is_file():
        problems.warning(t.pos, f"the transcription \"{t.target}\" does not exist (looked for"
                         f" {display_path(path)}), so the reading text was not compared with it;"
                         " correct @target, relative to this TEI file")
        return
    shown = display_path(path)
    lines = transcription_paragraphs(path)
    omitted = list(t.omitted)
    source = []
    for n, line in lines:
        if line in omitted:
            omitted.remove(line)  # quoted in the note as not part of the reading text
        else:
            source.append((n, line))
    blocks = [(b, normalise(plain_text(b.inlines))) for b in (*letter.front, *letter.body)]
    blocks = [(b, text) for b, text in blocks if text]
    ops = difflib.SequenceMatcher(None, [s for _, s in source], [r for _, r in blocks],
                                  autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or split_alike(source[i1:i2], blocks[j1:j2]):
            continue
        pairs = max(i2 - i1, j2 - j1)
        for k in range(pairs):
            old = source[i1 + k] if i1 + k < i2 else None
            new = blocks[j1 + k] if j1 + k < j2 else None
            if old and new:
                problems.error(new[0].pos, f"the reading text differs from the transcription"
                               f" ({shown}:{old[0]}), as transcription → TEI: {word_diff(old[1], new[1])};"
                               " make the TEI read as the transcription, or mark the change"
                               " (e.g. <choice><sic>…</sic><corr>…</corr></choice>)")
            elif old:
                where = new_pos(blocks, j1, letter)
                problems.error(where, f"the transcription's paragraph {shown}:{old[0]} is missing"
                               f" from the reading text: \"{shorten(old[1])}\"; add it to the TEI,"
                               " or quote it in the transcription note with <q> if it is not"
                               " part of the text")
            elif new:
                problems.error(new[0].pos, f"this paragraph is not in the transcription {shown}:"
                               f" \"{shorten(new[1])}\"; remove it, or correct the transcription")


def split_alike(source: list[tuple[int, str]], blocks: list[tuple[m.Block, str]]) -> bool:
    """Whether each paragraph of `source` reads as a run of the `blocks`, in order: one
    paragraph of the transcription may be several blocks of the TEI (a closer's salute and
    signed), but not the other way round."""
    j = 0
    for _, text in source:
        if j == len(blocks):
            return False
        joined = blocks[j][1]
        j += 1
        while joined != text and j < len(blocks) and text.startswith(joined + " "):
            joined += " " + blocks[j][1]
            j += 1
        if joined != text:
            return False
    return bool(source) and j == len(blocks)


def new_pos(blocks: list[tuple[m.Block, str]], j: int, letter: m.Letter) -> Pos:
    """Where a missing paragraph belongs: before block j, or the letter itself."""
    return blocks[j][0].pos if j < len(blocks) else letter.pos


def shorten(text: str, words: int = 12) -> str:
    parts = text.split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
