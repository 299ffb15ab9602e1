"""The edition's configuration: mkdocs.yml read as plain data (site name, language, search
backend, scripts), for the parts of the build that need a setting from it without MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def settings(config: Path) -> dict[str, Any]:
    """mkdocs.yml as data, any `!!python/…` tag taken for null (none that the edition reads)."""
    import yaml  # only the site build needs it: not loaded for the TEI step

    class Loader(yaml.SafeLoader):
        """A safe loader that does not stop at MkDocs' Python tags."""

    Loader.add_multi_constructor("", lambda _loader, _suffix, _node: None)  # type: ignore[no-untyped-call]
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    return data if isinstance(data, dict) else {}
