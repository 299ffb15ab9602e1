#!/usr/bin/env python3
"""Build the edition: the TEI in tei/ becomes the Markdown pages in docs/. See README.md."""

import sys

from edition.cli import main

if __name__ == "__main__":
    sys.exit(main())
