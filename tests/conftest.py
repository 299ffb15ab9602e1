"""Shared fixtures: the repository's paths, the golden-file update flag, a built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite the expected files of the golden tests from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition built from tei/ into a fresh docs/ and then by MkDocs into a site/."""
    work = tmp_path_factory.mktemp("edition")
    for name in ("tei", "source", "mkdocs.yml", "overrides", "urls.txt", "redirects.txt"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name)
        else:
            shutil.copy2(src, work / name)
    shutil.copytree(ROOT / "docs", work / "docs")
    subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=work, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet"],
                   cwd=work, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return work / "site"


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """TEI P5 (tei_all), compiled once per run: it takes about 12 s."""
    return etree.RelaxNG(etree.parse(str(ROOT / "schema" / "tei_all.rng")))
