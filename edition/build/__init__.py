"""The build: tei/ in, docs/ out, safely. `site` collects the edition, checks it, renders every
page with the write layer and swaps docs/ in whole; `parallel` reads many letters at once,
`digest` keeps what a letter gives to other pages, `store` and `incremental` rebuild only what an
edit changed, `urls` keeps the URL contract, `fidelity` checks that every word reaches its page,
and `scaffold` starts a new letter (`build.py new`). This layer drives read and write; only the
commands and publish/ sit above it.
"""
