"""End to end: tokens, access policy and TLS certificate reloaded while the server runs
and a load generator calls it, with zero failed calls.

- SIGHUP after the token file is rewritten: a new agency's token works;
- a Kubernetes-style Secret update (the `..data` symlink swapped to a new directory, no
  signal): the new policy is in force within a few file checks;
- a bad policy and a key that does not match its certificate are refused with a
  "reload_refused" log line and the old ones stay in force;
- a new server certificate (symlink swap): new connections are served with it, the
  load generator's established connection carries on.
"""
import os
import shutil
import signal
import socket
import ssl
import sys
import tempfile
import threading
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hardening_harness import (GovProcess, binary_path, issue_server_certificate,  # noqa: E402
                               make_pki, read, wait_until, SLOWDOWN)

import govmetrics_client as gm  # noqa: E402
from security_e2e_test import index_request  # noqa: E402  (the 6-row ComputeIndex request)

TOKEN_A = "a" * 8 + "0123456789abcdef0123456789abcdef"
TOKEN_C = "c" * 8 + "0123456789abcdef0123456789abcdef"
POLICY_V1 = """[agency agency-a]
allow = govmetrics.index.v1.IndexService/*
[agency agency-c]
allow = govmetrics.index.v1.IndexService/ComputeIndex
"""
POLICY_V2 = POLICY_V1 + "allow = govmetrics.index.v1.IndexService/ComputeCouplingCoordination\n"
WAIT = 30 * SLOWDOWN


def coupling_request():
    panel = gm.panel_from_columns(
        entity=["A", "A", "B", "B", "C", "C"], period=[2020, 2021] * 3,
        columns={"s1": [0.1, 0.3, 0.5, 0.6, 0.8, 0.9], "s2": [0.2, 0.4, 0.3, 0.7, 0.6, 0.8]})
    return gm.index_pb2.ComputeCouplingCoordinationRequest(panel=panel, first="s1", second="s2")


class SecretVolume:
    """A directory laid out as the kubelet lays out a Secret volume: each key is a
    symlink `key -> ..data/key`, `..data` a symlink to a timestamped directory that an
    update replaces in one rename."""

    def __init__(self, root, files):
        self.root, self.version = root, 0
        os.makedirs(root)
        self.update(files)
        for name in files:
            os.symlink(os.path.join("..data", name), os.path.join(root, name))

    def update(self, files):
        self.version += 1
        target = f"..v{self.version}"
        os.makedirs(os.path.join(self.root, target))
        for name, content in files.items():
            with open(os.path.join(self.root, target, name), "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode())
        temporary = os.path.join(self.root, "..data_tmp")
        os.symlink(target, temporary)
        os.rename(temporary, os.path.join(self.root, "..data"))

    def path(self, name):
        return os.path.join(self.root, name)


class LoadGenerator:
    """Threads calling ComputeIndex back to back on one established channel each."""

    def __init__(self, target, credentials, threads=4):
        self.stop_event = threading.Event()
        self.ok = 0
        self.failures = []
        self.lock = threading.Lock()
        self.channels = [grpc.secure_channel(target, credentials) for _ in range(threads)]
        self.threads = [threading.Thread(target=self.run, args=(c,), daemon=True)
                        for c in self.channels]

    def run(self, channel):
        stub = gm.index_grpc.IndexServiceStub(channel)
        while not self.stop_event.is_set():
            try:
                stub.ComputeIndex(index_request(), timeout=30 * SLOWDOWN,
                                  metadata=(("authorization", f"Bearer {TOKEN_A}"),))
                with self.lock:
                    self.ok += 1
            except grpc.RpcError as error:
                with self.lock:
                    self.failures.append(f"{error.code()}: {error.details()}")

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        wait_until(lambda: self.ok >= 10, timeout=WAIT, what="the load to start")
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join()
        for channel in self.channels:
            channel.close()


def served_certificate_subject(port, ca, cert, key):
    """The subject CN of the certificate a new TLS connection to the server is given."""
    context = ssl.create_default_context(cafile=ca)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            subject = dict(item[0] for item in tls.getpeercert()["subject"])
            return subject["commonName"]


class ReloadEndToEnd(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="govmetrics-reload-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.pki = make_pki(self.dir)
        self.cert_v2 = issue_server_certificate(self.dir, "server2", "govmetrics-server-v2")
        server_cert, server_key = self.pki["server"]
        self.tls = SecretVolume(os.path.join(self.dir, "tls"), {
            "tls.crt": read(server_cert), "tls.key": read(server_key),
            "ca.crt": read(self.pki["ca"])})
        self.tokens = os.path.join(self.dir, "tokens")
        with open(self.tokens, "w") as f:
            f.write(f"agency-a {TOKEN_A}\n")
        self.policy = SecretVolume(os.path.join(self.dir, "policy"), {"policy": POLICY_V1})
        self.server = GovProcess(
            binary_path("govmetrics-index"), f"--tls_cert={self.tls.path('tls.crt')}",
            f"--tls_key={self.tls.path('tls.key')}", f"--tls_client_ca={self.tls.path('ca.crt')}",
            f"--auth_tokens_file={self.tokens}",
            f"--access_policy_file={self.policy.path('policy')}",
            "--reload_check_seconds=1").start()
        self.addCleanup(self.server.stop)
        cert, key = self.pki["client"]
        self.credentials = grpc.ssl_channel_credentials(
            root_certificates=read(self.pki["ca"]), private_key=read(key),
            certificate_chain=read(cert))

    def call(self, method, request, token):
        """A call on a fresh connection: OK or the status code."""
        channel = grpc.secure_channel(self.server.target, self.credentials)
        try:
            getattr(gm.index_grpc.IndexServiceStub(channel), method)(
                request, timeout=20, metadata=(("authorization", f"Bearer {token}"),))
            return grpc.StatusCode.OK
        except grpc.RpcError as error:
            return error.code()
        finally:
            channel.close()

    def served_subject(self):
        cert, key = self.pki["client"]
        return served_certificate_subject(self.server.port, self.pki["ca"], cert, key)

    def log_count(self, text):
        return self.server.log().count(text)

    def test_everything_reloads_under_load_without_a_failed_call(self):
        with LoadGenerator(self.server.target, self.credentials) as load:
            # 1. Tokens, on SIGHUP.
            self.assertEqual(self.call("ComputeIndex", index_request(), TOKEN_C),
                             grpc.StatusCode.UNAUTHENTICATED)
            with open(self.tokens, "w") as f:
                f.write(f"agency-a {TOKEN_A}\nagency-c {TOKEN_C}\n")
            self.server.process.send_signal(signal.SIGHUP)
            wait_until(lambda: self.call("ComputeIndex", index_request(), TOKEN_C)
                       == grpc.StatusCode.OK, timeout=WAIT, what="the new token")

            # 2. Policy, by a Secret-style symlink swap and no signal.
            self.assertEqual(self.call("ComputeCouplingCoordination", coupling_request(),
                                       TOKEN_C), grpc.StatusCode.PERMISSION_DENIED)
            self.policy.update({"policy": POLICY_V2})
            wait_until(lambda: self.call("ComputeCouplingCoordination", coupling_request(),
                                         TOKEN_C) == grpc.StatusCode.OK,
                       timeout=WAIT, what="the new policy")

            # 3. A bad policy is refused; the last good one stays.
            refused = self.log_count('"reload_refused"')
            self.policy.update({"policy": "[agency agency-a]\nallow = nonsense\n"})
            wait_until(lambda: self.log_count('"reload_refused"') > refused, timeout=WAIT,
                       what="the refusal log line")
            self.assertIn("access policy line 2", self.server.log())
            self.assertEqual(self.call("ComputeCouplingCoordination", coupling_request(),
                                       TOKEN_C), grpc.StatusCode.OK)

            # 4. A new certificate: new connections get it.
            self.assertEqual(self.served_subject(), "govmetrics-test-server")
            cert, key = self.cert_v2
            self.tls.update({"tls.crt": read(cert), "tls.key": read(key),
                             "ca.crt": read(self.pki["ca"])})
            wait_until(lambda: self.served_subject() == "govmetrics-server-v2", timeout=WAIT,
                       what="the new certificate")

            # 5. A key that is not the certificate's is refused; the server keeps serving.
            refused = self.log_count('"reload_refused"')
            self.tls.update({"tls.crt": read(self.pki["server"][0]), "tls.key": read(key),
                             "ca.crt": read(self.pki["ca"])})
            self.server.process.send_signal(signal.SIGHUP)
            wait_until(lambda: self.log_count('"reload_refused"') > refused, timeout=WAIT,
                       what="the refusal of a mismatched key")
            self.assertIn("--tls_key is not the key of the --tls_cert certificate",
                          self.server.log())
            self.assertEqual(self.served_subject(), "govmetrics-server-v2")
            self.assertEqual(self.call("ComputeIndex", index_request(), TOKEN_A),
                             grpc.StatusCode.OK)
            calls_during_reloads = load.ok
        self.assertEqual(load.failures, [])
        self.assertGreater(calls_during_reloads, 10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
