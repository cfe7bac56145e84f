#!/usr/bin/python3
"""Waits until a gRPC server reports SERVING on grpc.health.v1.Health/Check.

Used by govmetrics-local.sh (start/status); also usable on its own:

    wait_for_health.py --target 127.0.0.1:50061 --service govmetrics.index.v1.IndexService
    wait_for_health.py --target 127.0.0.1:50061 --once          # one probe, for status

Needs Debian's python3-grpcio and python3-protobuf (run with /usr/bin/python3). Debian
does not package grpcio-health-checking, so the health stubs are generated on first use
with protoc + grpc_python_plugin from /usr/share/grpc-proto (packages protobuf-compiler,
protobuf-compiler-grpc, grpc-proto) into --stubs-dir and reused afterwards.

Exit status: 0 SERVING, 1 not SERVING before the deadline, 2 usage or stub-generation
error, 3 the process given with --pid exited first.
"""

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

HEALTH_PROTO = "/usr/share/grpc-proto/grpc/health/v1/health.proto"
GRPC_PYTHON_PLUGIN = "/usr/bin/grpc_python_plugin"
# The proto is compiled under its own Python package name: generated as grpc/health/v1/
# it would collide with grpcio's own `grpc` package. The wire names (package
# grpc.health.v1, service Health) come from the proto itself and are unchanged.
STUBS_PACKAGE = "govmetrics_health_stubs"


def load_health_stubs(stubs_dir):
    """Returns (health_pb2, health_pb2_grpc), generating them into stubs_dir if needed."""
    pkg_dir = os.path.join(stubs_dir, STUBS_PACKAGE)
    if not os.path.exists(os.path.join(pkg_dir, "health_pb2_grpc.py")):
        _generate_stubs(stubs_dir)
    if stubs_dir not in sys.path:
        sys.path.insert(0, stubs_dir)
    pb2 = importlib.import_module(STUBS_PACKAGE + ".health_pb2")
    pb2_grpc = importlib.import_module(STUBS_PACKAGE + ".health_pb2_grpc")
    return pb2, pb2_grpc


def _generate_stubs(stubs_dir):
    for path, package in ((HEALTH_PROTO, "grpc-proto"),
                          (GRPC_PYTHON_PLUGIN, "protobuf-compiler-grpc")):
        if not os.path.exists(path):
            raise RuntimeError(f"{path} is missing (apt-get install {package})")
    protoc = shutil.which("protoc") or "/usr/bin/protoc"
    os.makedirs(stubs_dir, exist_ok=True)
    # Generate in a scratch directory and rename into place, so concurrent first runs
    # never import a half-written module.
    scratch = tempfile.mkdtemp(prefix=".stubs-", dir=stubs_dir)
    try:
        src = os.path.join(scratch, "src", STUBS_PACKAGE)
        os.makedirs(src)
        shutil.copyfile(HEALTH_PROTO, os.path.join(src, "health.proto"))
        out = os.path.join(scratch, "out")
        os.makedirs(os.path.join(out, STUBS_PACKAGE))
        subprocess.run(
            [protoc, "-I", os.path.join(scratch, "src"),
             f"--python_out={out}", f"--grpc_python_out={out}",
             f"--plugin=protoc-gen-grpc_python={GRPC_PYTHON_PLUGIN}",
             f"{STUBS_PACKAGE}/health.proto"],
            check=True, capture_output=True, text=True)
        open(os.path.join(out, STUBS_PACKAGE, "__init__.py"), "w").close()
        try:
            os.rename(os.path.join(out, STUBS_PACKAGE), os.path.join(stubs_dir, STUBS_PACKAGE))
        except OSError:
            pass  # another process won the race; its copy is identical
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"protoc failed: {e.stderr.strip()}") from e
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _process_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            # Field 3 is the state; a zombie has exited even though its pid still exists.
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def check_once(stub, pb2, service, rpc_timeout):
    """Returns the status name ('SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN', ...) or the
    gRPC error code name when the call itself failed ('UNAVAILABLE', 'NOT_FOUND', ...)."""
    import grpc
    try:
        resp = stub.Check(pb2.HealthCheckRequest(service=service), timeout=rpc_timeout)
        return pb2.HealthCheckResponse.ServingStatus.Name(resp.status)
    except grpc.RpcError as e:
        return e.code().name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of the plaintext health server")
    parser.add_argument("--service", default="", help="health service name ('' = whole server)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait in total")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between probes")
    parser.add_argument("--once", action="store_true", help="probe once and print the status")
    parser.add_argument("--pid", type=int, help="give up as soon as this process has exited")
    parser.add_argument("--stubs-dir", default=os.path.join(tempfile.gettempdir(), "govmetrics-health-stubs"),
                        help="where the generated health stubs are cached")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    try:
        pb2, pb2_grpc = load_health_stubs(args.stubs_dir)
    except (RuntimeError, OSError, ImportError) as e:
        print(f"wait_for_health: cannot load health stubs: {e}", file=sys.stderr)
        return 2
    import grpc

    deadline = time.monotonic() + (0 if args.once else args.timeout)
    status = "UNKNOWN"
    with grpc.insecure_channel(args.target) as channel:
        stub = pb2_grpc.HealthStub(channel)
        while True:
            if args.pid is not None and not _process_alive(args.pid):
                if not args.quiet:
                    print(f"wait_for_health: process {args.pid} exited", file=sys.stderr)
                return 3
            remaining = deadline - time.monotonic()
            status = check_once(stub, pb2, args.service, max(0.5, min(2.0, remaining)))
            # Re-check the pid after SERVING: another server may hold the same port.
            if status == "SERVING" and (args.pid is None or _process_alive(args.pid)):
                if args.once and not args.quiet:
                    print(status)
                return 0
            if time.monotonic() >= deadline:
                break
            time.sleep(args.interval)
    if not args.quiet:
        if args.once:
            print(status)
        else:
            print(f"wait_for_health: {args.target} service '{args.service}' is {status} "
                  f"after {args.timeout:g}s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
