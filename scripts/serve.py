#!/usr/bin/env python3
"""Serves the release build with its demo pages: dist/ at /, the source
tree's examples/ at /examples/ (the demo host pages are not part of the
release, so they are not in dist/). Every response carries the strict
Content-Security-Policy the e2e tests serve, so what works here works on a
strict portal.

    python3 scripts/serve.py [--port 8080] [--dist dist] [--examples examples]

(`make serve` builds first, then runs this.)
"""

import argparse
import functools
import http.server
import os
import posixpath
import sys
import urllib.parse

# The policy tests/e2e/harness.mjs serves (STRICT_CSP).
STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'"


class Handler(http.server.SimpleHTTPRequestHandler):
    """dist/ with /examples/ from the source tree, no caching, strict CSP."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".geojson": "application/geo+json",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".txt": "text/plain; charset=utf-8",
    }

    def __init__(self, *args, examples, **kwargs):
        self.examples = examples
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        clean = posixpath.normpath(urllib.parse.unquote(urllib.parse.urlsplit(path).path))
        if clean == "/examples" or clean.startswith("/examples/"):
            rest = clean[len("/examples"):].lstrip("/")
            # normpath has removed any "..": nothing outside examples/ is reachable.
            full = os.path.join(self.examples, *[p for p in rest.split("/") if p])
            return full + ("/" if path.split("?")[0].endswith("/") else "")
        return super().translate_path(path)

    def end_headers(self):
        self.send_header("Content-Security-Policy", STRICT_CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--examples", default="examples")
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.dist, "index.html")):
        sys.exit(f"no build in {args.dist}/ (run `make build` first)")
    handler = functools.partial(
        Handler, directory=os.path.abspath(args.dist), examples=os.path.abspath(args.examples)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"qikai-map on http://127.0.0.1:{args.port}/  (demo pages: /examples/script.html, /examples/iframe.html)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
