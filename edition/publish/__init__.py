"""Publishing docs/ as a site: the only part of the edition that knows MkDocs.

`mkdocs_build` runs `mkdocs build` (in one process or in shards, merged); `plugin` is the
edition's MkDocs plugin (`plugins: - edition` in mkdocs.yml), which MkDocs loads by its entry
point. A successor that reads the same mkdocs.yml (Zensical) replaces this part alone.
"""
