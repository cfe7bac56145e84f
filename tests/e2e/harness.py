"""Starts real govmetrics binaries on free loopback ports for end-to-end tests.

Usage (in a test):
    with ServiceProcess(binary, "govmetrics-index") as svc:
        channel = grpc.insecure_channel(svc.target)
The binary prints "NAME listening on HOST:PORT" once bound (--listen=127.0.0.1:0).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time

_LISTEN = re.compile(r"listening on (\S+):(\d+)")


class ServiceProcess:
    def __init__(self, binary: str, *extra_args: str, startup_timeout: float = 30.0):
        self.binary = binary
        self.args = [binary, "--listen=127.0.0.1:0", *extra_args]
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.stderr_lines: list[str] = []

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "ServiceProcess":
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8")
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"{self.binary} exited before listening: "
                                   f"{''.join(self.stderr_lines[-20:])}")
            match = _LISTEN.search(line)
            if match:
                self.port = int(match.group(2))
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return self
        self.stop()
        raise RuntimeError(f"{self.binary} did not report its port in time")

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    def log(self) -> str:
        """The stderr lines read so far; once the process has exited, all of them.

        A server writes a call's log line before the call's response leaves, but a thread
        of this process reads the pipe, and under load it lags behind the caller: look for
        lines of a running server with wait_for_log."""
        if self.process is not None and self.process.poll() is not None:
            self._stderr_reader.join(timeout=30)
        return "".join(self.stderr_lines)

    def wait_for_log(self, *texts: str, timeout: float = 30.0) -> str:
        """The log, once it contains every one of `texts`."""
        return wait_until(lambda: all(t in self.log() for t in texts) and self.log(), timeout,
                          what=f"{texts} in the log of {self.binary}")

    def pause(self) -> None:
        """Stops the process (SIGSTOP) and returns once every one of its threads has stopped,
        so that it answers nothing more until resume().

        kill() only queues SIGSTOP: the process stops when one of its threads next runs and
        takes the signal, then stops the others. On a loaded machine that can be long enough
        for the process to answer calls made after kill() returned (a workspace answered 8
        of 20 GetDataset calls sent at once after kill(SIGSTOP), at load 9-10), which made
        tests that hold calls on a stopped server flaky under ctest -j3. waitpid(WUNTRACED)
        reports the stop only when the whole thread group has stopped."""
        self.process.send_signal(signal.SIGSTOP)
        _, status = os.waitpid(self.process.pid, os.WUNTRACED)
        if not os.WIFSTOPPED(status):
            self.process.returncode = os.waitstatus_to_exitcode(status)  # reaped here
            raise RuntimeError(f"{self.binary} exited ({self.process.returncode}) instead of "
                               "stopping")

    def resume(self) -> None:
        """Lets a process stopped by pause() run again (SIGCONT)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def __enter__(self) -> "ServiceProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def binary_path(name: str) -> str:
    """Service binary (or the `govmetrics` CLI) location from GOVMETRICS_BUILD_DIR (set by ctest)."""
    build = os.environ.get("GOVMETRICS_BUILD_DIR", "build")
    if name == "govmetrics":
        return os.path.join(build, "clients", "cli", name)
    sub = name.replace("govmetrics-", "")
    return os.path.join(build, "services", sub, name)


def wait_until(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Polls `predicate` until it returns a truthy value, and returns that value; raises
    after `timeout` seconds (a bound against hanging, not a performance assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")
