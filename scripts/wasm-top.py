#!/usr/bin/env python3
"""Largest functions in a wasm file with a name section (a small stand-in for twiggy top).
Usage: scripts/wasm-top.py file.wasm [count]
       scripts/wasm-top.py --parts file.wasm [shipped-gzip-bytes]   (see scripts/size-parts.sh)"""
import gzip, os, re, sys
from collections import Counter, defaultdict

args = [a for a in sys.argv[1:] if a != "--parts"]
parts_mode = "--parts" in sys.argv
data = open(args[0], "rb").read()
count = int(args[1]) if len(args) > 1 and not parts_mode else 40

def leb(i):
    r = s = 0
    while True:
        b = data[i]; i += 1; r |= (b & 0x7F) << s; s += 7
        if b < 0x80: return r, i

EXPORTS = {"mount": "web::mount", "validateConfig": "web::mount", "checklist": "web::checklist"}


def crate_of(name):
    """The crate a function comes from: the first path segment of its name, with the
    `[hash]` that std's crates carry (`core[c5930c85a12de822]::fmt`) left out."""
    m = re.search(r"(?:<)?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
    return m.group(1) if m else "?"


def part(name):
    """The part of the product a function belongs to: a firstvalue module (a generic
    instantiated for one of its types counts as that module), or a dependency."""
    m = re.search(r"firstvalue::((?:core|web|report)::[a-z_0-9]+)", name)
    if m:
        return m.group(1)
    if "shim" in name:
        head = re.split(r"[_ ]", name)[0]
        return EXPORTS.get(head, "wasm-bindgen shims")
    crate = crate_of(name)
    return {
        "alloc": "Rust std (alloc, core, fmt, panics)", "core": "Rust std (alloc, core, fmt, panics)",
        "std": "Rust std (alloc, core, fmt, panics)", "__rustc": "Rust std (alloc, core, fmt, panics)",
        "wasm_bindgen": "wasm-bindgen, js-sys, web-sys", "js_sys": "wasm-bindgen, js-sys, web-sys",
        "web_sys": "wasm-bindgen, js-sys, web-sys", "serde_core": "serde, serde-wasm-bindgen",
        "serde": "serde, serde-wasm-bindgen", "serde_wasm_bindgen": "serde, serde-wasm-bindgen",
        "talc": "talc (allocator)", "gloo_events": "gloo", "gloo_timers": "gloo",
    }.get(crate, "other (unnamed, runtime)")


def stylesheet(seg):
    """The minified widget CSS in the data: from `:host{` to the last top-level `}` before
    the next control byte, accepted only if it names every custom property style.css does."""
    start = seg.find(b":host{")
    if start < 0:
        return None
    depth, end, j = 0, None, start
    while j < len(seg) and seg[j] >= 32 and depth >= 0:
        depth += {ord("{"): 1, ord("}"): -1}.get(seg[j], 0)
        if depth == 0 and seg[j] == ord("}"):
            end = j + 1
        j += 1
    css = seg[start:end] if end else b""
    here = os.path.dirname(os.path.abspath(__file__))
    source = open(os.path.join(here, "..", "src", "web", "style.css"), "rb").read()
    wanted = set(re.findall(rb"--fv-[a-z-]+", source))
    return css if css and all(w in css for w in wanted) else None


def parts_report():
    """Code bytes per part, each part's bodies gzipped on their own (what it would weigh
    alone), and that weight scaled so the parts and the data add up to the shipped gzip."""
    groups = defaultdict(list)
    for n, (a, b) in enumerate(spans):
        groups[part(names.get(imports + n, ""))].append(data[a:b])
    seg = b"".join(datas)
    rows = [(k, len(v), sum(map(len, v)), len(gzip.compress(b"".join(v), 9))) for k, v in groups.items()]
    css = stylesheet(seg)
    rest = seg
    if css:
        rows.append(("data: the stylesheet", 1, len(css), len(gzip.compress(css, 9))))
        rest = seg.replace(css, b"")
    rows.append(("data: messages, names, tables", 1, len(rest), len(gzip.compress(rest, 9))))
    alone = sum(r[3] for r in rows)
    # Without the shipped size, the parts are shown as they weigh alone (not scaled).
    shipped = int(args[1]) if len(args) > 1 else alone
    print(f"{'part':38} {'functions':>9} {'raw':>8} {'gzip alone':>10} {'share of ' + str(shipped) + ' B gzip':>22}")
    for k, n, raw, gz in sorted(rows, key=lambda r: -r[3]):
        print(f"{k:38} {n:9d} {raw:8d} {gz:10d} {round(gz * shipped / alone):15d} {100 * gz / alone:5.1f}%")


i, imports, bodies, names, spans, datas = 8, 0, [], {}, [], []
while i < len(data):
    sid = data[i]; size, i = leb(i + 1); end = i + size
    if sid == 2:  # imports: count function imports
        n, j = leb(i)
        for _ in range(n):
            for _ in range(2):
                l, j = leb(j); j += l
            kind = data[j]; j += 1
            if kind == 0: _, j = leb(j); imports += 1
            elif kind == 1: j += 1; fl, j = leb(j); _, j = leb(j); j = leb(j)[1] if fl & 1 else j
            elif kind == 2: fl, j = leb(j); _, j = leb(j); j = leb(j)[1] if fl & 1 else j
            elif kind == 3: j += 2
    elif sid == 10:
        n, j = leb(i)
        for _ in range(n):
            l, j = leb(j); bodies.append(l); spans.append((j, j + l)); j += l
    elif sid == 11:
        datas.append(data[i:end])
    elif sid == 0:
        l, j = leb(i); name = data[j:j + l].decode(); j += l
        if name == "name":
            while j < end:
                sub = data[j]; sl, j = leb(j + 1); se = j + sl
                if sub == 1:
                    n, k = leb(j)
                    for _ in range(n):
                        idx, k = leb(k); nl, k = leb(k); names[idx] = data[k:k + nl].decode("utf8", "replace"); k += nl
                j = se
    i = end

total = sum(bodies)
if parts_mode:
    parts_report()
    sys.exit(0)
rows = sorted(((b, names.get(imports + n, f"func[{imports + n}]")) for n, b in enumerate(bodies)), reverse=True)
print(f"code: {total} bytes in {len(bodies)} functions")
for b, n in rows[:count]:
    print(f"{b:8d} {100*b/total:5.1f}%  {n[:130]}")
crates = Counter()
for b, n in rows:
    crates[crate_of(n)] += b
print("\nby crate:")
for c, b in crates.most_common(15):
    print(f"{b:8d} {100*b/total:5.1f}%  {c}")
