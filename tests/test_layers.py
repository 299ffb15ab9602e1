"""The package's layers, as a table: each module belongs to one, lives in its layer's folder
(edition/read/, write/, build/, publish/; the base layer and the commands at the top), and imports
only from its own layer or the layers below it. No import cycles (lazy imports inside functions
count too), and only `publish/` speaks to MkDocs, so that Zensical (or another site generator)
replaces it there.

A new module must be placed in LAYERS (and in its layer's folder): the test fails until it is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "edition"

# lowest first; a module may import its own layer and those before it. A module's name is its path
# in the package: read, write, build and publish have a folder each (`read.tei` is edition/read/tei.py,
# `read` its __init__.py); base and command sit at the top of edition/.
LAYERS: dict[str, set[str]] = {
    # what every layer shares: the document model, problems, the output's paths, the messages
    "base": {"problems", "model", "messages", "config", "paths", "links", "images", "collation",
             "authorities"},
    # TEI → model: parsing and the rule table, letter files, registers, page images
    "read": {"read", "read.tei", "read.letter", "read.registers", "read.facsimile", "read.consistency"},
    # model → Markdown and data: pages, lists, citations, downloads, search, viewer
    "write": {"write", "write.markdown", "write.pages", "write.cite", "write.corpus", "write.data",
              "write.cmif", "write.search", "write.downloads", "write.iiif", "write.viewer", "write.csp"},
    # the build: which letters to read, in parallel, what changed, the URL contract, the checks
    "build": {"build", "build.digest", "build.parallel", "build.fidelity", "build.urls", "build.site",
              "build.store", "build.incremental", "build.scaffold"},
    # docs/ → a site: the only layer that knows MkDocs
    "publish": {"publish", "publish.plugin", "publish.mkdocs_build", "publish.site"},
    # what an editor runs
    "command": {"cli", "watch"},
}
FOLDERS = {"read", "write", "build", "publish"}  # the layers with a folder; base and command: none
RANK = {module: n for n, members in enumerate(LAYERS.values()) for module in members}
LAYER_OF = {module: layer for layer, members in LAYERS.items() for module in members}
SITE_GENERATORS = ("mkdocs", "material", "zensical")


def modules() -> dict[str, Path]:
    """`model` → edition/model.py, `read.tei` → edition/read/tei.py, `publish` → its
    `__init__.py`."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name:
            found[name] = path
    return found


def imports(name: str, path: Path) -> tuple[set[str], set[str]]:
    """The package's modules that `name` imports (anywhere in the file), and the top-level names
    of the other packages it imports."""
    ours: set[str] = set()
    theirs: set[str] = set()
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                stem = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "edition":
                stem = node.module.split(".")[1:]
            else:
                theirs.add((node.module or "").split(".")[0])
                continue
            for alias in node.names:  # `from . import tei` names a module; `from .tei import X` not
                target = ".".join([*stem, alias.name])
                ours.add(target if target in known else ".".join(stem))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top, *rest = alias.name.split(".")
                if top == "edition":
                    ours.add(".".join(rest))
                else:
                    theirs.add(top)
    return {o for o in ours if o and o != name}, theirs


GRAPH = {name: imports(name, path) for name, path in modules().items()}


def test_every_module_has_a_layer() -> None:
    missing = sorted(set(GRAPH) - set(RANK))
    assert not missing, f"place {missing} in LAYERS in tests/test_layers.py"
    assert not set(RANK) - set(GRAPH), f"LAYERS names modules that are gone: {set(RANK) - set(GRAPH)}"


def test_each_module_lives_in_its_layers_folder() -> None:
    """The layout shows the layers: a module of read, write, build or publish lives in that layer's
    folder, and the base layer and the commands at the top of edition/, so that a reader finds a
    module's room at a glance (and a module moved between layers moves between folders)."""
    misplaced = []
    for name in sorted(GRAPH.keys() & LAYER_OF.keys()):
        folder = name.split(".")[0] if "." in name or name in FOLDERS else ""
        layer = LAYER_OF[name]
        home = layer if layer in FOLDERS else ""
        if folder != home:
            misplaced.append(f"{name} ({layer}): move it to edition/{home + '/' if home else ''}")
    assert not misplaced, misplaced


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_module_imports_a_layer_above_it(name: str) -> None:
    above = sorted(o for o in GRAPH[name][0] if RANK.get(o, -1) > RANK.get(name, len(LAYERS)))
    assert not above, (f"{name} ({LAYER_OF.get(name)}) imports "
                       + ", ".join(f"{o} ({LAYER_OF[o]})" for o in above))


def test_no_import_cycles() -> None:
    """Depth-first search for a back edge; the cycle found is named, module by module."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for other in sorted(GRAPH[name][0]):
            if state.get(other) == 1:
                return [*path[path.index(other):], other]
            if other in GRAPH and other not in state and (cycle := visit(other)):
                return cycle
        path.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state and (cycle := visit(name)):
            pytest.fail("import cycle: " + " → ".join(cycle))


def test_only_publish_imports_a_site_generator() -> None:
    speaking = sorted(name for name, (_, theirs) in GRAPH.items()
                      if theirs & set(SITE_GENERATORS) and LAYER_OF.get(name) != "publish")
    assert not speaking, f"{speaking} import MkDocs (or its theme): move that code into edition/publish/"
    assert any(theirs & {"mkdocs"} for _, theirs in GRAPH.values())  # the check sees imports at all


def test_the_graph_reads_relative_absolute_and_lazy_imports(tmp_path: Path) -> None:
    """The graph is read from real import statements, relative and absolute, at any depth."""
    probe = PACKAGE / "read" / "tei.py"
    ours, _ = imports("read.tei", probe)
    assert {"model", "problems", "messages"} <= ours
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from ..build import site\n    from ..publish import plugin\n"
                    "    from . import letter\n    from edition.write.markdown import escape\n",
                    encoding="utf-8")
    assert imports("read.tei", fake)[0] == {"build.site", "publish.plugin", "read.letter", "write.markdown"}
