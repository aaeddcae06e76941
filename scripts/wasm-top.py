#!/usr/bin/env python3
"""Largest functions in a wasm file with a name section (a small stand-in for twiggy top).
Usage: scripts/wasm-top.py file.wasm [count]"""
import re, sys
from collections import Counter

data = open(sys.argv[1], "rb").read()
count = int(sys.argv[2]) if len(sys.argv) > 2 else 40

def leb(i):
    r = s = 0
    while True:
        b = data[i]; i += 1; r |= (b & 0x7F) << s; s += 7
        if b < 0x80: return r, i

i, imports, bodies, names = 8, 0, [], {}
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
            l, j = leb(j); bodies.append(l); j += l
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
rows = sorted(((b, names.get(imports + n, f"func[{imports + n}]")) for n, b in enumerate(bodies)), reverse=True)
print(f"code: {total} bytes in {len(bodies)} functions")
for b, n in rows[:count]:
    print(f"{b:8d} {100*b/total:5.1f}%  {n[:130]}")
crates = Counter()
for b, n in rows:
    m = re.search(r"(?:<)?([a-z_][a-z0-9_]*)::", n)
    crates[m.group(1) if m else "?"] += b
print("\nby crate:")
for c, b in crates.most_common(15):
    print(f"{b:8d} {100*b/total:5.1f}%  {c}")
