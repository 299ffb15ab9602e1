"""Writing: the document model in, Markdown and data out. `markdown` does all the escaping;
`pages` writes each kind of page, `corpus` the pages that lead to letters, `cite` the citations,
`data`, `cmif`, `downloads` and `iiif` the open data, the CMIF file, the corpus zip and the IIIF
manifests, `viewer` the page-image panel; `search` (Pagefind's filters and index parts) and `csp`
(the Content-Security-Policy) finish the built site for publish/. This layer imports the base
layer and, for a few names, the read layer; it never decides which letters a build reads or
rewrites: that is the build layer's.
"""
