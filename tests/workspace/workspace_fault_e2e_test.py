"""Faults with the real binaries: the workspace killed (SIGKILL) during an upload and
during a study, PostgreSQL restarted during a study, and two workspace replicas on one
PostgreSQL sharing 20 studies. Nothing may be lost, left half-visible or completed twice."""
import os
import signal
import sqlite3
import sys
import tempfile
import time
import unittest

import grpc
from google.protobuf import duration_pb2

sys.path.insert(0, os.path.dirname(__file__))
import workspace_harness as wh  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from google.longrunning import operations_pb2 as opb  # noqa: E402
from google.longrunning import operations_pb2_grpc as ogrpc  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

STATS = wh.auth("stats")


def stubs(replica):
    channel = grpc.insecure_channel(replica.target)
    return wgrpc.WorkspaceServiceStub(channel), ogrpc.OperationsStub(channel)


def metadata_of(operation):
    metadata = wpb.StudyMetadata()
    operation.metadata.Unpack(metadata)
    return metadata


def wait_done(ops, name, seconds=600):
    return ops.WaitOperation(opb.WaitOperationRequest(
        name=name, timeout=duration_pb2.Duration(seconds=seconds)), metadata=STATS,
        timeout=seconds + 30)


def wait_running(ops, name, min_progress=1):
    """Polls until a worker runs the study and reported `min_progress` steps."""
    for _ in range(1200):
        operation = ops.GetOperation(opb.GetOperationRequest(name=name), metadata=STATS)
        metadata = metadata_of(operation)
        if operation.done:
            raise AssertionError(f"study finished before the fault could be injected: {operation}")
        if metadata.state == wpb.STUDY_STATE_RUNNING and len(metadata.progress) >= min_progress:
            return metadata
        time.sleep(0.1)
    raise AssertionError("study never started")


def big_panel(entities=20000, periods=5):
    return gm.panel_from_columns(
        [f"firm{e}" for e in range(entities) for _ in range(periods)],
        [2000 + t for _ in range(entities) for t in range(periods)],
        {name: [float(i % 97) for i in range(entities * periods)] for name in ("y", "x1", "x2")})


class WorkspaceFaults(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.stack = wh.Stack(self.tmp.name)
        self.panel = wh.load_panel()

    def tearDown(self):
        self.stack.stop()
        self.tmp.cleanup()

    def upload_demo(self, ws):
        return ws.CreateDataset(wh.upload_requests(self.panel, 60), metadata=STATS).dataset

    def test_killed_during_an_upload_leaves_no_dataset(self):
        replica = self.stack.workspace("sqlite:ws.db", "--upload_timeout_seconds=1")
        ws, _ = stubs(replica)
        db = sqlite3.connect(os.path.join(self.tmp.name, "ws.db"), check_same_thread=False)

        def kill_once_a_chunk_is_stored():
            for _ in range(600):
                if db.execute("SELECT COUNT(*) FROM dataset_parts").fetchone()[0] > 0:
                    break
                time.sleep(0.05)
            replica.process.send_signal(signal.SIGKILL)
            replica.process.wait()

        with self.assertRaises(grpc.RpcError) as caught:
            ws.CreateDataset(wh.upload_requests(big_panel(), 10000,
                                                stop_after=(8, kill_once_a_chunk_is_stored)),
                             metadata=STATS)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)
        # The upload had stored chunks when it died: the test exercises the partial case.
        self.assertGreater(db.execute("SELECT COUNT(*) FROM dataset_parts").fetchone()[0], 0)
        self.assertEqual(db.execute("SELECT state FROM datasets").fetchall(), [("uploading",)])
        ws, _ = stubs(self.stack.workspace("sqlite:ws.db", "--upload_timeout_seconds=1"))
        self.assertEqual(len(ws.ListDatasets(wpb.ListDatasetsRequest(), metadata=STATS).datasets), 0)
        for _ in range(100):  # collected once its heartbeat is a second old
            if db.execute("SELECT COUNT(*) FROM dataset_parts").fetchone()[0] == 0:
                break
            time.sleep(0.1)
        self.assertEqual(db.execute("SELECT COUNT(*) FROM datasets").fetchone()[0], 0)
        self.assertEqual(db.execute("SELECT COUNT(*) FROM dataset_parts").fetchone()[0], 0)

    def test_study_of_a_killed_replica_is_taken_over_and_completed_once(self):
        first = self.stack.workspace("sqlite:ws.db", "--lease_seconds=2")
        ws, ops = stubs(first)
        dataset = self.upload_demo(ws)
        # The reporting service is stopped (SIGSTOP, every thread stopped before the study is
        # created) while the first worker calls it, so the study is surely still running when
        # that worker is killed, however fast studies get.
        reporting = self.stack.reporting
        reporting.pause()
        try:
            operation = ws.CreateStudy(wpb.CreateStudyRequest(
                dataset=dataset.name, spec=wh.demo_spec(replications=999, light=False)),
                metadata=STATS)
            wait_running(ops, operation.name, min_progress=0)
            first.stop(signal.SIGKILL)
            _, ops = stubs(self.stack.workspace("sqlite:ws.db", "--lease_seconds=2"))
        finally:
            reporting.resume()
        done = wait_done(ops, operation.name)
        self.assertEqual(done.WhichOneof("result"), "response", done.error)
        metadata = metadata_of(done)
        self.assertEqual(metadata.state, wpb.STUDY_STATE_SUCCEEDED)
        self.assertEqual(metadata.attempts, 2)
        self.assertGreater(len(metadata.progress), 3)
        # The killed worker's reporting call did not complete; the second one did, once.
        self.assertEqual(wh.logged_count(lambda: wh.study_stream_calls(self.stack.reporting),
                                           1), 1)

    def test_postgres_restart_during_a_study_is_survived_without_restarting(self):
        pg = wh.PostgresServer()
        self.addCleanup(pg.stop)
        replica = self.stack.workspace(pg.url, "--lease_seconds=30")
        ws, ops = stubs(replica)
        dataset = self.upload_demo(ws)
        # Held in the reporting service (stopped: SIGSTOP, every thread stopped before the
        # study is created) so the restart surely falls inside the study.
        reporting = self.stack.reporting
        reporting.pause()
        try:
            operation = ws.CreateStudy(wpb.CreateStudyRequest(
                dataset=dataset.name, spec=wh.demo_spec(replications=999, light=False)),
                metadata=STATS)
            wait_running(ops, operation.name, min_progress=0)
            pg.command("stop")
            with self.assertRaises(grpc.RpcError) as caught:
                ops.GetOperation(opb.GetOperationRequest(name=operation.name), metadata=STATS)
            self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)
            pg.command("resume")
        finally:
            reporting.resume()
        done = wait_done(ops, operation.name)
        self.assertEqual(done.WhichOneof("result"), "response", done.error)
        self.assertEqual(metadata_of(done).attempts, 1)
        self.assertIsNone(replica.process.poll())  # the same process, never restarted
        self.assertEqual(ws.GetDataset(wpb.GetDatasetRequest(name=dataset.name),
                                       metadata=STATS).dataset.fingerprint, dataset.fingerprint)

    def test_two_replicas_on_one_postgres_run_each_of_20_studies_once(self):
        pg = wh.PostgresServer()
        self.addCleanup(pg.stop)
        replicas = [self.stack.workspace(pg.url, "--study_workers=2") for _ in range(2)]
        clients = [stubs(r) for r in replicas]
        dataset = self.upload_demo(clients[0][0])
        names = [clients[i % 2][0].CreateStudy(
            wpb.CreateStudyRequest(dataset=dataset.name, spec=wh.demo_spec()), metadata=STATS).name
            for i in range(20)]
        for i, name in enumerate(names):
            done = wait_done(clients[(i + 1) % 2][1], name)
            self.assertEqual(done.WhichOneof("result"), "response", done.error)
            self.assertEqual(metadata_of(done).attempts, 1)
        self.assertEqual(wh.logged_count(lambda: wh.study_stream_calls(self.stack.reporting),
                                           20), 20)
        finished = lambda: [sum('"study_finished"' in line for line in r.stderr_lines)  # noqa: E731
                            for r in replicas]
        self.assertEqual(wh.logged_count(lambda: sum(finished()), 20), 20, finished())


if __name__ == "__main__":
    unittest.main(verbosity=2)
