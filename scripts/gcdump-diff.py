#!/usr/bin/env python3
"""What a heap grew by, type by type, between two `dotnet-gcdump report` outputs, per unit (e.g. per resident).

usage: gcdump-diff.py BEFORE.txt AFTER.txt UNITS [ROWS]
Each report line gives a type's average object size and count (large objects apart, by size band); a type's
bytes are their product. Types from CertOrleans assemblies, with the strings, PNG bytes and save locks they hold,
are summed apart from the rest (Orleans' activations, directory and caches, and the runtime).
"""
import collections, re, sys

LINE = re.compile(r'\s*([\d,]+)\s+([\d,]+)\s+(.*?)\s*(\(Bytes > [^)]*\))?\s*\[([^\]]*)\]\s*$')
# Held by our grains though declared elsewhere: the record's strings, the seal impression's PNG, ProtectedState's save lock.
OURS_BY_NAME = {'System.String', 'System.Byte[] (Bytes > 1K)', 'System.Threading.SemaphoreSlim'}


def load(path):
    sizes = collections.Counter()
    for line in open(path, encoding='utf-8'):
        match = LINE.match(line)
        if match:
            name = match.group(3).strip() + (' ' + match.group(4) if match.group(4) else '')
            sizes[name] += int(match.group(1).replace(',', '')) * int(match.group(2).replace(',', ''))
    return sizes


before, after, units = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 40
growth = collections.Counter({name: after[name] - before[name] for name in set(before) | set(after)})
ours = sum(v for name, v in growth.items() if 'CertOrleans' in name or name in OURS_BY_NAME)
total = sum(growth.values())
print(f'growth {total:,} bytes = {total / units:,.0f} a unit: ours {ours / units:,.0f}, the rest {(total - ours) / units:,.0f}')
for name, value in growth.most_common(rows):
    owner = 'ours' if 'CertOrleans' in name or name in OURS_BY_NAME else ''
    print(f'{value / units:9.1f} {owner:5} {name[:140]}')
