#!/usr/bin/env python3
"""Where a process's CPU went, from `perf script` output: each sample counted once, by who owns the function it was
in (a .NET assembly for JIT-compiled code, otherwise the native library or the kernel). Usage: perf-groups.py FILE"""
import collections
import re
import sys

GROUPS = [  # assembly name prefix -> group, first match wins
    ("CertOrleans.Rendering", "ours: rendering"), ("zxing", "ours: rendering"), ("CertOrleans", "ours: other"),
    ("Orleans", "Orleans"), ("Microsoft.AspNetCore", "ASP.NET Core"), ("OpenTelemetry", "metrics (OpenTelemetry)"),
    ("System.Diagnostics.DiagnosticSource", "metrics (OpenTelemetry)"), ("System.Text.Json", "System.Text.Json"),
    ("System.Net", "sockets, TLS streams, pipelines"), ("System.IO.Pipelines", "sockets, TLS streams, pipelines"),
    ("Microsoft.Data.Sqlite", "SQLite"), ("SQLitePCL", "SQLite"), ("Npgsql", "PostgreSQL client"),
    ("Microsoft.Extensions", "Microsoft.Extensions"), ("System", ".NET base libraries (collections, async, text)"),
]
NATIVE = [("kernel", "kernel"), ("Compression.Native", "zlib"), ("libcrypto", "OpenSSL"), ("libssl", "OpenSSL"),
          ("libcoreclr", ".NET runtime (GC, JIT, type system)"), ("libclrjit", ".NET runtime (GC, JIT, type system)"),
          ("libc.so", "libc (memset, malloc, locks)"), ("sqlite3", "SQLite")]


def group(leaf):
    dso = re.search(r"\(([^)]*)\)\s*$", leaf)
    dso = dso.group(1) if dso else "?"
    assembly = re.search(r"\[([A-Za-z][\w.]*)\]\s", leaf)
    if "perf-" in dso or "[JIT]" in leaf:
        if not assembly:
            return ".NET runtime stubs"
        return next((g for prefix, g in GROUPS if assembly.group(1).startswith(prefix)), assembly.group(1))
    return next((g for key, g in NATIVE if key in dso), dso.rsplit("/", 1)[-1])


counts, total = collections.Counter(), 0
for block in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n"):
    lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
    if len(lines) < 2:
        continue
    total += 1
    counts[group(lines[1])] += 1
for name, count in counts.most_common():
    if count * 200 >= total:  # at least 0.5 %
        print(f"{100 * count / total:5.1f} %  {name}")
print(f"({total} samples)")
