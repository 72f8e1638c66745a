#!/usr/bin/env python3
"""Compare two directories of keras_report.py output (e.g. Keras 3 goldens vs a --tf-keras run).

    python conformance/diff_reports.py conformance/golden /tmp/tf-keras-reports

Models are matched by variable name, layers by position. Prints a summary of the kinds
of difference (model names, layer names, layer types, output shapes, params, totals,
layer count), with examples, then the list of fixtures present on one side only.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path


def main(a_dir: str, b_dir: str) -> int:
    a_dir, b_dir = Path(a_dir), Path(b_dir)
    a_files = {p.name for p in a_dir.glob("*.json")}
    b_files = {p.name for p in b_dir.glob("*.json")}
    kinds = defaultdict(list)
    identical = 0
    for name in sorted(a_files & b_files):
        a, b = json.loads((a_dir / name).read_text()), json.loads((b_dir / name).read_text())
        fixture = name[:-5]
        before = sum(len(v) for v in kinds.values())
        b_models = {m["variable"]: m for m in b["models"]}
        for ma in a["models"]:
            mb = b_models.get(ma["variable"])
            where = f"{fixture}:{ma['variable']}"
            if mb is None:
                kinds["model missing"].append(where)
                continue
            if ma["name"] != mb["name"]:
                kinds["model name"].append(f"{where}: {ma['name']} vs {mb['name']}")
            if ma["kind"] != mb["kind"]:
                kinds["model kind"].append(f"{where}: {ma['kind']} vs {mb['kind']}")
            for key in ("totalParams", "trainableParams", "nonTrainableParams"):
                if ma[key] != mb[key]:
                    kinds[f"model {key}"].append(f"{where}: {ma[key]} vs {mb[key]}")
            if len(ma["layers"]) != len(mb["layers"]):
                kinds["layer count"].append(
                    f"{where}: {len(ma['layers'])} vs {len(mb['layers'])} "
                    f"({[l['name'] for l in ma['layers']]} vs {[l['name'] for l in mb['layers']]})")
                continue
            for la, lb in zip(ma["layers"], mb["layers"]):
                lw = f"{where}/{la['name']}"
                if la["name"] != lb["name"]:
                    kinds["layer name"].append(f"{lw}: {la['name']} vs {lb['name']}")
                if la["type"] != lb["type"]:
                    kinds["layer type"].append(f"{lw}: {la['type']} vs {lb['type']}")
                if la["outputShape"] != lb["outputShape"]:
                    kinds["output shape"].append(f"{lw} ({la['type']}): {la['outputShape']} vs {lb['outputShape']}")
                if la["params"] != lb["params"]:
                    kinds["layer params"].append(f"{lw} ({la['type']}): {la['params']} vs {lb['params']}")
                elif la["nonTrainableParams"] != lb["nonTrainableParams"]:
                    kinds["layer trainable split"].append(
                        f"{lw}: {la['trainableParams']}/{la['nonTrainableParams']} vs "
                        f"{lb['trainableParams']}/{lb['nonTrainableParams']}")
        if sum(len(v) for v in kinds.values()) == before:
            identical += 1
    print(f"{len(a_files & b_files)} fixtures compared, {identical} identical")
    for kind, items in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print(f"\n## {kind}: {len(items)}")
        for item in items[:12]:
            print(f"  {item}")
        if len(items) > 12:
            print(f"  ... {len(items) - 12} more")
    only_a, only_b = sorted(a_files - b_files), sorted(b_files - a_files)
    if only_a:
        print(f"\nonly in {a_dir}: {', '.join(n[:-5] for n in only_a)}")
    if only_b:
        print(f"\nonly in {b_dir}: {', '.join(n[:-5] for n in only_b)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
