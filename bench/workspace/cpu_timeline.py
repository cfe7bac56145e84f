"""Cores in use per process over time, from a system-wide `perf record -a` taken while a
benchmark runs: shows which process holds which share of the 2 cores in each phase of a
call (e.g. the ReadDataset stream bound by the workspace's one serving thread, or
single-threaded stretches of the modeling before the first or after the last byte).

    perf record -a -F 199 -o /tmp/run.data -- sleep 300 &   # while the bench runs
    /usr/bin/python3 bench/workspace/cpu_timeline.py /tmp/run.data --bin 0.25

Each line: the bin's start (seconds from the first sample) and, per process group, the
cores it used on average over the bin (samples / (frequency x bin)). Bins where every
group but idle is below --quiet cores are left out. Groups are matched on the sampled
thread's name (`comm`): gRPC's and the engine's worker threads carry their own names,
so the patterns below are what these binaries' threads are called on Linux.
"""
import argparse
import collections
import re
import subprocess

GROUPS = [
    ("modeling", re.compile(r"^(nexting_thread|govmetrics-mode)")),
    ("workspace", re.compile(r"^(grpcpp_sync_ser|govmetrics-work)")),
    ("engine", re.compile(r"^fit_govmetrics")),
    ("idle", re.compile(r"^swapper")),
]


def group_of(comm):
    for name, pattern in GROUPS:
        if pattern.match(comm):
            return name
    return "other"


def samples(path):
    """(time, comm) of every sample; comm may contain spaces, the time is the last field."""
    out = subprocess.run(["perf", "script", "-i", path, "-F", "comm,time"], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        head, _, stamp = line.rstrip().rpartition(" ")
        if head:
            yield float(stamp.rstrip(":")), head.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="perf.data of `perf record -a -F FREQ`")
    parser.add_argument("--bin", type=float, default=0.25, help="seconds per line")
    parser.add_argument("--frequency", type=float, default=199, help="perf's -F")
    parser.add_argument("--quiet", type=float, default=0.1,
                        help="leave out bins where no group but idle uses this many cores")
    args = parser.parse_args()
    bins = collections.defaultdict(collections.Counter)
    first = None
    for stamp, comm in samples(args.data):
        first = stamp if first is None else first
        bins[int((stamp - first) / args.bin)][group_of(comm)] += 1
    names = [name for name, _ in GROUPS] + ["other"]
    print("second  " + "  ".join(f"{n:>9}" for n in names))
    per_core = args.frequency * args.bin
    for b in sorted(bins):
        cores = {n: bins[b][n] / per_core for n in names}
        if max(v for n, v in cores.items() if n != "idle") < args.quiet:
            continue
        print(f"{b * args.bin:6.2f}  " + "  ".join(f"{cores[n]:9.2f}" for n in names))


if __name__ == "__main__":
    main()
