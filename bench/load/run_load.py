#!/usr/bin/env python3
"""The load figures of docs/performance.md ("## Load"): starts govmetrics-index and
govmetrics-modeling from a build directory, builds provincial-size requests from the demo
panel (data/demo/study_panel.csv: 31 provinces x 7 years = 217 rows), and runs
loadgen.py for grpc.health.v1 Check (the RPC-path ceiling), ComputeIndex and
FitPanelModel at each concurrency. Prints a Markdown table with each method's throughput
as a ratio of the Check ceiling measured in the same run.

    PYTHONPATH=BUILD/python:clients/python /usr/bin/python3 bench/load/run_load.py \\
        --build BUILD [--duration 10] [--concurrency 1,8,32] [--soak 300]

--soak S additionally runs FitPanelModel at concurrency 8 for S seconds and reports the
modeling server's resident memory before and after (a leak shows as growth that does not
level off).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "hardening"))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import loadgen  # noqa: E402


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def build_requests(directory: str) -> dict:
    from google.protobuf import json_format
    from govmetrics.index.v1 import index_service_pb2
    from govmetrics.reporting.v1 import study_spec_pb2
    from hardening_harness import demo_panel, fit_request
    panel = demo_panel()
    with open(os.path.join(ROOT, "data", "demo", "study_spec_en.json"), encoding="utf-8") as f:
        spec = json_format.Parse(f.read(), study_spec_pb2.StudySpec())
    index = index_service_pb2.ComputeIndexRequest(panel=panel)
    index.indicators.extend(spec.explanatory.index.indicators)
    fit = fit_request(panel)
    paths = {}
    for name, message in (("compute_index", index), ("fit_panel_model", fit)):
        path = os.path.join(directory, f"{name}.bin")
        with open(path, "wb") as f:
            f.write(message.SerializeToString())
        paths[name] = path
    return paths


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True, help="build directory (with services/)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--soak", type=float, default=0.0)
    args = parser.parse_args()
    os.environ["GOVMETRICS_BUILD_DIR"] = args.build
    from hardening_harness import GovProcess, binary_path

    levels = [int(c) for c in args.concurrency.split(",")]
    work = tempfile.mkdtemp(prefix="govmetrics-load-")
    requests = build_requests(work)
    # The concurrency cap is raised above the highest load level so that the figures
    # measure throughput, not the cap.
    common = [f"--max_concurrent_rpcs={max(levels) * 2}"]
    index = GovProcess(binary_path("govmetrics-index"), *common).start()
    modeling = GovProcess(binary_path("govmetrics-modeling"), *common).start()
    rows = []
    try:
        for level in levels:
            for label, target, method, request in (
                    ("Health/Check (ceiling)", index.target, loadgen.HEALTH_CHECK, "-"),
                    ("ComputeIndex", index.target,
                     "/govmetrics.index.v1.IndexService/ComputeIndex", requests["compute_index"]),
                    ("FitPanelModel", modeling.target,
                     "/govmetrics.modeling.v1.ModelingService/FitPanelModel",
                     requests["fit_panel_model"])):
                result = loadgen.run(loadgen.parse_args([
                    "--target", target, "--method", method, "--request", request,
                    "--concurrency", str(level), "--duration", str(args.duration)]))
                result["label"] = label
                rows.append(result)
                print(json.dumps(result), file=sys.stderr, flush=True)
        soak = None
        if args.soak > 0:
            before = rss_mb(modeling.process.pid)
            result = loadgen.run(loadgen.parse_args([
                "--target", modeling.target, "--method",
                "/govmetrics.modeling.v1.ModelingService/FitPanelModel",
                "--request", requests["fit_panel_model"], "--concurrency", "8",
                "--duration", str(args.soak)]))
            soak = {"rss_start_mb": before, "rss_end_mb": rss_mb(modeling.process.pid),
                    **result}
            print(json.dumps(soak), file=sys.stderr, flush=True)
    finally:
        index.stop()
        modeling.stop()

    ceiling = {r["concurrency"]: r["rps"] for r in rows if r["label"].startswith("Health")}
    print("| method | clients | RPS | x Check | p50 ms | p90 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        ratio = r["rps"] / ceiling[r["concurrency"]] if ceiling.get(r["concurrency"]) else 0
        errors = ", ".join(f"{k} {v}" for k, v in r["errors"].items()) or "0"
        print(f"| {r['label']} | {r['concurrency']} | {r['rps']:.0f} | {ratio:.2f} | "
              f"{r['p50_ms']:.2f} | {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {errors} |")
    if soak:
        print(f"\nSoak: FitPanelModel, 8 clients, {args.soak:.0f} s: {soak['requests']} calls, "
              f"{soak['rps']:.0f} RPS, p99 {soak['p99_ms']:.2f} ms, errors {soak['errors'] or 0}; "
              f"modeling RSS {soak['rss_start_mb']:.1f} MiB -> {soak['rss_end_mb']:.1f} MiB")


if __name__ == "__main__":
    main()
