"""Upload + fit by reference of a large balanced panel (the issue's benchmark):
ENTITIES x PERIODS rows (default 1e6 x 100 = 1e8), y and 5 regressors, two-way fixed
effects, entity-clustered standard errors. Real binaries on loopback: govmetrics-workspace
(SQLite in a temporary directory) and govmetrics-modeling (--workspace_address, a cache
large enough to keep the panel). Measured, in this order:

1. upload: CreateDataset streamed from this Python client in chunks; rows/s and MB/s of
   the serialized chunks (the Python client builds the messages, so this is a lower bound
   on what the workspace accepts);
2. fit by reference, cold: FitPanelModel with `dataset` (the modeling service reads y and
   the 5 regressors, entity and period from the workspace, then fits);
3. fit by reference, warm: the same call again (the panel comes from the cache: the fit
   on a panel the modeling process holds in memory, plus the GetDataset access check);
4. fit inline (only when the panel fits in one message, --inline_max_mb): the same fit
   with the panel in the request, for the in-memory comparison over the same path;
5. peak RSS (VmHWM) of the workspace and the modeling process after each phase, and this
   client's.

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python \\
        /usr/bin/python3 bench/workspace/fit_by_reference.py --entities 100000 --periods 100
"""
import argparse
import os
import resource
import sys
import tempfile
import time

import grpc
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "workspace"))
import workspace_harness as wh  # noqa: E402
from harness import ServiceProcess, binary_path  # noqa: E402

from govmetrics.common.v1 import panel_pb2  # noqa: E402
from govmetrics.modeling.v1 import model_spec_pb2 as spec  # noqa: E402
from govmetrics.modeling.v1 import modeling_service_pb2_grpc as mgrpc  # noqa: E402
from govmetrics.modeling.v1 import panel_model_pb2 as ppb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

REGRESSORS = [f"x{j + 1}" for j in range(5)]
BETA = np.array([1.0, -0.5, 0.25, 2.0, 0.0])


def entity_chunks(entities, periods, entities_per_chunk, seed=42):
    """(entity names, periods, {column: values}) per block of whole entities; y = X beta +
    entity effect + period effect + noise, reproducible from `seed`."""
    rng = np.random.default_rng(seed)
    period_effect = rng.normal(size=periods)
    for first in range(0, entities, entities_per_chunk):
        count = min(entities_per_chunk, entities - first)
        n = count * periods
        alpha = np.repeat(rng.normal(size=count), periods)
        x = rng.normal(size=(n, 5)) + alpha[:, None] * 0.5
        y = x @ BETA + alpha + np.tile(period_effect, count) + rng.normal(size=n)
        names = np.repeat(np.array([f"e{i:07d}" for i in range(first, first + count)]), periods)
        years = np.tile(np.arange(2000, 2000 + periods, dtype=np.int32), count)
        yield names.tolist(), years, {"y": y, **{c: x[:, j] for j, c in enumerate(REGRESSORS)}}


def chunk_message(names, years, columns, first):
    message = wpb.CreateDatasetRequest(display_name="bench panel" if first else "")
    message.chunk.entity.extend(names)
    message.chunk.period.extend(years.tolist())
    for name, values in columns.items():
        message.chunk.columns.add(name=name, values=values.tolist())
    return message


def peak_rss_mb(process):
    with open(f"/proc/{process.process.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def fit_request(**where):
    return ppb.FitPanelModelRequest(
        dependent="y", regressors=REGRESSORS,
        model=spec.ModelSpec(fixed_effects=spec.FIXED_EFFECTS_TWO_WAY,
                             variance=spec.VarianceSpec(type=spec.VARIANCE_TYPE_CLUSTER)), **where)


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def upload(ws, args, sent_bytes):
    def messages():
        for index, (names, years, columns) in enumerate(
                entity_chunks(args.entities, args.periods, args.entities_per_chunk)):
            message = chunk_message(names, years, columns, index == 0)
            sent_bytes[0] += message.ByteSize()
            yield message
    return ws.CreateDataset(messages(), metadata=wh.auth("stats"), timeout=24 * 3600).dataset


def inline_panel(args):
    panel = panel_pb2.Panel()
    chunks = list(entity_chunks(args.entities, args.periods, args.entities_per_chunk))
    panel.entity.extend(n for names, _, _ in chunks for n in names)
    panel.period.extend(int(p) for _, years, _ in chunks for p in years)
    for name in ["y", *REGRESSORS]:
        panel.columns.add(name=name, values=np.concatenate([c[name] for _, _, c in chunks]).tolist())
    return panel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--periods", type=int, default=100)
    parser.add_argument("--entities-per-chunk", type=int, default=2000)
    parser.add_argument("--inline-max-mb", type=int, default=1500,
                        help="run the inline fit when the panel message is at most this big")
    args = parser.parse_args()
    rows = args.entities * args.periods
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "tokens"), "w") as f:
            f.writelines(f"{a} {t}\n" for a, t in wh.TOKENS.items())
        port = wh.free_port()
        big = "--max_message_mb=2000"
        modeling = ServiceProcess(binary_path("govmetrics-modeling"), big, "--max_rows=0",
                                  f"--workspace_address=127.0.0.1:{port}",
                                  "--dataset_cache_mb=65536").start()
        workspace = ServiceProcess(binary_path("govmetrics-workspace"), "--database=sqlite:bench.db",
                                   f"--data_dir={tmp}", f"--auth_tokens_file={tmp}/tokens",
                                   "--allow_insecure_tokens", f"--listen=127.0.0.1:{port}").start()
        options = [("grpc.max_send_message_length", 2000 << 20), ("grpc.max_receive_message_length", 2000 << 20)]
        try:
            ws = wgrpc.WorkspaceServiceStub(grpc.insecure_channel(workspace.target, options=options))
            fits = mgrpc.ModelingServiceStub(grpc.insecure_channel(modeling.target, options=options))
            sent = [0]
            dataset, upload_s = timed(lambda: upload(ws, args, sent))
            print(f"rows {rows:,} ({args.entities:,} entities x {args.periods} periods), 6 columns")
            print(f"upload: {upload_s:.1f} s, {rows / upload_s:,.0f} rows/s, "
                  f"{sent[0] / upload_s / 1e6:.1f} MB/s of messages ({sent[0] / 1e6:.0f} MB); "
                  f"peak RSS workspace {peak_rss_mb(workspace):.0f} MB")
            meta = wh.auth("stats")
            cold, cold_s = timed(lambda: fits.FitPanelModel(fit_request(dataset=dataset.name), metadata=meta, timeout=24 * 3600))
            print(f"fit by reference, cold (read + fit): {cold_s:.2f} s; peak RSS modeling "
                  f"{peak_rss_mb(modeling):.0f} MB, workspace {peak_rss_mb(workspace):.0f} MB")
            warm, warm_s = timed(lambda: fits.FitPanelModel(fit_request(dataset=dataset.name), metadata=meta, timeout=24 * 3600))
            assert warm == cold
            print(f"fit by reference, warm (cached panel): {warm_s:.2f} s; peak RSS modeling "
                  f"{peak_rss_mb(modeling):.0f} MB")
            print(f"coefficients {[round(c.estimate, 4) for c in warm.coefficients]} (true {BETA.tolist()})")
            message_mb = rows * (6 * 9 + 6 + 10) / 1e6
            if message_mb <= args.inline_max_mb:
                request = fit_request(panel=inline_panel(args))
                inline, inline_s = timed(lambda: fits.FitPanelModel(request, metadata=meta, timeout=24 * 3600))
                same = [c.estimate for c in inline.coefficients] == [c.estimate for c in warm.coefficients]
                print(f"fit inline ({request.ByteSize() / 1e6:.0f} MB message): {inline_s:.2f} s "
                      f"(same estimates: {same}, fingerprint equal: "
                      f"{inline.provenance.input_fingerprint == dataset.fingerprint}); ratio cold/inline "
                      f"{cold_s / inline_s:.2f}, warm/inline {warm_s / inline_s:.2f}; peak RSS modeling "
                      f"{peak_rss_mb(modeling):.0f} MB")
            else:
                print(f"fit inline: skipped (about {message_mb:.0f} MB, over --inline-max-mb)")
            print(f"peak RSS of this client: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        finally:
            workspace.stop()
            modeling.stop()


if __name__ == "__main__":
    main()
