#!/usr/bin/env python3
"""Trunk post-build hook: cut the wasm into the first view's module and chunks.

Why: the panels the first view does not need (src/components/lazy.rs,
`split_point!`) are `#[wasm_split]` functions; the linked wasm imports them
from the placeholder module `__wasm_split_placeholder__`, which no browser can
satisfy. Trunk cannot split (trunk-rs issue 1022): it runs wasm-bindgen and
wasm-opt on the whole wasm. So this hook starts again from cargo's output,
linked with `--emit-relocs` (build.rs, feature `split`):

  wasm-split-cli  qikai-map.wasm -> the main module, one module per split
                  point (split_<name>), chunk_<n> for code shared by several,
                  and __wasm_split.js, the loader the main module imports (put
                  into the glue, one module less for the first view)
  wasm-bindgen    on the main module only (--keep-lld-exports: the chunks
                  import the table, memory and functions by their lld names)
  wasm-opt        on every module, with the flags of index.html's rust link
                  (data-qk-wasm-opt, data-wasm-opt-params; release builds, as
                  Trunk does; Trunk's own wasm-opt is off: data-wasm-opt="0")

and replaces Trunk's glue and wasm in the staging folder. File names carry a
hash of cargo's wasm (the glue names the chunks, so one hash, known before
any file is written, names the whole build): qikai-map-<h>.js (the glue, with
the loader put into it), qikai-map-<h>_bg.wasm and
qikai-map-<h>.<chunk>.chunk.wasm. The integrity
attributes Trunk wrote into index.html are recomputed for the new files, and
csp_boot.py (the next hook) reads the names from the inline loader as before.

A wasm without split points (a build without the feature) keeps Trunk's glue
and wasm; only wasm-opt runs here.
"""
import base64
import hashlib
import html as html_text
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLACEHOLDER = b"__wasm_split_placeholder__"
LINK = "./__wasm_split.js"
WASM_OPT_VERSION = "132"

# The chunk loader the build ships (see 4b below): wasm-split-cli's own
# getSharedImports, wrapAsyncCb and makeLoad, kept as it wrote them, then this
# in place of its one block per module: modules named by number, each split
# point's shared chunks in a table (which also says what is in its pack).
LOADER_TAIL = """// Packs and modules (scripts/split_wasm.py, 4b).
const __qkName = __QK_NAME__ + ".";
const __qkDeps = __QK_DEPS__;
const __qkStarted = new Set();
const __qkFromPack = new Map();
function __qkUnpack(buf) {
    const view = new DataView(buf);
    if (buf.byteLength < 8 || view.getUint32(0, true) !== 0x4b504b51) throw new Error("not a pack of wasm modules");
    const n = view.getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n)));
    const modules = new Map();
    let at = 8 + n;
    for (const [file, length] of header) { modules.set(file, buf.slice(at, at + length)); at += length; }
    if (at !== buf.byteLength) throw new Error("a pack of wasm modules cut short");
    return modules;
}
function __qkFetch(file) {
    __qkStarted.add(file);
    const alone = () => {
        const response = fetch(new URL("./" + file, import.meta.url));
        response.catch(() => __qkStarted.delete(file));
        return response;
    };
    const fromPack = __qkFromPack.get(file);
    if (fromPack === undefined) return alone();
    __qkFromPack.delete(file);
    // No pack (a host that copied only the modules, a dropped connection):
    // the module alone.
    return fromPack.then((bytes) => new Response(bytes, { headers: { "content-type": "application/wasm" } }), alone);
}
function __qkModule(file, deps) {
    return makeLoad(() => {
        const src = __qkFetch(file);
        src.catch(() => {});
        return async (imports) => __QK_INSTANTIATE__;
    }, deps);
}
const __qkChunks = new Map();
function __qkChunk(n) {
    if (!__qkChunks.has(n)) __qkChunks.set(n, __qkModule(__qkName + "chunk_" + n + ".chunk.wasm", []));
    return __qkChunks.get(n);
}
// A split point's loader: its pack is fetched first unless at most one of its
// modules is still to fetch; what a pack does not bring is fetched alone.
function __qkSplit(split) {
    const own = __qkName + "split_" + split + ".chunk.wasm";
    const packFile = __qkName + "split_" + split + ".pack.wasm";
    const files = [own, ...__qkDeps[split].map((n) => __qkName + "chunk_" + n + ".chunk.wasm")];
    const load = __qkModule(own, __qkDeps[split].map(__qkChunk));
    return wrapAsyncCb(() => {
        const wanted = files.filter((f) => !__qkStarted.has(f) && !__qkFromPack.has(f));
        if (wanted.length > 1) {
            const pack = fetch(new URL("./" + packFile, import.meta.url))
                .then((r) => { if (!r.ok) throw new Error(r.status + " " + r.url); return r.arrayBuffer(); })
                .then(__qkUnpack);
            for (const f of wanted) {
                const one = pack.then((modules) => {
                    const bytes = modules.get(f);
                    if (bytes === undefined) throw new Error(f + " is not in " + packFile);
                    return bytes;
                });
                // Not taken yet when the pack failed: wanted again by the next attempt.
                one.catch(() => { if (__qkFromPack.get(f) === one) { __qkFromPack.delete(f); __qkStarted.delete(f); } });
                __qkFromPack.set(f, one);
            }
        }
        return load();
    });
}
"""


def fail(message):
    sys.exit(f"split_wasm: {message}")


def run(*args):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def reintegrity(page, stage):
    """`page` with the integrity attribute of every <link> recomputed from the file it names."""

    def one(tag):
        href = re.search(r'href="(?:\./)?([^"]+)"', tag.group(0))
        if not href or "integrity=" not in tag.group(0):
            return tag.group(0)
        path = stage / html_text.unescape(href.group(1))
        if not path.exists():
            return tag.group(0)
        return re.sub(r'integrity="[^"]*"', f'integrity="{sri(path.read_bytes())}"', tag.group(0))

    return re.sub(r"<link\b[^>]*>", one, page)


def wasm_opt_flags():
    """wasm-opt's flags from index.html's rust link: data-qk-wasm-opt (the level; Trunk's
    own data-wasm-opt is "0", as its wasm-opt would only work on a wasm thrown away here)
    and data-wasm-opt-params. None for a debug build, as Trunk does."""
    if profile != "release":
        return None
    version = run("wasm-opt", "--version")
    if f"version {WASM_OPT_VERSION}" not in version:
        fail(f"wasm-opt is {version.strip()!r}, binaryen {WASM_OPT_VERSION} needed (npm; make tools)")
    link = re.search(r'<link data-trunk rel="rust"[^>]*>', (ROOT / "index.html").read_text(encoding="utf-8"))
    level = re.search(r'data-qk-wasm-opt="([^"]+)"', link.group(0)) if link else None
    params = re.search(r'data-wasm-opt-params="([^"]*)"', link.group(0)) if link else None
    if not level:
        fail('index.html\'s rust link has no data-qk-wasm-opt="<level>"')
    return [f"-O{level.group(1)}"] + (params.group(1).split() if params else [])


stage = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"))
profile = os.environ.get("TRUNK_PROFILE", "release")
target_dir = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
source = target_dir / "wasm32-unknown-unknown" / profile / "qikai-map.wasm"
if not source.exists():
    fail(f"no cargo output at {source}")
wasm_in = source.read_bytes()

index = stage / "index.html"
page = index.read_text(encoding="utf-8")
inline = re.search(r"import init, \* as bindings from '(?:\./|/)?([^']+\.js)';", page)
old_wasm = re.search(r"module_or_path: '(?:\./|/)?([^']+\.wasm)'", page)
if not inline or not old_wasm:
    fail("Trunk's inline loader not found in index.html")
old_js, old_wasm = inline.group(1), old_wasm.group(1)

flags = wasm_opt_flags()
if PLACEHOLDER not in wasm_in:
    # A build without the feature `split`: Trunk's glue and wasm, optimised here.
    if flags:
        run("wasm-opt", *flags, stage / old_wasm, "-o", stage / old_wasm)
        index.write_text(reintegrity(page, stage), encoding="utf-8")
    print("split_wasm: no split points in the wasm (feature `split` off): Trunk's wasm kept")
    sys.exit(0)
if b"__wasm_split_unstable" not in wasm_in:
    fail("the wasm has split points but no wasm-split marker section")

# This script's own bytes too: it writes the glue's loader and the packs.
name = "qikai-map-" + hashlib.sha256(wasm_in + pathlib.Path(__file__).read_bytes()).hexdigest()[:16]
work = target_dir / "wasm-split" / profile
shutil.rmtree(work, ignore_errors=True)
split_dir, bindgen_dir = work / "split", work / "bindgen"

# 1. Split. The loader imports the glue as ./<name>.js (--out-name).
run("wasm-split-cli", source, split_dir, "--out-name", name)
link_js = (split_dir / "__wasm_split.js").read_text(encoding="utf-8")
chunks = sorted(p for p in split_dir.glob("*.wasm") if p.name != f"{name}.wasm")

# 2. wasm-bindgen on the main module, as Trunk calls it, keeping lld's exports.
run("wasm-bindgen", split_dir / f"{name}.wasm", "--target", "web", "--no-typescript", "--keep-lld-exports",
    "--out-dir", bindgen_dir, "--out-name", name)
glue = (bindgen_dir / f"{name}.js").read_text(encoding="utf-8")
main_wasm = bindgen_dir / f"{name}_bg.wasm"

# 3. wasm-opt on every module (release), into opt/: the bindgen output stays as it is,
# names and target features included, for scripts/size_names.py (make size).
if flags:
    (work / "opt").mkdir(parents=True, exist_ok=True)
    optimised = []
    for wasm in [main_wasm] + chunks:
        out = work / "opt" / wasm.name
        run("wasm-opt", *flags, wasm, "-o", out)
        optimised.append(out)
    main_wasm, chunks = optimised[0], optimised[1:]

# 4. Into the staging folder, under this build's names.
renamed = {}
for chunk in chunks:
    new = f"{name}.{chunk.stem}.chunk.wasm"
    quoted = f'"./{chunk.name}"'
    if quoted not in link_js:
        fail(f"{chunk.name} is not named in __wasm_split.js")
    link_js = link_js.replace(quoted, f'"./{new}"')
    renamed[chunk] = new

# 4b. Packs: a split point's module and every shared chunk it needs in one file,
# `<name>.split_<x>.pack.wasm`, fetched once when the split point is first
# loaded. Why: wasm-split-cli cuts a chunk for each set of split points that
# share code, so opening the details meant 17 requests (three rounds of six
# connections over HTTP/1.1, 150 ms each on the phone bench). The loader asks
# for the pack unless at most one of its modules is still to fetch (the rest
# came with an earlier pack); a module it cannot take from a pack (none, or it
# failed: a host that copied only the modules) is fetched alone as before. Named .wasm (it holds only wasm modules) so a host that
# compresses and caches the wasm does the same for it. Layout: "QKPK", the
# header's length (u32 LE), a JSON header [[module file, bytes], ...], then the
# modules' bytes in that order.
# wasm-split-cli's loader is checked block by block against the shape this
# rewrites (any change in its output stops the build here), and its
# per-module blocks are replaced by LOADER_TAIL, which is shorter on the first
# view's path.
FETCHER = (r'makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);\n'
           r'\s*src\.catch\(\(\) => \{\}\);\n\s*return async \(imports\) => (\(|debugWrap\()WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[([^\]]*)\]\)')
chunk_block = re.compile(r'^(?:/\* [^*]* \*/\n)?const (__chunk_(\d+)) = ' + FETCHER + r';\n', re.M)
split_block = re.compile(r'^export const __wasm_split_load_(\w+) = wrapAsyncCb\(' + FETCHER + r'\);\n', re.M)
chunk_file = {}
wraps = set()  # how it instantiates: "(" as is, "debugWrap(" in a debug build
for m in chunk_block.finditer(link_js):
    var, number, file, wrap, deps = m.groups()
    wraps.add(wrap)
    if deps.strip() or file != f"{name}.chunk_{number}.chunk.wasm":
        fail(f"{var}: a shared chunk with dependencies or an unexpected name ({file})")
    chunk_file[var] = (int(number), file)
splits = {}
for m in split_block.finditer(link_js):
    split, file, wrap, deps = m.groups()
    wraps.add(wrap)
    if file != f"{name}.split_{split}.chunk.wasm":
        fail(f"split point {split}'s module is {file}")
    splits[split] = [chunk_file[d.strip()] for d in deps.split(",") if d.strip()]
if not splits or len(wraps) != 1:
    fail(f"__wasm_split.js: no split point's loader of the expected shape, or several ways to instantiate ({wraps})")
prelude_end = min(m.start() for m in list(chunk_block.finditer(link_js)) + list(split_block.finditer(link_js)))
prelude, blocks = link_js[:prelude_end], link_js[prelude_end:]
rest = split_block.sub("", chunk_block.sub("", blocks)).strip()
if rest or len(chunk_file) + len(splits) != len(renamed) or not splits:
    fail(f"__wasm_split.js has more than its modules' blocks (wasm-split-cli changed?): {rest[:200]!r}")
for needed in ("function getSharedImports(", "function wrapAsyncCb(", "function makeLoad("):
    if needed not in prelude:
        fail(f"__wasm_split.js lacks {needed}")
by_name = {new: chunk for chunk, new in renamed.items()}
packs = {}
for split, deps in splits.items():
    files = [f"{name}.split_{split}.chunk.wasm"] + [file for _, file in deps]
    modules = [(f, by_name[f].read_bytes()) for f in files]
    header = json.dumps([[f, len(b)] for f, b in modules], separators=(",", ":")).encode()
    packs[split] = (f"{name}.split_{split}.pack.wasm", b"QKPK" + struct.pack("<I", len(header)) + header + b"".join(b for _, b in modules))
deps_table = json.dumps({split: [n for n, _ in deps] for split, deps in splits.items()}, separators=(",", ":"))
instantiate = "(WebAssembly.instantiateStreaming(src, imports))" if wraps == {"("} else "debugWrap(WebAssembly.instantiateStreaming(src, imports))"
if "debugWrap(" in wraps and "function debugWrap(" not in prelude:
    fail("__wasm_split.js uses debugWrap without defining it")
link_js = (prelude.rstrip() + "\n"
           + LOADER_TAIL.replace("__QK_NAME__", json.dumps(name)).replace("__QK_DEPS__", deps_table).replace("__QK_INSTANTIATE__", instantiate)
           + "".join(f'export const __wasm_split_load_{split} = __qkSplit("{split}");\n' for split in splits))

# The loader goes into the glue itself: one module less for the first view to
# fetch and parse before it runs (the glue imported it, and it the glue). Its
# import of initSync from the glue goes (the same module now), its exports
# become one object, and the glue's `import * as importN from
# "./__wasm_split.js"` become that object (the import object's keys, the
# wasm's own module names, stay).
own_import = f'import {{ initSync }} from "./{name}.js";'
if link_js.count(own_import) != 1:
    fail(f"__wasm_split.js does not import initSync from ./{name}.js once (wasm-split-cli changed?)")
link_js = link_js.replace(own_import, "")
loaders = re.findall(r"^export const (\w+) = ", link_js, re.M)
if not loaders:
    fail("__wasm_split.js exports no loader")
link_js = re.sub(r"^export const ", "const ", link_js, flags=re.M)
declared = set(re.findall(r"^(?:let|const|var|function|async function|class)\s+([A-Za-z_$][\w$]*)", link_js, re.M))
clash = declared & set(re.findall(r"^(?:export\s+)?(?:let|const|var|function|async function|class)\s+([A-Za-z_$][\w$]*)", glue, re.M))
if clash:
    fail(f"the loader and the glue both declare {sorted(clash)}")
namespace = "__qk_wasm_split"
if namespace in glue or namespace in link_js:
    fail(f"{namespace} is already a name in the glue or the loader")
import_from = re.compile(r"""^import \* as (\w+) from (["'])""" + re.escape(LINK) + r"\2;?[ \t]*$""", re.M)
aliases = import_from.findall(glue)
if not aliases:
    fail(f"the glue does not import {LINK} (wasm-bindgen changed its output?)")
glue = import_from.sub("", glue)
if LINK.strip("./") in re.sub(r"""["']""" + re.escape(LINK) + r"""["']\s*:""", "", glue):
    fail(f"the glue still names {LINK} outside its import object")
inlined = (
    "// The wasm chunks' loader (wasm-split-cli, put here by scripts/split_wasm.py).\n"
    + link_js.strip()
    + f"\nconst {namespace} = {{ {', '.join(loaders)} }};\n"
    + "".join(f"const {alias} = {namespace};\n" for alias, _ in aliases)
    + "// The wasm-bindgen glue.\n"
)
glue = inlined + glue.lstrip("\n")

for old in (old_js, old_wasm):
    (stage / old).unlink(missing_ok=True)
(stage / f"{name}.js").write_text(glue, encoding="utf-8")
shutil.copyfile(main_wasm, stage / f"{name}_bg.wasm")
for chunk, new in renamed.items():
    shutil.copyfile(chunk, stage / new)
for file, pack in packs.values():
    (stage / file).write_bytes(pack)

# 5. index.html: the new names and their integrity.
page = page.replace(old_js, f"{name}.js").replace(old_wasm, f"{name}_bg.wasm")
page = reintegrity(page, stage)
index.write_text(page, encoding="utf-8")

sizes = ", ".join(f"{new} {(stage / new).stat().st_size:,} B" for new in renamed.values())
print(f"split_wasm: {name}_bg.wasm {(stage / f'{name}_bg.wasm').stat().st_size:,} B; chunks: {sizes or 'none'}")
