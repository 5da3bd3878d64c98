#!/usr/bin/env python3
"""Trunk post-build hook, last step of a release build: minify the shipped js and css.

Why: the wasm-bindgen glue (with the chunk loader put into it), qikai-map.js and
the stylesheets went out as written, comments and long names included: 8 KB of
the first view's ~350 KB brotli (issue 16). esbuild (npm, the tests' tooling;
nothing is fetched at run time) minifies them in place: whitespace, comments and
local names; exported names, string keys (the wasm's import object) and
`import.meta.url` (how chunks and the pinyin table are found) stay. Then the
`integrity` attribute of every tag naming a changed file is recomputed, so SRI
and `make dist`'s manifest hold.

Debug builds (`make dev`, the portal-build suite) are left readable.

Usage: python3 scripts/minify.py [STAGE_DIR]   (Trunk sets TRUNK_STAGING_DIR)
"""
import base64
import hashlib
import html as html_text
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"

stage = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"))
if os.environ.get("TRUNK_PROFILE", "release") != "release":
    print("minify: debug build, js and css left as written")
    sys.exit(0)
if not ESBUILD.exists():
    sys.exit("minify: node_modules/.bin/esbuild missing (make tools)")

# trunk-reload.js exists only for `trunk serve`; boot.js is a few lines whose
# comments tell a portal how to include it.
files = sorted(p for p in stage.iterdir() if p.suffix in (".js", ".css") and p.name not in ("trunk-reload.js", "boot.js"))
before = after = 0
for f in files:
    source = f.read_bytes()
    args = [str(ESBUILD), "--minify", "--log-level=warning", f"--loader={f.suffix[1:]}"]
    if f.suffix == ".js":
        # ES modules as written: nothing is lowered (esnext), only shortened.
        args += ["--format=esm", "--target=esnext"]
    done = subprocess.run(args, input=source, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"minify: esbuild failed on {f.name}:\n{done.stderr.decode(errors='replace')}")
    out = done.stdout
    if f.suffix == ".js" and f.name.startswith("qikai-map"):
        # The licence notice of what the module carries stays at its top.
        out = b"/* qikai-map, MIT licence; third-party notices: THIRD_PARTY_NOTICES.txt */\n" + out
    f.write_bytes(out)
    before += len(source)
    after += len(out)


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def reintegrity(tag):
    text = tag.group(0)
    src = re.search(r'(?:href|src)="(?:\./)?([^"]+)"', text)
    if not src or "integrity=" not in text:
        return text
    path = stage / html_text.unescape(src.group(1))
    if not path.exists():
        return text
    return re.sub(r'integrity="[^"]*"', f'integrity="{sri(path.read_bytes())}"', text)


index = stage / "index.html"
page = index.read_text(encoding="utf-8")
index.write_text(re.sub(r"<(?:link|script)\b[^>]*>", reintegrity, page), encoding="utf-8")
print(f"minify: {len(files)} js/css files, {before:,} -> {after:,} B")
