"""Downloads: the whole corpus, with its registers and the edition's header, as one zip file."""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Container, Iterable, Mapping
from pathlib import Path

from .. import model as m
from ..messages import t

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time in the file
Member = tuple[bytes | memoryview, bytes | memoryview]  # a member's local header and data, and
# its central directory entry: views into the zip they were cut from (no copy of 60 MB)
MAX_MEMBERS = 0xFFFF  # more, or more than MAX_BYTES, and zipfile writes ZIP64: then it does it all
MAX_BYTES = 0x7FFFFFFF
# a central directory entry: signature, versions, flags, method, time, date, CRC, sizes, lengths,
# disk, attributes, and the offset of the local header (zip's APPNOTE, 4.3.12)
CENTRAL = struct.Struct("<4s6H3L5H2L")


def corpus_zip(files: Mapping[str, str | Path], folder: str = "tei", old: bytes | None = None,
               same: Container[str] = (), extras: Mapping[str, bytes | str] | None = None,
               trusted: Container[str] = ()) -> bytes:
    """A zip of the TEI files, by their path in tei/, in sorted order with fixed timestamps;
    `extras` (a README, the licence, the transcriptions in source/: their bytes, or the path of
    their file as a str) first, by their own names.

    The files in `same` have the content they had when the zip `old` was made, and so have the
    extras' files whose path is in `trusted`: their members are copied from it as they are
    instead of read and compressed again (the result is the same bytes).
    """
    reusable = members(old) if old else {}
    local: list[bytes | memoryview] = []
    central: list[bytes] = []
    offset = 0
    extras = extras or {}
    for name in [*sorted(extras), *(f"{folder}/{rel}" for rel in sorted(files))]:
        rel = name.removeprefix(f"{folder}/")
        extra = extras.get(name)
        if extra is None:  # a TEI file
            record = reusable.get(name) if rel in same else None
            head, entry = record or member(name, Path(files[rel]).read_bytes())
        else:
            head, entry = _extra(name, extra, reusable.get(name), trusted)
        central.append(b"".join((entry[:42], struct.pack("<I", offset), entry[46:])))
        local.append(head)
        offset += len(head)
    directory = b"".join(central)
    if len(central) >= MAX_MEMBERS or offset + len(directory) >= MAX_BYTES:
        return _zip({**{name: _bytes(extras[name]) for name in sorted(extras)},
                     **{f"{folder}/{rel}": Path(files[rel]).read_bytes() for rel in sorted(files)}})
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                      offset, 0)
    return b"".join(local) + directory + end


def extras(edition: m.Edition, root: Path, transcriptions: Iterable[str]) -> dict[str, bytes | str]:
    """What the corpus zip holds besides tei/: a README (what it is, how to cite it), the
    licence as the edition states it, and the transcriptions in source/ the letters' notes point
    to (`transcriptions`: the files letters depend on, resolved paths; page images are left out),
    at their place beside tei/ (so that each note's relative @target still finds its file). The
    transcriptions by the path of their file (a str: 10,000 Paths cost a tenth of a second), read
    by corpus_zip only if the last zip cannot give them."""
    pub = edition.publication
    url = pub.url if pub else ""
    title = edition.title or t("zip.edition")
    cite = ", ".join(part for part in (pub.publisher if pub and pub.publisher != title else "",
                                       title, t("zip.release", date=pub.date) if pub and pub.date else "",
                                       url) if part)
    kept: dict[str, str] = {}
    top = root.resolve()
    folder = f"{top / 'source'}{os.sep}"
    for path in sorted(set(transcriptions)):
        if path.startswith(folder) and _regular(path):  # resolved when read: no symlink now either
            kept[path[len(str(top)) + 1:].replace(os.sep, "/")] = path
    licence = (pub.licence + (f"\n\n{pub.licence_url}" if pub.licence_url else "")) if pub and pub.licence \
        else t("zip.no_licence")
    readme = "\n".join([
        f"# {t('zip.heading', title=title)}", "",
        t("zip.what") + (t("zip.published", url=url) if url else "") + "."
        + (" " + t("zip.source") if kept else ""), "",
        t("zip.cite", cite=cite) if cite else t("zip.cite_default"),
        t("zip.letters"), "",
        t("zip.licence"), ""])
    return {"README.md": readme.encode("utf-8"), "LICENCE.txt": f"{licence}\n".encode(),
            **{name: data for name, data in kept.items()}}


def _extra(name: str, extra: bytes | str, old: Member | None, trusted: Container[str]) -> Member:
    """An extra's member: the last zip's when its file is trusted or its bytes are the same."""
    if old is not None and isinstance(extra, str) and extra in trusted:
        return old  # a transcription its Stat vouches for: not even read
    data = _bytes(extra)
    if old is not None and _crc_and_size(old) == (zlib.crc32(data), len(data)):
        return old  # the README, the licence, a transcription: as in the last zip
    return member(name, data)


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _bytes(extra: bytes | str) -> bytes:
    return Path(extra).read_bytes() if isinstance(extra, str) else extra


def _zip(contents: Mapping[str, bytes]) -> bytes:
    """The zip of `contents` (member name → data), as Python's zipfile writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in contents.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def member(name: str, data: bytes) -> Member:
    """One member as zipfile writes it: cut out of a zip that holds only it (at offset 0)."""
    alone = _zip({name: data})
    return _split(alone)[name]


def _crc_and_size(record: Member) -> tuple[int, int]:
    """The CRC-32 and uncompressed size of a member, from its central directory entry."""
    fields = CENTRAL.unpack_from(record[1], 0)
    return fields[7], fields[9]


def members(archive: bytes) -> dict[str, Member]:
    """The members of a zip written by corpus_zip, by name (none if it is not such a zip)."""
    try:
        return _split(archive)
    except (struct.error, UnicodeDecodeError, ValueError):
        return {}


def _split(whole: bytes) -> dict[str, Member]:
    archive = memoryview(whole)
    signature, _, _, _, count, size, start, comment = struct.unpack("<4s4H2LH", archive[-22:])
    if signature != b"PK\x05\x06" or comment:
        raise ValueError("not a zip written by corpus_zip")
    out: dict[str, Member] = {}
    at = start
    for _ in range(count):
        fields = CENTRAL.unpack_from(archive, at)
        flags, compressed, name_len, extra_len, comment_len, offset = (
            fields[3], fields[8], fields[10], fields[11], fields[12], fields[16])
        end = at + CENTRAL.size + name_len + extra_len + comment_len
        raw = bytes(archive[at + CENTRAL.size: at + CENTRAL.size + name_len])
        name = raw.decode("utf-8" if flags & 0x800 else "cp437")
        local_name, local_extra = struct.unpack_from("<2H", archive, offset + 26)
        out[name] = (archive[offset: offset + 30 + local_name + local_extra + compressed], archive[at:end])
        at = end
    if at != start + size:
        raise ValueError("a damaged central directory")
    return out
