"""Reading: TEI in, the document model out. `tei` parses safely and holds the rule table that
maps each TEI element to a model node; `letter` reads a letter file (its letters, their metadata
and text), `registers` the registers, `facsimile` each `pb`'s page image, and `consistency`
checks that a letter agrees with itself. This layer imports only the base layer (edition/'s own
modules): it writes nothing and knows neither Markdown nor the build.
"""
