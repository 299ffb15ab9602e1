"""Sorting and filing names the way an index does: ICU's collation and its alphabetic index.

PyICU (ICU's root collation, the Unicode Collation Algorithm with CLDR's data) orders names
with accents folded at the first level ("Bö…" beside "Bo…", "Éditions" among the E's), and
ICU's AlphabeticIndex files each name under its initial ("Łódź" under L, "Ølberg" under O);
a name that begins with no letter of an index's alphabet is filed under "other".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import icu

from .paths import OTHER_INITIAL

OTHER = OTHER_INITIAL  # the initial of names that begin with no letter of the index

# articles a title is not filed under ("The Times" under T for Times), in the languages of the
# editions we know; a person's name is filed by its surname where the register marks it
ARTICLES = re.compile(
    r"(?:the|an?|les|le|la|der|die|das|ein|eine|il|lo|gli|el|los|las|un|une|os|o|as)\s+|l['’]",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^[\W_]+")  # quotation marks, brackets, dashes before the first letter


@functools.cache
def _collator() -> Any:
    return icu.Collator.createInstance(icu.Locale.getRoot())


@functools.cache
def _index() -> Any:
    index = icu.AlphabeticIndex(icu.Locale.getRoot())
    for script in ("ru", "el"):  # Cyrillic and Greek names get their own initials
        index.addLabels(icu.Locale(script))
    return index.buildImmutableIndex()


def filing_name(name: str, skip_article: bool = False) -> str:
    """The name as an index files it: no quotation mark or bracket first, and for a title
    (`skip_article`) no leading article."""
    filed = _LEADING.sub("", name)
    if skip_article and (found := ARTICLES.match(filed)) and found.end() < len(filed):
        filed = filed[found.end():]
    return filed or name


def sort_key(name: str, skip_article: bool = False) -> bytes:
    """The collation key of a name: sorting by it is sorting as ICU's root locale does."""
    key: bytes = _collator().getSortKey(filing_name(name, skip_article))
    return key


def initial(name: str, skip_article: bool = False) -> str:
    """The heading a name is filed under in an index ("E" for "Éditions"), or OTHER."""
    index = _index()
    label, kind = index.getBucket(index.getBucketIndex(filing_name(name, skip_article)))
    return str(label) if kind == icu.UAlphabeticIndexLabelType.NORMAL else OTHER


T = TypeVar("T")


def sort(items: Iterable[T], name: Callable[[T], str], tie: Callable[[T], str],
         skip_article: Callable[[T], bool] = lambda _: False) -> list[T]:
    """`items` in index order of their `name`, `tie` (an id) deciding between equal names."""
    return sorted(items, key=lambda i: (sort_key(name(i), skip_article(i)), tie(i)))
