#!/usr/bin/env python3
"""Checks the Grafana dashboard: valid JSON, every panel has a query, and every query is PromQL that Prometheus
parses (promtool checks them as recording rules, since it has no offline query check). Run by ./test.sh."""
import json
import pathlib
import subprocess
import sys
import tempfile

here = pathlib.Path(__file__).parent
dashboard = json.loads((here / "certorleans-dashboard.json").read_text(encoding="utf-8"))
rules = []
for panel in dashboard["panels"]:
    targets = panel.get("targets") or []
    if not targets:
        sys.exit(f"panel '{panel['title']}' has no query")
    for target in targets:
        rules.append({"record": f"dashboard:panel{panel['id']}:{target['refId']}", "expr": target["expr"]})
with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
    json.dump({"groups": [{"name": "dashboard", "rules": rules}]}, f)
result = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
pathlib.Path(f.name).unlink()
if result.returncode != 0:
    sys.exit("a dashboard query does not parse:\n" + result.stdout + result.stderr)
print(f"dashboard: {len(dashboard['panels'])} panels, {len(rules)} queries, all parse")
