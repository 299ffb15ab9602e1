"""A letter that agrees with itself: its xml:id and its file name, its paragraph ids and numbers."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .. import messages
from .. import model as m
from ..problems import Problems


def block_label(kind: str) -> str:
    """What a block is called on a page and in a citation: `signature`, not `signed` (in the
    edition's language: the message `block.<kind>`); an unknown kind by its own name."""
    key = f"block.{kind}"
    return messages.t(key) if key in messages.MESSAGES else kind


def check_letter(letter: m.Letter, problems: Problems) -> None:
    """Warn where the file name and the ids, or the paragraph ids and numbers, disagree."""
    stem = Path(letter.path).stem
    prefix = f"{stem}-"
    if letter.id != stem and any(xml_id.startswith(prefix) for xml_id, _ in letter.ids) \
            and not any(xml_id.startswith(f"{letter.id}-") for xml_id, _ in letter.ids):
        problems.warning(letter.pos, f"the letter's xml:id \"{letter.id}\" is not its file name"
                         f" ({stem}.xml), whose name its other ids begin with: their anchors would"
                         f" be #{prefix}… instead of short ones; rename the file {letter.id}.xml,"
                         f" or make the xml:id \"{stem}\"")
    numbered = re.compile(rf"{re.escape(letter.id)}-p(\d+)")
    twice = {xml_id for xml_id, count in Counter(i for i, _ in letter.ids).items() if count > 1}
    n = 0
    for block in (*letter.front, *letter.body):
        if block.kind != "p":
            continue
        n += 1
        found = numbered.fullmatch(block.id or "")
        if found and int(found.group(1)) != n and block.id not in twice:  # (that is its own error)
            problems.warning(block.pos, f"this paragraph is ¶ {n} on the page, but its xml:id"
                             f" \"{block.id}\" says p{found.group(1)}: a reader would cite ¶ {n} and"
                             f" link #p{found.group(1)}; renumber the paragraph ids in order if the"
                             " letter is not published yet (its URLs are in urls.txt once it is)")
            return  # one warning a letter: the paragraphs after it are off by the same step
