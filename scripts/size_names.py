#!/usr/bin/env python3
"""What the shipped wasm is made of, by name: top items and a per-crate estimate.

The shipped wasm has no names (wasm-opt strips them). The release build leaves
the wasm-bindgen output, names included, in target/wasm-split/release/bindgen/
(the split build's main module, scripts/split_wasm.py) or, without split points,
Trunk's in target/wasm-bindgen/release/; this
runs the same wasm-opt level and parameters as index.html on it with --debuginfo
(names kept, code otherwise the same: its size without the name section matches
the shipped file within a few hundred bytes, printed below), then asks twiggy.

Writes target/size-twiggy.txt: the top 25 items by shallow size, then an estimate
per crate. Needs `twiggy` (scripts/install-tools.sh --size) and npm's wasm-opt.

Usage: python3 scripts/size_names.py [DIST] [OUT]
"""
import html.parser
import json
import pathlib
import re
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "dist")
out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else REPO / "target" / "size-twiggy.txt")
names_wasm = REPO / "target" / "size-names.wasm"
TOP = 25


class RustLink(html.parser.HTMLParser):
    """The data-wasm-opt attributes of index.html's rust link."""

    level, params = "", []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "rust" and "data-trunk" in a:
            # The split build runs wasm-opt itself (data-qk-wasm-opt); Trunk's is off.
            self.level = a.get("data-qk-wasm-opt") or a.get("data-wasm-opt") or ""
            self.params = (a.get("data-wasm-opt-params") or "").split()


def crate_of(name):
    """The crate an item most likely comes from (an estimate: generic code is
    instantiated where it is used, a closure shim is named after `core`)."""
    if name.startswith("data segment") or name.startswith("data["):
        return "(data: strings, tables, the embedded GeoJSON)"
    if name.startswith("custom section") or name.startswith('"'):
        return "(sections)"
    if name.startswith("import ") or name.startswith("export ") or name in ("table", "memory", "elem"):
        return "(imports, exports, tables)"
    m = re.match(r"<.*? as ([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
    if m:
        return m.group(1)
    if re.match(r"<(?:str|char|\[?[iuf](?:8|16|32|64|128|size)\]?|bool)>::", name):
        return "core"
    m = re.match(r"[<&{ ]*(?:mut )?(?:dyn )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
    return m.group(1) if m else "(other)"


def main():
    shipped = sorted(dist.glob("*_bg.wasm"))
    source = sorted((REPO / "target" / "wasm-split" / "release" / "bindgen").glob("*_bg.wasm"))
    if not source:
        source = sorted((REPO / "target" / "wasm-bindgen" / "release").glob("*_bg.wasm"))
    if len(shipped) != 1 or len(source) != 1:
        sys.exit("size_names: expected one *_bg.wasm in %s and in target/wasm-bindgen/release "
                 "(run a release build first)" % dist)
    if source[0].stat().st_mtime > shipped[0].stat().st_mtime:
        sys.exit("size_names: target/wasm-bindgen is newer than %s: rebuild" % shipped[0])
    link = RustLink()
    link.feed((REPO / "index.html").read_text(encoding="utf-8"))
    subprocess.run(["wasm-opt", "-O" + link.level, *link.params, "--debuginfo",
                    str(source[0]), "-o", str(names_wasm)], check=True)
    items = json.loads(subprocess.run(["twiggy", "top", "-f", "json", str(names_wasm)],
                                      check=True, capture_output=True, text=True).stdout)
    # The name section exists only in this copy.
    items = [i for i in items if not re.fullmatch(r'".* names?" subsection', i["name"])]
    total = sum(i["shallow_size"] for i in items)
    shipped_size = shipped[0].stat().st_size

    lines = [
        "Shipped wasm %s: %s bytes. Names from a copy built with the same wasm-opt "
        "(-O%s %s--debuginfo): %s bytes without its name section."
        % (shipped[0].name, f"{shipped_size:,}", link.level,
           "".join(p + " " for p in link.params), f"{total:,}"),
        "",
        "Top %d items (shallow bytes, raw; brotli shrinks code about 3x):" % TOP,
        "%10s %6s  %s" % ("bytes", "%", "item"),
    ]
    for i in items[:TOP]:
        name = i["name"] if len(i["name"]) <= 140 else i["name"][:137] + "..."
        lines.append("%10s %5.1f%%  %s" % (f"{i['shallow_size']:,}", 100 * i["shallow_size"] / total, name))
    by_crate = {}
    for i in items:
        c = crate_of(i["name"])
        by_crate[c] = by_crate.get(c, 0) + i["shallow_size"]
    lines += ["", "By crate (an estimate: generic code counts where its impl is written; "
              "closures called through `core` shims count as core):",
              "%10s %6s  %s" % ("bytes", "%", "crate")]
    for c, n in sorted(by_crate.items(), key=lambda kv: -kv[1])[:TOP]:
        lines.append("%10s %5.1f%%  %s" % (f"{n:,}", 100 * n / total, c))
    text = "\n".join(lines) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text + "written to %s" % out)


if __name__ == "__main__":
    main()
