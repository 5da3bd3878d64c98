#!/usr/bin/env python3
"""The release a portal pins: target/release-dist/qikai-map-<version>.tar.gz.

    python3 scripts/dist.py                 # package dist/ (make dist builds it first)
    python3 scripts/dist.py manifest DIR    # print the manifest of a folder of built files

The archive holds one folder, qikai-map-<version>/, with the built files of
dist/ (never examples/: the demo pages are not production files), LICENSE,
THIRD_PARTY_NOTICES.txt, CHANGELOG.md, the data schema and manifest.json: the
version, the size of every file, and the sha384 Subresource Integrity hash
(`sha384-<base64>`, as in an `integrity` attribute) of every shipped script,
stylesheet and WebAssembly file, which are also printed. The version is
Cargo.toml's, and CHANGELOG.md must have a section for it. The archive is
reproducible: entries sorted, owner root, times the last commit's.
"""

import argparse
import base64
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Files whose integrity a page can state (<script>, <link>, a preload) or a
# deployment should check.
INTEGRITY_SUFFIXES = (".js", ".mjs", ".wasm", ".css")

# Besides dist/: (path in the repository, path in the archive).
EXTRA_FILES = [
    ("LICENSE", "LICENSE"),
    ("THIRD_PARTY_NOTICES.txt", "THIRD_PARTY_NOTICES.txt"),
    ("CHANGELOG.md", "CHANGELOG.md"),
    ("schema/qikai-map.schema.json", "schema/qikai-map.schema.json"),
]


def fail(message):
    sys.exit(f"dist: {message}")


def cargo_version():
    """The [package] version in Cargo.toml."""
    with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
        text = f.read()
    package = re.search(r"^\[package\]\s*$(.*?)(?=^\[)", text, re.M | re.S)
    match = package and re.search(r'^version\s*=\s*"([^"]+)"', package.group(1), re.M)
    if not match:
        fail("no version in Cargo.toml's [package]")
    return match.group(1)


def sri(data):
    """The Subresource Integrity value of `data`: sha384-<base64>."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def walk(folder):
    """Every file under `folder`, as sorted paths relative to it with '/'."""
    out = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            rel = os.path.relpath(os.path.join(base, name), folder)
            out.append(rel.replace(os.sep, "/"))
    return sorted(out)


def manifest(files, version):
    """The manifest of `files` ({archive path: bytes})."""
    return {
        "name": "qikai-map",
        "version": version,
        "integrity": {p: sri(b) for p, b in sorted(files.items()) if p.endswith(INTEGRITY_SUFFIXES)},
        "files": {p: len(b) for p, b in sorted(files.items())},
    }


def dist_files(dist):
    """The built files of `dist`, refusing what must not ship."""
    if not os.path.isfile(os.path.join(dist, "index.html")):
        fail(f"no build in {dist}/ (run `make build`)")
    paths = walk(dist)
    demo = [p for p in paths if p.split("/")[0] == "examples"]
    if demo:
        fail(f"{dist}/ holds the demo pages ({demo[0]}, …): they are not production files")
    files = {}
    for p in paths:
        with open(os.path.join(dist, p), "rb") as f:
            files[p] = f.read()
    return files


def changelog_has(version):
    with open(os.path.join(ROOT, "CHANGELOG.md"), encoding="utf-8") as f:
        return re.search(rf"^## \[{re.escape(version)}\]", f.read(), re.M) is not None


def commit_time():
    """SOURCE_DATE_EPOCH, else the last commit's time, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def tar_gz(top, files, mtime):
    """A reproducible .tar.gz of `files` under the folder `top`."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        folders = sorted({"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)})
        for name in [""] + folders:
            info = tarfile.TarInfo(f"{top}/{name}".rstrip("/"))
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(info)
        for path in sorted(files):
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size, info.mode, info.mtime = len(files[path]), 0o644, mtime
            tar.addfile(info, io.BytesIO(files[path]))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=mtime, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def package(dist, out_dir):
    version = cargo_version()
    if not changelog_has(version):
        fail(f"CHANGELOG.md has no section `## [{version}]`")
    files = dist_files(dist)
    for src, dst in EXTRA_FILES:
        with open(os.path.join(ROOT, src), "rb") as f:
            data = f.read()
        if dst in files and files[dst] != data:
            fail(f"{dist}/{dst} differs from {src}: rebuild")
        files[dst] = data
    m = manifest(files, version)
    files["manifest.json"] = (json.dumps(m, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    top = f"qikai-map-{version}"
    archive = tar_gz(top, files, commit_time())
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{top}.tar.gz")
    with open(path, "wb") as f:
        f.write(archive)
    print(f"{os.path.relpath(path, os.getcwd())}: {len(archive):,} bytes, {len(files)} files, {sri(archive)}")
    print("Subresource Integrity (also in manifest.json):")
    for p, h in m["integrity"].items():
        print(f"  {h}  {p}")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="package", choices=["package", "manifest"])
    parser.add_argument("folder", nargs="?", help="manifest: the folder of built files")
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    parser.add_argument("--out", default=os.path.join(ROOT, "target", "release-dist"))
    args = parser.parse_args()
    if args.command == "manifest":
        if not args.folder:
            fail("manifest needs a folder")
        files = {}
        for p in walk(args.folder):
            if p == "manifest.json":
                continue  # an unpacked release's own manifest
            with open(os.path.join(args.folder, p), "rb") as f:
                files[p] = f.read()
        print(json.dumps(manifest(files, cargo_version()), indent=2, ensure_ascii=False))
    else:
        package(args.dist, args.out)


if __name__ == "__main__":
    main()
