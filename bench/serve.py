"""A built site served on loopback by a thread, as a reader's browser fetches it (bench and tests)."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging each request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served_folder(folder: Path) -> Iterator[str]:
    """A folder served on loopback by a thread: its URL, ending in a slash."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
