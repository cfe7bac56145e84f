"""Reading a stored dataset over several ReadDataset streams (ReadDatasetRequest.slice;
the compute services' --dataset_read_streams) with the real binaries: the slices of one
count are the dataset's rows in order; a fit by reference read over 1, 2 or 3 streams is
the inline fit byte for byte (fingerprint included) on unbalanced panels whose stored
chunks, hence slices, split entities (entity-major) or hold every entity (period-major);
each stream is a ReadDataset call of its own, checked for access; the caller's deadline
reaches the streams; a bad slice gets INVALID_ARGUMENT naming the field; unusual or bad
rows at the boundary between two slices get the fit or the status of one stream. Slices
asked for entity codes numbered across the dataset (ReadDatasetRequest.
dataset_entity_codes) carry the whole read's codes, their new names concatenate into its
names, and every message says so; a dataset stored without the entity runs (as an older
workspace left it) says nothing, its slices number their own entities, and a fit over
2 or 3 streams is still the inline fit byte for byte."""
import math
import os
import sqlite3
import sys
import tempfile
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(__file__))
import workspace_harness as wh  # noqa: E402
from harness import ServiceProcess, binary_path  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.common.v1 import panel_pb2  # noqa: E402
from govmetrics.modeling.v1 import model_spec_pb2 as spec  # noqa: E402
from govmetrics.modeling.v1 import modeling_service_pb2_grpc as mgrpc  # noqa: E402
from govmetrics.modeling.v1 import panel_model_pb2 as ppb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

# Enough rows for three streams (the reader gives each at least 65536) and, uploaded in
# messages of a prime number of rows, five stored chunks whose boundaries fall inside
# entities.
ENTITIES = 8000
UPLOAD_ROWS = 7919


def unbalanced_panel(period_major: bool) -> panel_pb2.Panel:
    """Entity e has 20 + e % 11 periods; y depends on x1, x2 and both effects; a label."""
    keys = [(e, t) for e in range(ENTITIES) for t in range(20 + e % 11)]
    if period_major:
        keys.sort(key=lambda k: (k[1], k[0]))
    panel = panel_pb2.Panel()
    panel.entity.extend(f"{'省' if e % 7 == 0 else 'E'}{e}" for e, _ in keys)
    panel.period.extend(2000 + t for _, t in keys)
    x1 = [math.sin(3 * e + t) for e, t in keys]
    x2 = [math.cos(e * t % 17) for e, t in keys]
    y = [0.5 * a - 0.25 * b + 0.01 * (e % 13) + 0.02 * t + 0.1 * math.sin(e * 31 + t * 7)
         for (e, t), a, b in zip(keys, x1, x2)]
    for name, values in (("y", y), ("x1", x1), ("x2", x2)):
        panel.columns.add(name=name, values=values)
    panel.labels.add(name="region", values=[f"r{(e * 7 + t) % 4}" for e, t in keys])
    return panel


def fit_request() -> ppb.FitPanelModelRequest:
    return ppb.FitPanelModelRequest(
        dependent="y", regressors=["x1", "x2"],
        model=spec.ModelSpec(fixed_effects=spec.FIXED_EFFECTS_TWO_WAY,
                            variance=spec.VarianceSpec(type=spec.VARIANCE_TYPE_CLUSTER)))


class SlicedReads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tokens = os.path.join(cls.tmp.name, "tokens")
        with open(tokens, "w") as f:
            f.writelines(f"{agency} {token}\n" for agency, token in wh.TOKENS.items())
        cls.workspace = ServiceProcess(
            binary_path("govmetrics-workspace"), "--database=sqlite:workspace.db",
            f"--data_dir={cls.tmp.name}", f"--auth_tokens_file={tokens}",
            "--allow_insecure_tokens").start()
        address = f"--workspace_address={cls.workspace.target}"
        # Read over 1 (the default), 2 and 3 streams.
        cls.servers = {k: ServiceProcess(binary_path("govmetrics-modeling"), address,
                                            *([f"--dataset_read_streams={k}"] if k != 1 else []))
                       .start() for k in (1, 2, 3)}
        options = [("grpc.max_receive_message_length", 256 << 20)]
        cls.channels = [grpc.insecure_channel(p.target, options=options)
                        for p in (cls.workspace, *cls.servers.values())]
        cls.ws = wgrpc.WorkspaceServiceStub(cls.channels[0])
        cls.modeling = {k: mgrpc.ModelingServiceStub(channel)
                        for k, channel in zip(cls.servers, cls.channels[1:])}
        cls.panels = {order: unbalanced_panel(order == "period-major")
                      for order in ("entity-major", "period-major")}
        cls.datasets = {order: cls.ws.CreateDataset(wh.upload_requests(panel, UPLOAD_ROWS, order),
                                                    metadata=wh.auth("stats")).dataset
                        for order, panel in cls.panels.items()}
        labels_only = panel_pb2.Panel()  # where a slice starts is counted another way
        labels_only.CopyFrom(cls.panels["entity-major"])
        del labels_only.columns[:]
        cls.labels_only = cls.ws.CreateDataset(wh.upload_requests(labels_only, UPLOAD_ROWS),
                                               metadata=wh.auth("stats")).dataset

    @classmethod
    def tearDownClass(cls):
        for channel in cls.channels:
            channel.close()
        for process in (*cls.servers.values(), cls.workspace):
            process.stop()
        cls.tmp.cleanup()

    def read(self, name, count=0, index=0, encoding=wpb.CHUNK_ENCODING_ROWS, **fields):
        request = wpb.ReadDatasetRequest(name=name, encoding=encoding,
                                         slice=wpb.ReadSlice(count=count, index=index), **fields)
        return list(self.ws.ReadDataset(request, metadata=wh.auth("stats")))

    def read_columnar(self, name, count=0, index=0, **fields):
        return self.read(name, count, index, wpb.CHUNK_ENCODING_COLUMNAR, run_length_codes=True,
                         **fields)

    @staticmethod
    def entity_codes(messages):
        """Each row's entity code, the runs expanded."""
        codes = []
        for m in messages:
            c = m.columnar
            codes.extend(c.entity_codes)
            for code, length in zip(c.entity_run_codes, c.entity_run_lengths):
                codes.extend([code] * length)
        return codes

    def strip_runs_parts(self, dataset):
        """Removes the entity and period runs parts of `dataset` from the workspace's SQLite
        file, leaving it as a workspace older than them stored it."""
        first_extra = 2 + len(dataset.columns) + len(dataset.labels)  # dataset_parts.h
        with sqlite3.connect(os.path.join(self.tmp.name, "workspace.db"), timeout=30) as db:
            deleted = db.execute("DELETE FROM dataset_parts WHERE dataset_id = ? AND part >= ?",
                                 (dataset.name.split("/", 1)[1], first_extra)).rowcount
        self.assertGreater(deleted, 0)

    def read_calls(self):
        """The workspace's ReadDataset log lines, once every line logged so far has been
        drained (a GetDataset of our own logged after them: the log is in call order)."""
        def count(method):
            return sum(1 for line in self.workspace.stderr_lines if f'"{method}"' in line)
        marks = count("GetDataset")
        self.ws.GetDataset(wpb.GetDatasetRequest(name=self.datasets["entity-major"].name),
                           metadata=wh.auth("stats"))
        for _ in range(3000):  # at most 30 s; then the assertions show what is missing
            if count("GetDataset") > marks:
                break
            time.sleep(0.01)
        return [line for line in self.workspace.stderr_lines if '"ReadDataset"' in line]

    def test_the_slices_of_one_count_are_the_rows_in_order(self):
        for name in (self.datasets["entity-major"].name, self.labels_only.name):
            whole = self.read(name)
            self.assertGreaterEqual(len(whole), 2)  # stored chunks: slices that split entities
            rows = lambda messages: [(e, p, r) for m in messages for e, p, r in
                                     zip(m.chunk.entity, m.chunk.period, m.chunk.labels[0].values)]
            for count in (1, 2, 3, 7):
                slices = [self.read(name, count, index) for index in range(count)]
                self.assertEqual(sum((rows(s) for s in slices), []), rows(whole), count)
                first_rows = [m.first_row for s in slices for m in s]  # rows keep their numbers
                self.assertEqual(first_rows, [m.first_row for m in whole], count)

    def test_slices_numbering_the_datasets_entities_carry_the_whole_reads_codes(self):
        for order, dataset in self.datasets.items():
            today = self.read_columnar(dataset.name)
            whole = self.read_columnar(dataset.name, dataset_entity_codes=True)
            names = [n for m in today for n in m.columnar.new_entities]
            self.assertEqual(len(names), dataset.entity_count, order)
            self.assertEqual([m.columnar for m in whole], [m.columnar for m in today], order)
            self.assertTrue(all(m.dataset_entity_codes for m in whole), order)
            self.assertFalse(any(m.dataset_entity_codes or m.entities_before for m in today))
            for count in (2, 3, 7):
                slices = [self.read_columnar(dataset.name, count, index, dataset_entity_codes=True)
                          for index in range(count)]
                self.assertEqual([n for s in slices for m in s for n in m.columnar.new_entities],
                                 names, (order, count))
                self.assertEqual(sum((self.entity_codes(s) for s in slices), []),
                                 self.entity_codes(today), (order, count))
                before = 0
                for messages in slices:
                    for m in messages:
                        self.assertTrue(m.dataset_entity_codes, (order, count))
                        self.assertEqual(m.entities_before, before, (order, count))
                        before += len(m.columnar.new_entities)
                # Without the field, a later slice numbers its own entities from 0.
                own = self.read_columnar(dataset.name, count, count - 1)
                self.assertFalse(any(m.dataset_entity_codes for m in own))
                self.assertEqual(self.entity_codes(own)[0], 0)

    def test_a_dataset_stored_without_the_entity_runs_is_joined_by_names(self):
        panel = panel_pb2.Panel()
        panel.CopyFrom(self.panels["period-major"])
        panel.columns[0].values[0] += 1.0  # a fingerprint of its own: not in any cache
        dataset = self.ws.CreateDataset(wh.upload_requests(panel, UPLOAD_ROWS, "old"),
                                        metadata=wh.auth("stats")).dataset
        self.strip_runs_parts(dataset)
        for count, index in ((0, 0), (2, 1), (3, 2)):
            messages = self.read_columnar(dataset.name, count, index, dataset_entity_codes=True)
            self.assertTrue(messages)
            self.assertFalse(any(m.dataset_entity_codes or m.entities_before for m in messages))
        inline = fit_request()
        inline.panel.CopyFrom(panel)
        expected = self.modeling[1].FitPanelModel(inline, metadata=wh.auth("stats"))
        for streams in (1, 2, 3):
            request = fit_request()
            request.dataset = dataset.name
            fit = self.modeling[streams].FitPanelModel(request, metadata=wh.auth("stats"))
            self.assertEqual(fit.SerializeToString(deterministic=True),
                             expected.SerializeToString(deterministic=True), streams)

    def test_a_bad_slice_names_the_field(self):
        name = self.datasets["entity-major"].name
        for count, index, field in ((-1, 0, "slice.count"), (1025, 0, "slice.count"),
                                    (3, 3, "slice.index"), (3, -1, "slice.index")):
            with self.assertRaises(grpc.RpcError) as caught:
                self.read(name, count, index)
            self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
            self.assertEqual([f for f, _ in gm.field_violations(caught.exception)], [field])

    def test_a_fit_read_over_one_two_or_three_streams_is_the_inline_fit_bit_for_bit(self):
        for order, dataset in self.datasets.items():
            inline = fit_request()
            inline.panel.CopyFrom(self.panels[order])
            expected = self.modeling[1].FitPanelModel(inline, metadata=wh.auth("stats"))
            self.assertEqual(expected.provenance.input_fingerprint, dataset.fingerprint)
            for streams in (1, 2, 3):
                before = len(self.read_calls())
                request = fit_request()
                request.dataset = dataset.name
                fit = self.modeling[streams].FitPanelModel(request, metadata=wh.auth("stats"))
                self.assertEqual(fit.SerializeToString(deterministic=True),
                                 expected.SerializeToString(deterministic=True), (order, streams))
                calls = self.read_calls()[before:]
                self.assertEqual(len(calls), streams, (order, calls))
                self.assertTrue(all('"code":"OK"' in line for line in calls), calls)

    def fit_three_ways(self, panel):
        """(inline fit, by reference over 1 stream, over 2 streams) of `panel` stored, each
        a response or the grpc.RpcError refusing it."""
        def call(stub, request):
            try:
                return stub.FitPanelModel(request, metadata=wh.auth("stats"))
            except grpc.RpcError as error:
                return error
        dataset = self.ws.CreateDataset(wh.upload_requests(panel, UPLOAD_ROWS, "variant"),
                                        metadata=wh.auth("stats")).dataset
        inline = fit_request()
        inline.panel.CopyFrom(panel)
        by_reference = fit_request()
        by_reference.dataset = dataset.name
        return (call(self.modeling[1], inline), call(self.modeling[1], by_reference),
                call(self.modeling[2], by_reference))

    def test_rows_at_the_slice_boundary_get_what_one_stream_and_inline_get(self):
        """Each slice's reading thread gathers the facts that spare the checks after the
        stream (finite columns; every entity's periods increasing, so no repeated (entity,
        period)), and the reader joins them at the boundary. Over 2 streams: an entity whose
        periods decrease across it, an entity that comes back in the second slice at an
        earlier period (both unique: fitted) and a missing value in the second slice (dropped)
        give the inline fit byte for byte, an infinite value there the status of 1 stream.
        (A repeated pair cannot be stored: the workspace refuses it at upload; the join's
        cases for it are in sliced_read_test.cc.)"""
        base = self.panels["entity-major"]
        boundary = self.read(self.datasets["entity-major"].name, 2, 1)[0].first_row
        self.assertEqual(base.entity[boundary - 1], base.entity[boundary])  # splits an entity
        variants = {}
        for kind in ("decreasing", "comes back", "missing", "infinite"):
            panel = variants[kind] = panel_pb2.Panel()
            panel.CopyFrom(base)
            if kind == "decreasing":
                panel.period[boundary - 1], panel.period[boundary] = (panel.period[boundary],
                                                                      panel.period[boundary - 1])
            if kind == "comes back":
                panel.entity[boundary + 3], panel.period[boundary + 3] = panel.entity[0], 1990
            if kind == "missing":
                panel.columns[0].values[boundary + 4] = float("nan")
            if kind == "infinite":
                panel.columns[1].values[boundary + 5] = float("inf")
        for kind, panel in variants.items():
            inline, one, two = self.fit_three_ways(panel)
            if kind != "infinite":
                self.assertEqual(two.SerializeToString(deterministic=True),
                                 inline.SerializeToString(deterministic=True), kind)
                self.assertEqual(one.SerializeToString(deterministic=True),
                                 inline.SerializeToString(deterministic=True), kind)
                continue
            for refusal in (inline, one, two):
                self.assertIsInstance(refusal, grpc.RpcError, kind)
                self.assertEqual(refusal.code(), grpc.StatusCode.INVALID_ARGUMENT, kind)
            self.assertEqual(two.details(), one.details(), kind)
            self.assertEqual(gm.field_violations(two), gm.field_violations(one), kind)
            self.assertEqual([f for f, _ in gm.field_violations(one)],
                             [f"dataset.rows[{boundary + 5}].x1"], kind)

    def test_each_stream_checks_access_and_carries_the_callers_deadline(self):
        request = fit_request()
        request.dataset = self.datasets["period-major"].name
        request.dependent = "x2"  # a column set no other test reads: not in the cache
        request.regressors[:] = ["x1"]
        with self.assertRaises(grpc.RpcError) as caught:
            self.modeling[3].FitPanelModel(request, metadata=wh.auth("treasury"))
        self.assertIn(caught.exception.code(),
                      (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED))
        with self.assertRaises(grpc.RpcError) as caught:
            self.modeling[3].FitPanelModel(request, metadata=wh.auth("stats"), timeout=0.001)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.DEADLINE_EXCEEDED)
        fit = self.modeling[3].FitPanelModel(request, metadata=wh.auth("stats"))
        self.assertEqual(fit.provenance.input_fingerprint, self.datasets["period-major"].fingerprint)


if __name__ == "__main__":
    unittest.main()
