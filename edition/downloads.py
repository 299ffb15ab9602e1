"""Downloads: the whole corpus, with its registers and the edition's header, as one zip file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time in the file


def corpus_zip(files: Mapping[str, Path], folder: str = "tei") -> bytes:
    """A zip of the TEI files, by their path in tei/, in sorted order with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[rel].read_bytes(), compresslevel=9)
    return buffer.getvalue()
