#!/usr/bin/env python3
"""Closed-loop gRPC load generator: N concurrent clients, each sending the same request
back to back for a fixed duration; reports throughput, latency percentiles and errors.

    loadgen.py --target 127.0.0.1:50051 \\
        --method /govmetrics.index.v1.IndexService/ComputeIndex \\
        --request compute_index.bin --concurrency 8 --duration 10

--request is a serialized request message (.bin), or protobuf JSON (.json) together with
--request_type (e.g. govmetrics.index.v1.ComputeIndexRequest; needs the generated Python
stubs on PYTHONPATH). Requests are serialized once and responses are not parsed, so the
client spends its time on gRPC, not protobuf. Each client has its own channel (its own
HTTP/2 connection), as separate callers would. Output: one JSON object on stdout.

The client is Python (Debian's grpcio); on a small machine it shares the CPUs with the
server, so absolute figures are lower bounds: compare methods within the same run (e.g.
as ratios to the grpc.health.v1 Check ceiling, which measures the RPC path itself).
"""
from __future__ import annotations

import argparse
import importlib
import json
import threading
import time

import grpc

HEALTH_CHECK = "/grpc.health.v1.Health/Check"


def load_request(path: str, request_type: str | None) -> bytes:
    if path == "-":
        return b""  # empty message (e.g. HealthCheckRequest for the overall status)
    with open(path, "rb") as f:
        data = f.read()
    if not path.endswith(".json"):
        return data
    if not request_type:
        raise SystemExit("--request_type is needed for a JSON request")
    from google.protobuf import json_format, symbol_database
    # Importing the stub module registers the type with the default pool.
    package = request_type.rsplit(".", 1)[0]
    for candidate in _stub_modules(package):
        try:
            importlib.import_module(candidate)
        except ImportError:
            continue
    message_class = symbol_database.Default().GetSymbol(request_type)
    return json_format.Parse(data, message_class()).SerializeToString()


def _stub_modules(package: str):
    base = package.replace(".", "/")
    names = {
        "govmetrics.index.v1": ["index_service_pb2"],
        "govmetrics.modeling.v1": ["modeling_service_pb2", "panel_model_pb2", "mediation_pb2",
                                   "group_comparison_pb2"],
        "govmetrics.reporting.v1": ["reporting_service_pb2"],
    }.get(package, [])
    return [f"{base.replace('/', '.')}.{n}" for n in names]


def make_channel(args) -> grpc.Channel:
    options = [("grpc.max_send_message_length", 256 << 20),
               ("grpc.max_receive_message_length", 256 << 20)]
    if args.ca:
        def read(p):
            with open(p, "rb") as f:
                return f.read()
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(args.ca),
            private_key=read(args.key) if args.key else None,
            certificate_chain=read(args.cert) if args.cert else None)
        return grpc.secure_channel(args.target, credentials, options=options)
    return grpc.insecure_channel(args.target, options=options)


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[index]


def run(args) -> dict:
    payload = load_request(args.request, args.request_type)
    metadata = (("authorization", f"Bearer {args.token}"),) if args.token else None
    channels = [make_channel(args) for _ in range(args.concurrency)]
    calls = [c.unary_unary(args.method, request_serializer=None, response_deserializer=None)
             for c in channels]
    for call in calls:  # connect and warm every channel once
        try:
            call(payload, timeout=args.timeout, metadata=metadata)
        except grpc.RpcError:
            if not args.allow_errors:
                raise

    latencies = [[] for _ in range(args.concurrency)]
    errors = [dict() for _ in range(args.concurrency)]
    start_gate = threading.Barrier(args.concurrency + 1)
    timing = {}

    def client(i):
        call, mine, my_errors = calls[i], latencies[i], errors[i]
        start_gate.wait()
        warm_end = timing["start"] + args.warmup
        end = warm_end + args.duration
        while True:
            t0 = time.perf_counter()
            if t0 >= end:
                return
            try:
                call(payload, timeout=args.timeout, metadata=metadata)
                ok = True
            except grpc.RpcError as e:
                ok = False
                code = e.code().name
            t1 = time.perf_counter()
            if t0 < warm_end:
                continue  # warm-up: not counted
            if ok or args.allow_errors:
                mine.append(t1 - t0)
            if not ok:
                my_errors[code] = my_errors.get(code, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.concurrency)]
    for t in threads:
        t.start()
    timing["start"] = time.perf_counter()
    start_gate.wait()
    for t in threads:
        t.join()
    for c in channels:
        c.close()

    all_latencies = sorted(x for per in latencies for x in per)
    error_counts = {}
    for per in errors:
        for code, n in per.items():
            error_counts[code] = error_counts.get(code, 0) + n
    return {
        "method": args.method,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "requests": len(all_latencies),
        "errors": error_counts,
        "rps": len(all_latencies) / args.duration,
        "p50_ms": 1000 * percentile(all_latencies, 0.50),
        "p90_ms": 1000 * percentile(all_latencies, 0.90),
        "p99_ms": 1000 * percentile(all_latencies, 0.99),
        "request_bytes": len(payload),
    }


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--method", default=HEALTH_CHECK, help="/package.Service/Method")
    parser.add_argument("--request", default="-", help=".bin, .json, or - for an empty message")
    parser.add_argument("--request_type", help="full message name for a .json request")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds not counted")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-call deadline")
    parser.add_argument("--token", help="bearer token")
    parser.add_argument("--ca", help="CA bundle: turns TLS on")
    parser.add_argument("--cert", help="client certificate (mTLS)")
    parser.add_argument("--key", help="client key (mTLS)")
    parser.add_argument("--allow_errors", action="store_true",
                        help="measure failing calls too (they count in requests, rps and "
                             "latency, and by code in errors)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(run(parse_args())))
