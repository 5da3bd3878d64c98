#!/usr/bin/env python3
"""Raw, gzip and brotli sizes of the shipped wasm, js and css in dist/.

Writes {"wasm_br": ..., "js_br": ..., "css_br": ..., "total_br": ...} (bytes)
plus the raw and gzip figures to the JSON path given. Uses the `brotli`
command (Debian package brotli) at quality 11, as a web server would serve.

The split build's chunks (`*.chunk.wasm`, issue 16: fetched when a panel is
first opened, scripts/split_wasm.py) are not part of what the first view
downloads: they are counted apart, as "chunks", one row each; so are the
packs (`*.pack.wasm`: a split point's chunks in one download, what a browser
actually fetches), as "packs".
"""
import gzip
import json
import pathlib
import subprocess
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "target/size.json")


def brotli_size(data: bytes) -> int:
    return len(subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True, check=True).stdout)


def sizes_of(data: bytes) -> dict:
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9)), "br": brotli_size(data)}


def by_split(pattern: str) -> dict:
    """Sizes of the files matching pattern, keyed by their part before the
    extension: qikai-map-<hash>.split_stats.chunk.wasm -> split_stats."""
    return {f.name.split(".")[-3]: sizes_of(f.read_bytes()) for f in sorted(dist.glob(pattern))}


sizes = {}
rows = []
for ext in ("wasm", "js", "css"):
    raw = gz = br = 0
    # qikai-map.css is a stable-named copy of style-*.css for host pages: count it once.
    for f in sorted(p for p in dist.glob(f"*.{ext}") if p.name != "qikai-map.css" and not p.name.endswith((".chunk.wasm", ".pack.wasm"))):
        data = f.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 9))
        br += brotli_size(data)
    sizes[f"{ext}_raw"], sizes[f"{ext}_gzip"], sizes[f"{ext}_br"] = raw, gz, br
    rows.append((ext, raw, gz, br))
sizes["total_raw"] = sum(r[1] for r in rows)
sizes["total_gzip"] = sum(r[2] for r in rows)
sizes["total_br"] = sum(r[3] for r in rows)
chunks = by_split("*.chunk.wasm")
if chunks:
    sizes["chunks"] = chunks
    for k in ("raw", "gzip", "br"):
        sizes[f"chunks_{k}"] = sum(c[k] for c in chunks.values())
# Packs (scripts/split_wasm.py): a split point's module and its shared chunks
# in one download, what a browser fetches when the split point is first needed.
packs = by_split("*.pack.wasm")
if packs:
    sizes["packs"] = packs
# The pinyin table (release build, feature fetch-pinyin): fetched after the
# map is ready or on the first search, not on the first view's path.
for f in sorted(dist.glob("hanzi-pinyin-*.bin")):
    sizes["after_pinyin"] = sizes_of(f.read_bytes())
data_file = dist / "data" / "qikai-map.geojson"
if data_file.exists():
    sizes["default_data_raw"] = data_file.stat().st_size

out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps(sizes, indent=1) + "\n")
print(f"{'file':<6}{'raw':>12}{'gzip':>12}{'brotli':>12}")
for ext, raw, gz, br in rows + [("total", sizes["total_raw"], sizes["total_gzip"], sizes["total_br"])]:
    print(f"{ext:<6}{raw:>12,}{gz:>12,}{br:>12,}")
if chunks:
    print(f"chunks, fetched when first needed ({len(chunks)}):")
    for name, c in sorted(chunks.items(), key=lambda kv: -kv[1]["br"]):
        print(f"  {name:<16}{c['raw']:>10,}{c['gzip']:>12,}{c['br']:>12,}")
    print(f"  {'all chunks':<16}{sizes['chunks_raw']:>10,}{sizes['chunks_gzip']:>12,}{sizes['chunks_br']:>12,}")
if packs:
    print(f"packs, what a browser fetches for a split point (its module and shared chunks; {len(packs)}):")
    for name, c in sorted(packs.items(), key=lambda kv: -kv[1]["br"]):
        print(f"  {name:<16}{c['raw']:>10,}{c['gzip']:>12,}{c['br']:>12,}")
if "after_pinyin" in sizes:
    p = sizes["after_pinyin"]
    print(f"pinyin table, fetched after the map is ready: {p['raw']:,} raw, {p['gzip']:,} gzip, {p['br']:,} brotli")
print(f"written to {out}")
