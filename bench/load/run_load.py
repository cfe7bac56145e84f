#!/usr/bin/env python3
"""The load figures of docs/performance.md ("## Load"): starts govmetrics-index and
govmetrics-modeling from a build directory, builds provincial-size requests from the demo
panel (data/demo/study_panel.csv: 31 provinces x 7 years = 217 rows), and runs
govmetrics-loadgen for grpc.health.v1 Check (the RPC-path ceiling), ComputeIndex and
FitPanelModel at each concurrency. Prints a Markdown table with each method's throughput
as a ratio of the Check ceiling measured in the same run.

    PYTHONPATH=BUILD/python:clients/python /usr/bin/python3 bench/load/run_load.py \\
        --build BUILD [--duration 10] [--concurrency 1,8,32] [--soak 300] [--policy]

The load generator is BUILD/bench/govmetrics-loadgen (C++; --client python uses
loadgen.py, which on a 2-core machine takes a core from the server it measures).
--policy runs both servers with bearer tokens and an access policy (bench/load/
access-policy: the bench agency may call everything, with a rate limit and a concurrency
limit too high to refuse anything, so every call takes the whole policy path: token
lookup, policy and allow list, both budgets, agency metrics) and sends the token on every
call; plaintext, so the difference from a run without it is the policy path alone.
--soak S additionally runs FitPanelModel at concurrency 8 for S seconds and reports the
modeling server's resident memory before and after (a leak shows as growth that does not
level off). --write_requests DIR only writes the request files (for
bench/request_path_bench: GOVMETRICS_LOAD_REQUESTS=DIR).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "hardening"))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import loadgen  # noqa: E402


BENCH_TOKEN = "bench-token-0123456789abcdef0123456789abcdef"


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def trimmed_panel(panel, keep):
    """The panel with only the numeric columns in `keep` and no labels: what a client
    sends when it ships just the variables one call uses."""
    from govmetrics.common.v1 import panel_pb2
    out = panel_pb2.Panel(entity=panel.entity, period=panel.period)
    out.columns.extend(c for c in panel.columns if c.name in keep)
    return out


def build_requests(directory: str) -> dict:
    """Two shapes of each provincial-size request (217 rows): "study" carries the whole
    demo study panel (35 variables, ~62 KB, what the reporting service sends so that
    every step fingerprints the same sample) and "lean" only the columns the call uses."""
    from google.protobuf import json_format
    from govmetrics.index.v1 import index_service_pb2
    from govmetrics.reporting.v1 import study_spec_pb2
    from hardening_harness import demo_panel, fit_request
    panel = demo_panel()
    with open(os.path.join(ROOT, "data", "demo", "study_spec_en.json"), encoding="utf-8") as f:
        spec = json_format.Parse(f.read(), study_spec_pb2.StudySpec())
    indicators = spec.explanatory.index.indicators
    fit = fit_request(panel)
    fit_columns = {fit.dependent, *fit.regressors}
    index_columns = {i.column for i in indicators}
    messages = {}
    for shape, fit_panel, index_panel in (
            ("study", panel, panel),
            ("lean", trimmed_panel(panel, fit_columns), trimmed_panel(panel, index_columns))):
        index = index_service_pb2.ComputeIndexRequest(panel=index_panel)
        index.indicators.extend(indicators)
        shaped_fit = type(fit)()
        shaped_fit.CopyFrom(fit)
        shaped_fit.panel.CopyFrom(fit_panel)
        messages[f"compute_index_{shape}"] = index
        messages[f"fit_panel_model_{shape}"] = shaped_fit
    paths = {}
    for name, message in messages.items():
        path = os.path.join(directory, f"{name}.bin")
        with open(path, "wb") as f:
            f.write(message.SerializeToString())
        paths[name] = path
    return paths


def run_loadgen(build: str, client: str, argv: list) -> dict:
    """One load run with the C++ generator (default) or loadgen.py."""
    if client == "python":
        return loadgen.run(loadgen.parse_args(argv))
    binary = os.path.join(build, "bench", "govmetrics-loadgen")
    out = subprocess.run([binary, *argv], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True, help="build directory (with services/)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--shapes", default="lean,study", help="request shapes to run")
    parser.add_argument("--client", choices=("cpp", "python"), default="cpp",
                        help="load generator: bench/govmetrics-loadgen or loadgen.py")
    parser.add_argument("--soak", type=float, default=0.0)
    parser.add_argument("--policy", action="store_true",
                        help="bearer tokens + bench/load/access-policy on both servers")
    parser.add_argument("--write_requests", metavar="DIR",
                        help="only write the request files (for request_path_bench) and exit")
    args = parser.parse_args()
    os.environ["GOVMETRICS_BUILD_DIR"] = args.build
    from hardening_harness import GovProcess, binary_path

    if args.write_requests:
        os.makedirs(args.write_requests, exist_ok=True)
        print(json.dumps(build_requests(args.write_requests), indent=1))
        return
    levels = [int(c) for c in args.concurrency.split(",")]
    shapes = args.shapes.split(",")
    work = tempfile.mkdtemp(prefix="govmetrics-load-")
    requests = build_requests(work)
    # The concurrency cap is raised above the highest load level so that the figures
    # measure throughput, not the cap.
    common = [f"--max_concurrent_rpcs={max(levels) * 2}"]
    token_args = []
    if args.policy:
        tokens = os.path.join(work, "tokens")
        with open(tokens, "w") as f:
            f.write(f"bench-agency {BENCH_TOKEN}\n")
        common += [f"--auth_tokens_file={tokens}", "--allow_insecure_tokens",
                   f"--access_policy_file={os.path.join(HERE, 'access-policy')}"]
        token_args = ["--token", BENCH_TOKEN]
    index = GovProcess(binary_path("govmetrics-index"), *common).start()
    modeling = GovProcess(binary_path("govmetrics-modeling"), *common).start()
    rows = []
    try:
        for level in levels:
            runs = [("Health/Check (ceiling)", index.target, loadgen.HEALTH_CHECK, "-"),
                    # The floor of a real API method: refused by validation at once (an
                    # empty request), so admission, logging and error mapping, no compute.
                    ("FitPanelModel (empty, refused)", modeling.target,
                     "/govmetrics.modeling.v1.ModelingService/FitPanelModel", "-")]
            for shape in shapes:
                runs.append((f"ComputeIndex ({shape})", index.target,
                             "/govmetrics.index.v1.IndexService/ComputeIndex",
                             requests[f"compute_index_{shape}"]))
                runs.append((f"FitPanelModel ({shape})", modeling.target,
                             "/govmetrics.modeling.v1.ModelingService/FitPanelModel",
                             requests[f"fit_panel_model_{shape}"]))
            for label, target, method, request in runs:
                server = index if target == index.target else modeling
                extra = ["--allow_errors"] if "refused" in label else []
                server_before, client_before = cpu_seconds(server.process.pid), children_cpu_seconds()
                result = run_loadgen(args.build, args.client, [
                    "--target", target, "--method", method, "--request", request,
                    "--concurrency", str(level), "--duration", str(args.duration), *extra,
                    *token_args])
                calls = result.get("calls_made", 0)
                if calls and args.client == "cpp":
                    result["server_us"] = 1e6 * (cpu_seconds(server.process.pid) - server_before) / calls
                    result["client_us"] = 1e6 * (children_cpu_seconds() - client_before) / calls
                result["label"] = label
                rows.append(result)
                print(json.dumps(result), file=sys.stderr, flush=True)
        soak = None
        if args.soak > 0:
            before = rss_mb(modeling.process.pid)
            result = run_loadgen(args.build, args.client, [
                "--target", modeling.target, "--method",
                "/govmetrics.modeling.v1.ModelingService/FitPanelModel",
                "--request", requests[f"fit_panel_model_{shapes[-1]}"], "--concurrency", "8",
                "--duration", str(args.soak)])
            soak = {"rss_start_mb": before, "rss_end_mb": rss_mb(modeling.process.pid),
                    **result}
            print(json.dumps(soak), file=sys.stderr, flush=True)
    finally:
        index.stop()
        modeling.stop()

    ceiling = {r["concurrency"]: r["rps"] for r in rows if r["label"].startswith("Health")}
    print("| method (request) | clients | RPS | x Check | p50 ms | p90 ms | p99 ms | "
          "server CPU us/call | loadgen CPU us/call | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        ratio = r["rps"] / ceiling[r["concurrency"]] if ceiling.get(r["concurrency"]) else 0
        errors = ", ".join(f"{k} {v}" for k, v in r["errors"].items()) or "0"
        cpu = (f"{r['server_us']:.0f} | {r['client_us']:.0f}" if "server_us" in r else "- | -")
        print(f"| {r['label']} | {r['concurrency']} | {r['rps']:.0f} | {ratio:.2f} | "
              f"{r['p50_ms']:.2f} | {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {cpu} | {errors} |")
    sizes = {name: os.path.getsize(path) for name, path in requests.items()}
    print("\nRequest bytes: " + ", ".join(f"{k} {v}" for k, v in sorted(sizes.items())))
    if soak:
        print(f"\nSoak: FitPanelModel ({shapes[-1]}), 8 clients, {args.soak:.0f} s: "
              f"{soak['requests']} calls, {soak['rps']:.0f} RPS, p99 {soak['p99_ms']:.2f} ms, "
              f"errors {soak['errors'] or 0}; modeling RSS {soak['rss_start_mb']:.1f} MiB -> "
              f"{soak['rss_end_mb']:.1f} MiB")


if __name__ == "__main__":
    main()
