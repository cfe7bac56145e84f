"""Upload + fit by reference of a large balanced panel (the issue's benchmark):
ENTITIES x PERIODS rows (default 1e6 x 100 = 1e8), y and 5 regressors, two-way fixed
effects, entity-clustered standard errors (plm's small-sample convention, so the engine
driver below fits the same model). Real binaries on loopback: govmetrics-workspace
(SQLite in a temporary directory) and govmetrics-modeling (--workspace_address, its large-block
pool at --large-block-pool-mb (default 16384; 0 turns it off), the
default 512 MB dataset cache unless --cache-mb). Measured, in this order:

1. upload: CreateDataset streamed from this Python client in chunks (the client's
   upload_requests, which encodes each chunk from the numpy columns); rows/s and MB/s of
   the serialized chunks, including the time to generate the rows; the same rows go to a
   binary file for step 2;
2. in memory: build/bench/fit_govmetrics on that file, the same engine in one process
   with the panel already in memory (only the fit is timed), its peak RSS; 1 + REPEAT
   fits in that process, with the modeling server's large-block pool, so that the warm
   by-reference calls of step 4 are compared with warm in-memory fits (memory kept from
   the first fit), not with a fresh process's first fit;
3. fit by reference, cold: FitPanelModel with `dataset` (the modeling service streams y,
   the 5 regressors, entity and period from the workspace into columns, then fits);
   wall time from this client, the ratio to step 2, and the modeling process's peak RSS
   against the bytes of the columns the model uses (6 doubles + 2 int32 codes per row);
4. fit by reference, warm: the same call again (from the cache when the panel fits in it,
   else read again);
5. fit inline (only when the panel message is small, --inline-max-mb): the same fit with
   the panel in the request;
6. peak RSS (VmHWM) of the workspace and of this client.

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python \\
        /usr/bin/python3 bench/workspace/fit_by_reference.py --entities 100000 --periods 100
"""
import argparse
import contextlib
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import govmetrics_client as gm
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
USED_BYTES_PER_ROW = 6 * 8 + 2 * 4  # y, x1..x5 as doubles; entity, period as int32 codes


def entity_chunks(entities, periods, entities_per_chunk, seed=42):
    """(first entity, entity names, periods, {column: values}) per block of whole entities;
    y = X beta + entity effect + period effect + noise, reproducible from `seed`."""
    rng = np.random.default_rng(seed)
    period_effect = rng.normal(size=periods)
    for first in range(0, entities, entities_per_chunk):
        count = min(entities_per_chunk, entities - first)
        n = count * periods
        alpha = np.repeat(rng.normal(size=count), periods)
        x = rng.normal(size=(n, 5)) + alpha[:, None] * 0.5
        y = x @ BETA + alpha + np.tile(period_effect, count) + rng.normal(size=n)
        names = np.repeat(np.array([f"e{i:07d}" for i in range(first, first + count)], dtype=object),
                          periods)
        years = np.tile(np.arange(2000, 2000 + periods, dtype=np.int32), count)
        yield first, names, years, {"y": y, **{c: x[:, j] for j, c in enumerate(REGRESSORS)}}


def write_binary(out, first, periods, years, columns):
    """The rows as fit_govmetrics reads them: entity code, period, y, x1..x5 as doubles."""
    record = np.empty((len(years), 8))
    record[:, 0] = first + np.arange(len(years)) // periods
    record[:, 1] = years
    for j, name in enumerate(["y", *REGRESSORS]):
        record[:, 2 + j] = columns[name]
    out.write(record.tobytes())


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def cpu_seconds(process):
    """User + system CPU time of a server process so far (/proc/PID/stat)."""
    with open(f"/proc/{process.process.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(process):
    return status_kb(process.process.pid, "VmHWM") / 1024


def read_lines(workspace):
    """The workspace's ReadDataset log lines so far (JSON)."""
    return [json.loads(line) for line in workspace.stderr_lines if '"ReadDataset"' in line]


def log_time(line):
    """A log line's "ts" (its end, UTC, millisecond resolution) in seconds."""
    stamp = datetime.datetime.strptime(line["ts"], "%Y-%m-%dT%H:%M:%S.%fZ")
    return stamp.replace(tzinfo=datetime.timezone.utc).timestamp()


def read_seconds(workspace, before):
    """How long the ReadDataset streams of one call took, from the first stream's start to
    the last one's end (each log line's end minus its latency): with --dataset_read_streams
    above 1 one call reads over several streams at once. `before`: how many ReadDataset
    lines the log had before the call. The lines come through a reader thread: waits a
    little for them."""
    deadline = time.monotonic() + 2
    while len(read_lines(workspace)) <= before and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # the other streams' lines, logged at about the same moment
    lines = read_lines(workspace)[before:]
    if not lines:
        return float("nan")
    ends = [log_time(line) for line in lines]
    starts = [end - line["latency_ms"] / 1000 for end, line in zip(ends, lines)]
    return max(ends) - min(starts)


def fit_request(**where):
    return ppb.FitPanelModelRequest(
        dependent="y", regressors=REGRESSORS,
        model=spec.ModelSpec(fixed_effects=spec.FIXED_EFFECTS_TWO_WAY,
                             variance=spec.VarianceSpec(type=spec.VARIANCE_TYPE_CLUSTER,
                                                        small_sample=spec.SMALL_SAMPLE_PLM)),
        **where)


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def upload(workspace, args, sent_bytes, binary):
    """Through the Python client's upload helper (messages encoded from the numpy columns)."""
    def messages():
        for first, names, years, columns in entity_chunks(args.entities, args.periods,
                                                          args.entities_per_chunk):
            write_binary(binary, first, args.periods, years, columns)
            for message in gm.upload_requests(names, years, columns, chunk_rows=len(names),
                                              display_name="" if first else "bench panel"):
                sent_bytes[0] += len(message)
                yield message
    return workspace.create_dataset(messages(), metadata=wh.auth("stats"), timeout=24 * 3600).dataset


def in_memory_fits(path, repeat, pool_mb):
    """fit_govmetrics' reports, one per fit in one process ({'seconds': ..., 'b1': ...,
    'se1': ..., 'peak_rss_mb': ...}): the first on fresh memory (cold), the later ones on
    memory kept by the same large-block pool the modeling server runs with (warm)."""
    driver = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "bench", "fit_govmetrics")
    out = subprocess.run([driver, path, str(repeat), str(pool_mb)], check=True, capture_output=True,
                         text=True).stdout
    return [{k: float(v) for k, v in (f.split("=") for f in line.split()[1:])}
            for line in out.splitlines() if line.startswith("govmetrics ")]


def drop_from_page_cache(path):
    """The engine driver's input file out of the page cache once it has been read. It is
    this bench's artifact (no server has it), and at 1e8 rows its 6.4 GB kept in the page
    cache next to the workspace's 5.6 GB database squeezes a 24 GB machine: the kernel then
    reclaims the modeling server's idle large blocks (MADV_FREE) between calls, and each
    warm call faults in and zeroes several GB again (clear_page_erms, 17% of the samples
    of a warm 1e8 call in perf)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def inline_panel(args):
    panel = panel_pb2.Panel()
    chunks = list(entity_chunks(args.entities, args.periods, args.entities_per_chunk))
    panel.entity.extend(n for _, names, _, _ in chunks for n in names)
    panel.period.extend(int(p) for _, _, years, _ in chunks for p in years)
    for name in ["y", *REGRESSORS]:
        panel.columns.add(name=name, values=np.concatenate([c[name] for *_, c in chunks]).tolist())
    return panel


def start_servers(tmp, args):
    """The modeling and workspace servers; the workspace on loopback TCP, or on a unix
    domain socket with --unix-socket. Returns them and the workspace's gRPC target."""
    with open(os.path.join(tmp, "tokens"), "w") as f:
        f.writelines(f"{a} {t}\n" for a, t in wh.TOKENS.items())
    if args.unix_socket:
        workspace_target = f"unix:{tmp}/workspace.sock"
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{tmp}/workspace.sock")
    else:
        workspace_target = f"127.0.0.1:{wh.free_port()}"
    modeling = ServiceProcess(binary_path("govmetrics-modeling"), "--max_message_mb=2000",
                              "--max_rows=0", f"--workspace_address={workspace_target}",
                              f"--dataset_cache_mb={args.cache_mb}",
                              f"--large_block_pool_mb={args.large_block_pool_mb}",
                              *args.modeling_flag).start()
    workspace = ServiceProcess(binary_path("govmetrics-workspace"), "--database=sqlite:bench.db",
                               f"--data_dir={tmp}", f"--auth_tokens_file={tmp}/tokens",
                               "--allow_insecure_tokens", f"--listen={workspace_target}",
                               *args.workspace_flag).start()
    return modeling, workspace, workspace_target


def report_inline(fits, args, warm, meta, modeling, dataset):
    message_mb = args.entities * args.periods * (6 * 9 + 6 + 10) / 1e6
    if message_mb > args.inline_max_mb:
        print(f"fit inline: skipped (about {message_mb:.0f} MB, over --inline-max-mb)")
        return
    request = fit_request(panel=inline_panel(args))
    inline, inline_s = timed(lambda: fits.FitPanelModel(request, metadata=meta, timeout=24 * 3600))
    print(f"fit inline ({request.ByteSize() / 1e6:.0f} MB message): {inline_s:.2f} s; same bytes "
          f"as by reference: {inline.SerializeToString() == warm.SerializeToString()}, fingerprint "
          f"equal: {inline.provenance.input_fingerprint == dataset.fingerprint}; peak RSS modeling "
          f"{peak_rss_mb(modeling):.0f} MB")


def data_directory(args):
    """A temporary directory, or --data-dir (created if missing, kept)."""
    if args.data_dir is None:
        return tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP"))
    os.makedirs(args.data_dir, exist_ok=True)
    return contextlib.nullcontext(os.path.abspath(args.data_dir))


def uploaded_dataset(ws, args, rows):
    """With --data-dir: the dataset a previous run uploaded there with these sizes, or None."""
    if args.data_dir is None or not os.path.exists(os.path.join(args.data_dir, "panel.bin")):
        return None
    listed = ws.ListDatasets(wpb.ListDatasetsRequest(page_size=1000), metadata=wh.auth("stats"))
    return next((d for d in listed.datasets if d.row_count == rows), None)


def timed_upload(channel, args, rows, binary_path_, workspace):
    sent = [0]
    client = gm.WorkspaceClient(channel=channel)
    with open(binary_path_, "wb") as binary:
        dataset, upload_s = timed(lambda: upload(client, args, sent, binary))
    print(f"upload: {upload_s:.1f} s, {rows / upload_s:,.0f} rows/s, "
          f"{sent[0] / upload_s / 1e6:.1f} MB/s of messages ({sent[0] / 1e6:,.0f} MB); "
          f"peak RSS workspace {peak_rss_mb(workspace):,.0f} MB")
    return dataset


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--periods", type=int, default=100)
    parser.add_argument("--entities-per-chunk", type=int, default=2000)
    parser.add_argument("--cache-mb", type=int, default=512, help="modeling --dataset_cache_mb")
    parser.add_argument("--inline-max-mb", type=int, default=200,
                        help="run the inline fit when the panel message is at most this big")
    parser.add_argument("--data-dir", help="keep the SQLite file and the engine's binary file "
                        "here, and reuse them when a previous run with the same sizes left them "
                        "(skips the upload: for measuring the read path again)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="warm by-reference calls to time (the best and all are printed)")
    parser.add_argument("--keep-engine-input-cached", action="store_true",
                        help="with --data-dir, leave the engine driver's panel.bin in the page cache "
                             "after the in-memory fits (default: dropped; see drop_from_page_cache)")
    parser.add_argument("--unix-socket", action="store_true",
                        help="the workspace listens on a unix domain socket (unix:DIR/workspace.sock) "
                        "instead of loopback TCP, and the modeling service reads from it there")
    parser.add_argument("--large-block-pool-mb", type=int, default=16384,
                        help="modeling --large_block_pool_mb (0: every large block is unmapped when "
                        "freed, as before the pool)")
    parser.add_argument("--modeling-flag", action="append", default=[],
                        help="one more flag for govmetrics-modeling (repeatable), e.g. "
                        "--modeling-flag=--large_block_min_mb=64")
    parser.add_argument("--workspace-flag", action="append", default=[],
                        help="one more flag for govmetrics-workspace (repeatable), e.g. "
                        "--workspace-flag=--malloc_arena_keep_mb=0")
    parser.add_argument("--upload-only", action="store_true",
                        help="stop after the upload (for measuring the upload alone)")
    args = parser.parse_args()
    rows = args.entities * args.periods
    used_mb = rows * USED_BYTES_PER_ROW / 1e6
    with data_directory(args) as tmp:
        modeling, workspace, workspace_target = start_servers(tmp, args)
        options = [("grpc.max_send_message_length", 2000 << 20), ("grpc.max_receive_message_length", 2000 << 20)]
        try:
            channel = grpc.insecure_channel(workspace_target, options=options)
            ws = wgrpc.WorkspaceServiceStub(channel)
            fits = mgrpc.ModelingServiceStub(grpc.insecure_channel(modeling.target, options=options))
            binary_path_ = os.path.join(tmp, "panel.bin")
            dataset = uploaded_dataset(ws, args, rows)
            print(f"rows {rows:,} ({args.entities:,} entities x {args.periods} periods), 6 columns; "
                  f"columns the fit uses: {used_mb:,.0f} MB")
            if dataset is None:
                dataset = timed_upload(channel, args, rows, binary_path_, workspace)
            else:
                print(f"upload: skipped (reusing {dataset.name} in {args.data_dir})")
            if args.upload_only:
                return
            memory_fits = in_memory_fits(binary_path_, 1 + args.repeat, args.large_block_pool_mb)
            if args.data_dir is None:
                os.remove(binary_path_)
            elif not args.keep_engine_input_cached:
                drop_from_page_cache(binary_path_)
            memory = memory_fits[0]
            memory_warm_s = min((f["seconds"] for f in memory_fits[1:]), default=memory["seconds"])
            print(f"fit in memory (fit_govmetrics, engine only): cold {memory['seconds']:.2f} s, warm "
                  f"{[round(f['seconds'], 2) for f in memory_fits[1:]]} (same large-block pool as the "
                  f"modeling server); b1 {memory['b1']:.10f} se1 {memory['se1']:.10f}; peak RSS "
                  f"{memory_fits[-1]['peak_rss_mb']:,.0f} MB")
            meta = wh.auth("stats")
            base_mb = status_kb(modeling.process.pid, "VmRSS") / 1024
            call = lambda: fits.FitPanelModel(fit_request(dataset=dataset.name), metadata=meta,  # noqa: E731
                                              timeout=24 * 3600)
            reads_before = len(read_lines(workspace))
            cold, cold_s = timed(call)
            peak = peak_rss_mb(modeling)
            print(f"fit by reference, cold (read + fit): {cold_s:.2f} s = {cold_s / memory['seconds']:.2f}x "
                  f"in memory; b1 {cold.coefficients[0].estimate:.10f} se1 {cold.coefficients[0].std_error:.10f}; "
                  f"peak RSS modeling {peak:,.0f} MB (idle {base_mb:.0f} MB) = {peak / used_mb:.2f}x the "
                  f"columns used; workspace {peak_rss_mb(workspace):,.0f} MB")
            print(f"  of which the workspace's ReadDataset stream: {read_seconds(workspace, reads_before):.2f} s")
            warm_times = []
            for _ in range(args.repeat):
                cpu_before = cpu_seconds(modeling), cpu_seconds(workspace)
                reads_before = len(read_lines(workspace))
                warm, warm_s = timed(call)
                assert warm == cold
                warm_times.append(warm_s)
                print(f"  warm call {warm_s:.2f} s: CPU modeling {cpu_seconds(modeling) - cpu_before[0]:.2f} s, "
                      f"workspace {cpu_seconds(workspace) - cpu_before[1]:.2f} s; ReadDataset stream "
                      f"{read_seconds(workspace, reads_before):.2f} s")
            warm_s = min(warm_times)
            print(f"fit by reference, warm: {warm_s:.2f} s = {warm_s / memory['seconds']:.2f}x the cold, "
                  f"{warm_s / memory_warm_s:.2f}x the best warm fit in memory "
                  f"(best of {[round(t, 2) for t in warm_times]}); peak RSS modeling "
                  f"{peak_rss_mb(modeling):,.0f} MB")
            print(f"coefficients {[round(c.estimate, 4) for c in warm.coefficients]} (true {BETA.tolist()})")
            report_inline(fits, args, warm, meta, modeling, dataset)
            print(f"peak RSS of this client: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
        finally:
            workspace.stop()
            modeling.stop()


if __name__ == "__main__":
    main()
