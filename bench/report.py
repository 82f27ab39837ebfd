#!/usr/bin/env python3
"""Merges the raw results bench/run collected into bench-results.json and prints the table.

Usage: report.py RAW_DIR OUT_JSON. RAW_DIR holds gbench-<binary>.json (Google Benchmark's JSON,
medians of repetitions), driver-<name>.json (rows from the load drivers) and, after --build,
build_clean.json. Every row is {"name", "value", "unit", "baseline", "baseline_value",
"ratio", ...}; "ratio_is" says whether ratio is value/baseline_value (throughput) or
baseline_value/value (time, memory): in both cases a larger ratio is better.
"""
import json
import pathlib
import sys

NS_PER = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}

# Rows taken from Google Benchmark medians: name, binary, benchmark, baseline benchmark,
# unit, target text, predicate on (value, ratio).
GBENCH_ROWS = [
    ("engine_start", "kubefake_engine_bench", "BM_EngineStart", None, "ms",
     "median <= 5 ms", lambda v, r: v <= 5),
    ("inproc_get", "kubefake_client_bench", "BM_InprocGet", "BM_BaselinePodParseDump", "ops/s",
     ">= 200000 ops/s", lambda v, r: v >= 200_000),
    ("inproc_create", "kubefake_client_bench", "BM_InprocCreate", "BM_BaselinePodParseDump",
     "ops/s", ">= 50000 ops/s", lambda v, r: v >= 50_000),
    ("inproc_update", "kubefake_client_bench", "BM_InprocUpdate", "BM_BaselinePodParseDump",
     "ops/s", "report", None),
    ("inproc_list100", "kubefake_client_bench", "BM_InprocList100",
     "BM_BaselinePodList100ParseDump", "ops/s", "report", None),
    ("fake_clientset_new", "kubefake_client_bench", "BM_FakeClientsetNew", None, "ms",
     "median <= 5 ms", lambda v, r: v <= 5),
    ("informer_sync_10k_inproc", "kubefake_informer_bench",
     "BM_InformerSync10kInProcess/manual_time", None, "ms", "median <= 200 ms",
     lambda v, r: v <= 200),
    ("informer_sync_10k_http", "kubefake_informer_bench", "BM_InformerSync10kHttp/manual_time",
     None, "ms", "median <= 1 s", lambda v, r: v <= 1000),
]


def medians(raw):
    """{binary: {benchmark: median real time in ns}} from every gbench-*.json."""
    out = {}
    for path in sorted(raw.glob("gbench-*.json")):
        binary = path.stem[len("gbench-"):]
        try:
            doc = json.loads(path.read_text())
        except json.JSONDecodeError:
            print(f"warning: {path.name} is not JSON (the binary failed)", file=sys.stderr)
            continue
        for b in doc.get("benchmarks", []):
            if b.get("aggregate_name", "median") != "median" or "error_occurred" in b:
                continue
            name = b.get("run_name", b["name"])
            out.setdefault(binary, {})[name] = b["real_time"] * NS_PER[b["time_unit"]]
    return out


def row(name, value, unit, baseline=None, baseline_value=None, higher_is_better=True,
        target="report", meets=None, **extra):
    r = {"name": name, "value": value, "unit": unit, "baseline": baseline,
         "baseline_value": baseline_value, "ratio": None}
    if baseline is not None and value and baseline_value:
        r["ratio"] = value / baseline_value if higher_is_better else baseline_value / value
        r["ratio_is"] = "value/baseline_value" if higher_is_better else "baseline_value/value"
    r["target"] = target
    r["meets"] = meets
    r.update(extra)
    return r


def gbench_rows(med):
    rows, used = [], set()
    for name, binary, bench, base, unit, target, check in GBENCH_ROWS:
        ns = med.get(binary, {}).get(bench)
        if ns is None:
            rows.append(row(name, None, unit, target=target, note=f"{binary} {bench} did not run"))
            continue
        used.add((binary, bench))
        value = 1e9 / ns if unit == "ops/s" else ns / NS_PER[unit]
        base_value = None
        if base is not None:
            used.add((binary, base))
            base_ns = med.get(binary, {}).get(base)
            base_value = 1e9 / base_ns if base_ns else None
        r = row(name, value, unit, f"one JSON parse+dump of the same object ({base})" if base else None,
                base_value, target=target)
        if check is not None:
            r["meets"] = bool(check(value, r["ratio"]))
        rows.append(r)
    # Every other benchmark (the protobuf, api and engine micro-benchmarks...), as measured.
    for binary, benches in sorted(med.items()):
        for bench, ns in benches.items():
            if (binary, bench) not in used:
                rows.append(row(f"{binary}/{bench}", ns / 1e3, "us"))
    return rows


def fmt(value, unit=""):
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def main():
    raw, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    med = medians(raw)
    gb = gbench_rows(med)
    named = [r for r in gb if "/" not in r["name"]]
    micro = [r for r in gb if "/" in r["name"]]
    drivers = []
    for path in sorted(raw.glob("driver-*.json")):
        try:
            drivers += json.loads(path.read_text())
        except json.JSONDecodeError:
            drivers.append(row(path.stem[len("driver-"):], None, "", note="the driver failed; see its stderr"))
    rows = named + drivers
    build = raw / "build_clean.json"
    if build.exists():
        rows += json.loads(build.read_text())
    else:
        rows.append(row("build_clean", None, "s", target="report; <= 600 s",
                        note="not run: bench/run --build measures it (minutes)"))
    rows += micro
    out.write_text(json.dumps(rows, indent=2) + "\n")

    print(f"{'name':<24} {'value':>16} {'baseline':>16} {'ratio':>7}  {'target':<34} meets")
    for r in rows:
        if "/" in r["name"]:
            continue
        meets = {True: "yes", False: "NO", None: ""}[r["meets"]]
        note = r.get("note", "")
        print(f"{r['name']:<24} {fmt(r['value'], r['unit']):>16} "
              f"{fmt(r['baseline_value'], r['unit']):>16} "
              f"{fmt(r['ratio']) if r['ratio'] is not None else '-':>7}  {r['target']:<34} {meets} {note}")
    print(f"\n{len(micro)} further Google Benchmark medians are in {out.name}.")
    print("ratio: value/baseline for ops/s and req/s, baseline/value for times and memory; "
          "higher is better.")


if __name__ == "__main__":
    main()
