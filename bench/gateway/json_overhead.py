"""ComputeIndex over HTTP/JSON (through govmetrics-gateway) vs the same call over gRPC
(straight to govmetrics-index), side by side in one run, on the 217-row demo panel and a
synthetic 1e5-row panel. Both clients send pre-encoded bytes (JSON text / serialized
protobuf) and read the raw answer, so the figures are the servers' and the wire's cost:
gateway transcoding (JSON -> binary -> gRPC -> binary -> JSON) plus the larger JSON bodies.

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python \\
      /usr/bin/python3 bench/gateway/json_overhead.py [--calls 30]
"""
import argparse
import http.client
import json
import os
import random
import statistics
import sys
import time

import grpc
from google.protobuf import json_format

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "e2e"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "gateway"))
from harness import ServiceProcess, binary_path  # noqa: E402
from gateway_e2e_test import demo_panel_json  # noqa: E402

from govmetrics.index.v1 import index_service_pb2 as ipb  # noqa: E402

INDICATORS = ["broadband_ports", "mobile_penetration", "software_revenue", "open_data_platforms", "pm25"]


def demo_request():
    return {"panel": demo_panel_json(),
            "indicators": [{"column": c, "direction": "DIRECTION_NEGATIVE" if c == "pm25" else "DIRECTION_POSITIVE"}
                           for c in INDICATORS]}


def synthetic_request(rows, entities=1000):
    rng = random.Random(20261203)
    periods = rows // entities
    panel = {"entity": [f"e{i:04d}" for i in range(entities) for _ in range(periods)],
             "period": [2000 + t for _ in range(entities) for t in range(periods)],
             "columns": [{"name": c, "values": [rng.lognormvariate(0, 1) for _ in range(rows)]} for c in INDICATORS]}
    return {"panel": panel, "indicators": [{"column": c, "direction": "DIRECTION_POSITIVE"} for c in INDICATORS]}


def time_calls(call, calls):
    call()  # warm-up (connections, first allocation)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name, request, gateway, index, calls):
    json_body = json.dumps(request).encode()
    proto_body = json_format.ParseDict(request, ipb.ComputeIndexRequest()).SerializeToString()
    channel = grpc.insecure_channel(index.target, options=[("grpc.max_receive_message_length", 512 << 20),
                                                           ("grpc.max_send_message_length", 512 << 20)])
    grpc_call = channel.unary_unary("/govmetrics.index.v1.IndexService/ComputeIndex")  # bytes in, bytes out
    connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=600)

    def over_http():
        connection.request("POST", "/v1/index:compute", json_body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, body[:300]
        return body

    def over_grpc():
        return grpc_call(proto_body, timeout=600)

    sizes = (len(json_body), len(over_http()), len(proto_body), len(over_grpc()))
    # Interleaved rounds so that machine load drifts hit both sides alike.
    http_times, grpc_times = [], []
    for _ in range(3):
        http_times.append(time_calls(over_http, calls))
        grpc_times.append(time_calls(over_grpc, calls))
    channel.close()
    connection.close()
    h, g = statistics.median(http_times), statistics.median(grpc_times)
    print(f"| {name} | {h * 1e3:.2f} ms | {g * 1e3:.2f} ms | {h / g:.2f} | "
          f"{sizes[0] / 1e6:.2f} / {sizes[1] / 1e6:.2f} MB | {sizes[2] / 1e6:.2f} / {sizes[3] / 1e6:.2f} MB |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    with ServiceProcess(binary_path("govmetrics-index"), "--max_message_mb=512") as index, \
            ServiceProcess(binary_path("govmetrics-gateway"), f"--backends=index={index.target}",
                           "--max_message_mb=512", "--max_body_mb=512") as gateway:
        print("| panel | HTTP/JSON via gateway (median) | gRPC direct (median) | ratio | JSON request / response | protobuf request / response |")
        print("|---|---|---|---|---|---|")
        measure("217 rows (demo)", demo_request(), gateway, index, args.calls)
        measure("100,000 rows (1000 x 100, 5 indicators)", synthetic_request(100_000), gateway, index,
                max(3, args.calls // 6))


if __name__ == "__main__":
    main()
