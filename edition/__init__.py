"""A static digital-edition generator: TEI letters and registers in, Markdown pages out."""
