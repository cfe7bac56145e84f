"""End to end with the real binaries: upload the demo panel to the workspace (SQLite) in
chunks, read it back, share it, run the demo study as a long-running operation, and check
every refusal a client can meet (AIP-193 statuses with details). The result survives a
workspace restart."""
import os
import sys
import tempfile
import unittest

import grpc
from google.protobuf import duration_pb2

sys.path.insert(0, os.path.dirname(__file__))
import workspace_harness as wh  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from google.longrunning import operations_pb2 as opb  # noqa: E402
from google.longrunning import operations_pb2_grpc as ogrpc  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2 as rpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402


class WorkspaceEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = wh.Stack(cls.tmp.name)
        cls.database = "sqlite:workspace.db"
        cls.connect(cls.stack.workspace(cls.database))
        cls.panel = wh.load_panel()

    @classmethod
    def connect(cls, replica):
        cls.replica = replica
        cls.channel = grpc.insecure_channel(replica.target)
        cls.ws = wgrpc.WorkspaceServiceStub(cls.channel)
        cls.ops = ogrpc.OperationsStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.tmp.cleanup()

    def upload(self, agency="stats", chunk_rows=50, panel=None):
        return self.ws.CreateDataset(wh.upload_requests(panel or self.panel, chunk_rows),
                                     metadata=wh.auth(agency)).dataset

    def test_upload_reports_the_shape_and_reads_back_identical(self):
        dataset = self.upload()
        self.assertTrue(dataset.name.startswith("datasets/"))
        self.assertEqual((dataset.row_count, dataset.entity_count, dataset.period_count),
                         (217, 31, 7))
        self.assertTrue(dataset.balanced)
        self.assertEqual(dataset.owner_agency, "stats")
        got = self.ws.GetDataset(wpb.GetDatasetRequest(name=dataset.name), metadata=wh.auth("stats"))
        self.assertEqual(got.dataset, dataset)
        chunks = list(self.ws.ReadDataset(wpb.ReadDatasetRequest(name=dataset.name),
                                          metadata=wh.auth("stats")))
        entity = [e for c in chunks for e in c.chunk.entity]
        self.assertEqual(entity, list(self.panel.entity))
        first = self.panel.columns[0]
        narrow = list(self.ws.ReadDataset(
            wpb.ReadDatasetRequest(name=dataset.name, columns=[first.name]), metadata=wh.auth("stats")))
        self.assertEqual([c.name for c in narrow[0].chunk.columns], [first.name])
        self.assertEqual([v for c in narrow for v in c.chunk.columns[0].values], list(first.values))

    def read(self, dataset, **fields):
        return list(self.ws.ReadDataset(wpb.ReadDatasetRequest(name=dataset.name, **fields),
                                        metadata=wh.auth("stats")))

    def test_columnar_encoding_decodes_to_the_rows_of_the_row_encoding(self):
        dataset = self.upload(chunk_rows=30)
        for fields in ({}, {"columns": [self.panel.columns[1].name], "labels": ["region3"]},
                       {"run_length_codes": True}):
            rows = self.read(dataset, encoding=wpb.CHUNK_ENCODING_ROWS, **fields)
            self.assertEqual(rows, self.read(dataset, **fields))  # ROWS is the default
            columnar = self.read(dataset, encoding=wpb.CHUNK_ENCODING_COLUMNAR, **fields)
            self.assertEqual([m.first_row for m in columnar], [m.first_row for m in rows])
            self.assertFalse(any(m.HasField("chunk") for m in columnar))
            runs = any(m.columnar.entity_run_codes or m.columnar.period_run_starts for m in columnar)
            self.assertEqual(runs, "run_length_codes" in fields)  # sorted panel: runs are shorter
            entities, levels = [], {}
            for message, row_message in zip(columnar, rows):
                chunk = message.columnar
                entities.extend(chunk.new_entities)
                decoded = row_message.chunk.__class__()
                decoded.entity.extend(entities[code] for code in chunk.entity_codes)
                for code, length in zip(chunk.entity_run_codes, chunk.entity_run_lengths):
                    decoded.entity.extend([entities[code]] * length)
                decoded.period.extend(chunk.period)
                for start, length in zip(chunk.period_run_starts, chunk.period_run_lengths):
                    decoded.period.extend(range(start, start + length))
                decoded.columns.extend(chunk.columns)
                for label in chunk.labels:
                    levels.setdefault(label.name, []).extend(label.new_values)
                    decoded.labels.add(name=label.name,
                                       values=[levels[label.name][c] for c in label.codes])
                self.assertEqual(decoded.SerializeToString(), row_message.chunk.SerializeToString())
            self.assertEqual(entities, list(dict.fromkeys(self.panel.entity)))  # each name once

    def test_an_unknown_encoding_is_invalid_argument_naming_the_field(self):
        dataset = self.upload()
        with self.assertRaises(grpc.RpcError) as caught:
            self.read(dataset, encoding=7)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(gm.field_violations(caught.exception)[0][0], "encoding")

    def test_chunks_that_disagree_on_columns_are_refused_and_nothing_is_stored(self):
        before = self.ws.ListDatasets(wpb.ListDatasetsRequest(), metadata=wh.auth("treasury"))
        requests = list(wh.upload_requests(self.panel, 100))
        requests[1].chunk.columns[0].name = "renamed"
        with self.assertRaises(grpc.RpcError) as caught:
            self.ws.CreateDataset(iter(requests), metadata=wh.auth("treasury"))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(gm.field_violations(caught.exception)[0][0], "chunks[1].columns[0].name")
        after = self.ws.ListDatasets(wpb.ListDatasetsRequest(), metadata=wh.auth("treasury"))
        self.assertEqual(after, before)

    def test_without_a_token_the_workspace_refuses(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.ws.ListDatasets(wpb.ListDatasetsRequest())
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_other_agency_sees_not_found_until_shared_and_may_not_delete(self):
        dataset = self.upload()
        request = wpb.GetDatasetRequest(name=dataset.name)
        with self.assertRaises(grpc.RpcError) as caught:
            self.ws.GetDataset(request, metadata=wh.auth("treasury"))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        shared = self.ws.ShareDataset(wpb.ShareDatasetRequest(name=dataset.name, agency="treasury"),
                                      metadata=wh.auth("stats")).dataset
        self.assertEqual(list(shared.readers), ["treasury"])
        self.assertEqual(self.ws.GetDataset(request, metadata=wh.auth("treasury")).dataset.name,
                         dataset.name)
        with self.assertRaises(grpc.RpcError) as caught:
            self.ws.DeleteDataset(wpb.DeleteDatasetRequest(name=dataset.name),
                                  metadata=wh.auth("treasury"))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("only its owner 'stats'", caught.exception.details())
        self.ws.DeleteDataset(wpb.DeleteDatasetRequest(name=dataset.name), metadata=wh.auth("stats"))
        with self.assertRaises(grpc.RpcError) as caught:
            self.ws.GetDataset(request, metadata=wh.auth("stats"))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_unknown_operation_and_dataset_are_not_found(self):
        for call in (lambda: self.ops.GetOperation(opb.GetOperationRequest(name="operations/nope"),
                                                   metadata=wh.auth("stats")),
                     lambda: self.ws.CreateStudy(wpb.CreateStudyRequest(
                         dataset="datasets/nope", spec=wh.demo_spec()), metadata=wh.auth("stats"))):
            with self.assertRaises(grpc.RpcError) as caught:
                call()
            self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_study_runs_as_an_operation_and_its_result_survives_a_restart(self):
        dataset = self.upload()
        self.ws.ShareDataset(wpb.ShareDatasetRequest(name=dataset.name, agency="treasury"),
                             metadata=wh.auth("stats"))
        operation = self.ws.CreateStudy(
            wpb.CreateStudyRequest(dataset=dataset.name, spec=wh.demo_spec(light=False)),
            metadata=wh.auth("treasury"))
        self.assertTrue(operation.name.startswith("operations/"))
        self.assertFalse(operation.done)
        with self.assertRaises(grpc.RpcError) as caught:  # another agency's operation
            self.ops.GetOperation(opb.GetOperationRequest(name=operation.name),
                                  metadata=wh.auth("stats"))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        done = self.ops.WaitOperation(
            opb.WaitOperationRequest(name=operation.name, timeout=duration_pb2.Duration(seconds=300)),
            metadata=wh.auth("treasury"), timeout=320)
        self.assertTrue(done.done, done)
        self.assertEqual(done.WhichOneof("result"), "response", done.error)
        result = rpb.RunStudyResponse()
        self.assertTrue(done.response.Unpack(result))
        self.assertEqual(result.provenance.input_fingerprint, dataset.fingerprint)
        self.assertTrue(any(d.file_name.endswith(".html") for d in result.documents))
        metadata = wpb.StudyMetadata()
        done.metadata.Unpack(metadata)
        self.assertEqual(metadata.state, wpb.STUDY_STATE_SUCCEEDED)
        self.assertEqual(metadata.attempts, 1)
        self.assertGreater(len(metadata.progress), 3)
        self.assertEqual(wh.logged_count(lambda: wh.study_stream_calls(self.stack.reporting), 1), 1)

        self.replica.stop()
        self.connect(self.stack.workspace(self.database))
        again = self.ops.GetOperation(opb.GetOperationRequest(name=operation.name),
                                      metadata=wh.auth("treasury"))
        self.assertEqual(again.response, done.response)
        events = self.ws.ListAuditEvents(wpb.ListAuditEventsRequest(), metadata=wh.auth("stats"))
        actions = [(e.agency, e.action) for e in events.events]
        self.assertIn(("treasury", "study.create"), actions)
        self.assertIn(("stats", "dataset.share"), actions)


if __name__ == "__main__":
    unittest.main(verbosity=2)
