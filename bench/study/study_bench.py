#!/usr/bin/python3
"""Wall time of the whole demo study over gRPC, its default spec side by side with a spec
of 20 robustness checks.

Starts the three real binaries (index, modeling, reporting) on free loopback ports, then
times RunStudy from a Python client, alternating the two specs run by run so both see the
same machine load:
  default  data/demo/study_spec_en.json as committed: 2 indices, 2 baseline columns and
           the Hausman test, 7 robustness checks (one a wild cluster bootstrap, 999 draws),
           3 mediations with 1000 entity-block bootstrap draws, 3-region comparison with
           1000 permutations, 7 document formats;
  twenty   the same with 20 robustness checks: the default 7, plus lags 2-4, winsorising at
           2.5/97.5, 5/95 and 10/90 %, the explanatory index rebuilt with equal, CV and
           entropy-TOPSIS weights, and four other dropped subsets.
Prints min / median / max per spec and the ratio of the medians, and the median CPU time
(user + system, from /proc/PID/stat) each service process spent per study, which depends
less on the machine's load than wall time does.

Usage: GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python /usr/bin/python3 bench/study/study_bench.py [RUNS]
(bench/study/run.sh sets the paths.)
"""
import csv
import json
import os
import statistics
import sys
import time

import grpc
from google.protobuf import json_format

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from harness import ServiceProcess, binary_path  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2 as rpb  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2_grpc as rgrpc  # noqa: E402
from govmetrics.reporting.v1 import study_spec_pb2 as spb  # noqa: E402

EXTRA_CHECKS = (
    [{"check": "ROBUSTNESS_CHECK_LAGGED_REGRESSOR", "lag": k} for k in (2, 3, 4)]
    + [{"check": "ROBUSTNESS_CHECK_WINSORIZED", "winsorLower": q, "winsorUpper": 1 - q} for q in (0.025, 0.05, 0.10)]
    + [{"check": "ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING", "alternativeMethod": m}
       for m in ("WEIGHTING_METHOD_EQUAL", "WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION",
                 "WEIGHTING_METHOD_ENTROPY_TOPSIS")]
    + [{"check": "ROBUSTNESS_CHECK_DROP_SUBSET", "dropEntities": d, "label": label} for d, label in (
        (["Beijing", "Shanghai"], "Drop Beijing, Shanghai"),
        (["Guangdong", "Jiangsu", "Zhejiang"], "Drop the three largest coastal"),
        (["Tibet", "Xinjiang", "Qinghai"], "Drop the far west"),
        (["Liaoning", "Jilin", "Heilongjiang"], "Drop the northeast"))])


def load_spec(extra=()):
    with open(os.path.join(ROOT, "data", "demo", "study_spec_en.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["robustness"] = doc["robustness"] + list(extra)
    return json_format.ParseDict(doc, spb.StudySpec())


def load_panel():
    with open(os.path.join(ROOT, "data", "demo", "study_panel.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    labels = {"name_zh", "region3", "region4"}
    columns = {k: [float(r[k]) for r in rows] for k in rows[0] if k not in labels | {"entity", "year"}}
    return gm.panel_from_columns([r["entity"] for r in rows], [int(r["year"]) for r in rows],
                                 columns, {k: [r[k] for r in rows] for k in labels})


def cpu_seconds(service):
    """User + system CPU time of a service process so far (Linux /proc/PID/stat)."""
    with open(f"/proc/{service.process.pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_study(stub, request, services):
    """Wall time of one RunStudy and the CPU seconds each service spent on it."""
    cpu_before = {name: cpu_seconds(s) for name, s in services.items()}
    start = time.perf_counter()
    stub.RunStudy(request, timeout=600)
    wall = time.perf_counter() - start
    return wall, {name: cpu_seconds(s) - cpu_before[name] for name, s in services.items()}


def summary(name, times, checks):
    times = sorted(times)
    return (f"| {name} | {checks} | {len(times)} | {times[0]:.3f} s | {statistics.median(times):.3f} s | "
            f"{times[-1]:.3f} s |")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    panel = load_panel()
    specs = {"default": load_spec(), "twenty": load_spec(EXTRA_CHECKS)}
    assert len(specs["twenty"].robustness) == 20, len(specs["twenty"].robustness)
    with ServiceProcess(binary_path("govmetrics-index")) as index, \
            ServiceProcess(binary_path("govmetrics-modeling")) as modeling, \
            ServiceProcess(binary_path("govmetrics-reporting"), f"--index_target={index.target}",
                           f"--modeling_target={modeling.target}") as reporting:
        channel = grpc.insecure_channel(reporting.target, options=[
            ("grpc.max_receive_message_length", 256 << 20), ("grpc.max_send_message_length", 256 << 20)])
        stub = rgrpc.ReportingServiceStub(channel)
        services = {"reporting": reporting, "modeling": modeling, "index": index}
        print("service pids: " + ", ".join(f"{n} {s.process.pid}" for n, s in services.items()),
              file=sys.stderr, flush=True)
        requests = {name: rpb.RunStudyRequest(panel=panel, spec=spec) for name, spec in specs.items()}
        times = {name: [] for name in specs}
        cpu = {name: {service: [] for service in services} for name in specs}
        for request in requests.values():  # warm-up: channels, first-touch allocations
            stub.RunStudy(request, timeout=600)
        for _ in range(runs):
            for name, request in requests.items():
                wall, spent = timed_study(stub, request, services)
                times[name].append(wall)
                for service, seconds in spent.items():
                    cpu[name][service].append(seconds)
        channel.close()
    print("| spec | robustness checks | runs | min | median | max |")
    print("|---|---|---|---|---|---|")
    print(summary("default (data/demo/study_spec_en.json)", times["default"], len(specs["default"].robustness)))
    print(summary("20 robustness checks", times["twenty"], 20))
    ratio = statistics.median(times["twenty"]) / statistics.median(times["default"])
    print(f"\nmedian ratio 20 checks / default: {ratio:.2f}x (target < 1.5x); "
          f"default median {statistics.median(times['default']):.3f} s (target < 0.5 s)")
    print("\nmedian CPU seconds per study (user + system): " + "; ".join(
        f"{name}: " + ", ".join(f"{service} {statistics.median(v):.2f}" for service, v in per.items())
        for name, per in cpu.items()))


if __name__ == "__main__":
    main()
