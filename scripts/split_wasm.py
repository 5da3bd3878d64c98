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
import os
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLACEHOLDER = b"__wasm_split_placeholder__"
LINK = "./__wasm_split.js"
WASM_OPT_VERSION = "132"


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

name = "qikai-map-" + hashlib.sha256(wasm_in).hexdigest()[:16]
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

# 5. index.html: the new names and their integrity.
page = page.replace(old_js, f"{name}.js").replace(old_wasm, f"{name}_bg.wasm")
page = reintegrity(page, stage)
index.write_text(page, encoding="utf-8")

sizes = ", ".join(f"{new} {(stage / new).stat().st_size:,} B" for new in renamed.values())
print(f"split_wasm: {name}_bg.wasm {(stage / f'{name}_bg.wasm').stat().st_size:,} B; chunks: {sizes or 'none'}")
