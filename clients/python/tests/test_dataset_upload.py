"""govmetrics_client.dataset_upload: the CreateDataset chunks it encodes from numpy are the
bytes protobuf serialises for the same rows, and a real workspace stores them with the
fingerprint of the panel (hashlib over Panel.SerializeToString()), rejects bad rows with
statuses naming the message and row, and keeps nothing of a failed upload."""
import hashlib
import math
import os
import tempfile
import unittest

import grpc
import numpy as np

import govmetrics_client as gm
from support import ServiceProcess, binary_path

TOKEN = "stats-token-0123456789abcdef"


def protobuf_requests(entity, period, columns, labels, chunk_rows, display_name):
    """The same stream built the ordinary way: one protobuf append per value."""
    n = len(entity)
    for index, first in enumerate(range(0, max(n, 1), chunk_rows)):
        last = min(first + chunk_rows, n)
        request = gm.workspace_pb2.CreateDatasetRequest(display_name=display_name if index == 0 else "")
        request.chunk.entity.extend(list(entity[first:last]))
        request.chunk.period.extend(int(p) for p in period[first:last])
        for name, values in columns.items():
            request.chunk.columns.add(name=name, values=[math.nan if v is None else float(v)
                                                         for v in values[first:last]])
        for name, values in labels.items():
            request.chunk.labels.add(name=name, values=["" if v is None else v for v in values[first:last]])
        yield request.SerializeToString()


def awkward_rows(n=600, seed=7):
    """Names of every UTF-8 length class, runs and singletons, periods over int32's whole
    range (negatives are 10-byte varints), NaN and None, labels with None."""
    rng = np.random.default_rng(seed)
    names = np.array(["a", "北京", "", "x" * 200, "ü", "z" * 128], dtype=object)
    entity = names[np.sort(rng.integers(0, len(names), n))]
    entity[::37] = "singleton"
    period = rng.integers(-(2 ** 31), 2 ** 31, n)
    period[:6] = [0, 127, 128, -1, 2 ** 31 - 1, -(2 ** 31)]
    y = rng.normal(size=n)
    y[::11] = np.nan
    x = [None if i % 13 == 0 else float(i) for i in range(n)]
    region = np.array([None, "north", "南"] * (n // 3), dtype=object)
    return entity, period, {"y": y, "x": x}, {"region": region}


class Encoding(unittest.TestCase):
    def test_chunks_are_the_bytes_protobuf_serialises(self):
        entity, period, columns, labels = awkward_rows()
        for chunk_rows in (1, 7, 600, 1000):
            with self.subTest(chunk_rows=chunk_rows):
                ours = list(gm.upload_requests(entity, period, columns, labels, display_name="面板",
                                               chunk_rows=chunk_rows))
                theirs = list(protobuf_requests(entity, period, columns, labels, chunk_rows, "面板"))
                self.assertEqual(len(ours), len(theirs))
                for i, (a, b) in enumerate(zip(ours, theirs)):
                    self.assertEqual(a, b, f"message {i}")

    def test_no_columns_and_an_unnamed_column(self):
        entity, period = np.array(["a", "b"], dtype=object), np.array([1, 2])
        for columns in ({}, {"": [1.0, 2.0]}):
            self.assertEqual(list(gm.upload_requests(entity, period, columns)),
                             list(protobuf_requests(entity, period, columns, {}, 2, "")))

    def test_default_chunks_hold_about_a_stored_chunk(self):
        rows = 100_000
        requests = list(gm.upload_requests(np.array(["e"] * rows, dtype=object), np.arange(rows),
                                           {f"c{j}": np.zeros(rows) for j in range(6)}))
        # 2^18 cells per stored chunk / (entity + period + 6 columns) = 32,768 rows.
        self.assertEqual(len(requests), math.ceil(rows / 32_768))

    def test_bad_input_names_the_array_and_row(self):
        entity = np.array(["a", "b", "c"], dtype=object)
        with self.assertRaisesRegex(ValueError, r"columns\['y'\] has 2 values where entity has 3"):
            list(gm.upload_requests(entity, [1, 2, 3], {"y": [1.0, 2.0]}))
        with self.assertRaisesRegex(ValueError, r"period\[1\] = 2147483648 is outside int32"):
            list(gm.upload_requests(entity, [1, 2 ** 31, 3]))
        with self.assertRaisesRegex(ValueError, r"period\[2\] = 2.5 is not a whole number"):
            list(gm.upload_requests(entity, [1.0, 2.0, 2.5]))
        with self.assertRaisesRegex(TypeError, r"entity\[1\]: expected str, got int 7"):
            list(gm.upload_requests(np.array(["a", 7, "c"], dtype=object), [1, 2, 3]))

    def test_dataframe_follows_panel_from_dataframe(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas not installed")
        df = pd.DataFrame({"county": ["A", "A", "B"], "year": [2001, 2002, 2001],
                           "gdp": [1.5, None, 3.0], "group": ["x", None, "y"]})
        panel = gm.panel_from_dataframe(df, "county", "year")
        (request,) = gm.dataframe_upload_requests(df, "county", "year", display_name="d")
        self.assertEqual(request, gm.workspace_pb2.CreateDatasetRequest(display_name="d", chunk=panel)
                         .SerializeToString())


class Upload(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="govmetrics-py-upload-")
        tokens = os.path.join(cls.tmp.name, "tokens")
        with open(tokens, "w") as f:
            f.write(f"stats {TOKEN}\n")
        cls.server = ServiceProcess(binary_path("govmetrics-workspace"), "--database=sqlite:ws.db",
                                    f"--data_dir={cls.tmp.name}", f"--auth_tokens_file={tokens}",
                                    "--allow_insecure_tokens").start()
        cls.workspace = gm.WorkspaceClient(cls.server.target, token=TOKEN, insecure_token=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.workspace.close()
        cls.server.stop()
        cls.tmp.cleanup()

    def test_upload_stores_the_panel_with_its_fingerprint(self):
        entities, periods = 300, 20
        entity = np.repeat(np.array([f"county {i}" for i in range(entities)], dtype=object), periods)
        period = np.tile(np.arange(1990, 1990 + periods), entities)
        rng = np.random.default_rng(3)
        columns = {"gdp": rng.normal(size=len(entity)), "jobs": rng.normal(size=len(entity))}
        dataset = gm.upload_dataset(self.workspace, entity, period, columns, display_name="counties",
                                    chunk_rows=777)
        panel = gm.panel_from_columns(entity.tolist(), period.tolist(),
                                      {k: v.tolist() for k, v in columns.items()})
        self.assertEqual(dataset.fingerprint, hashlib.sha256(panel.SerializeToString()).hexdigest())
        self.assertEqual((dataset.row_count, dataset.entity_count, dataset.period_count, dataset.balanced),
                         (entities * periods, entities, periods, True))
        self.assertEqual(dataset.display_name, "counties")
        # The same rows as protobuf-built messages: the same dataset.
        again = self.workspace.create_dataset(gm.workspace_pb2.CreateDatasetRequest(chunk=chunk)
                                              for chunk in gm.panel_chunks(panel, rows=1000)).dataset
        self.assertEqual(again.fingerprint, dataset.fingerprint)

    def test_bad_rows_fail_naming_the_message_and_row_and_leave_nothing(self):
        before = len(self.workspace.list_datasets(page_size=1000).datasets)
        entity = np.array(["a", "a", "b", ""], dtype=object)
        with self.assertRaises(gm.GovmetricsError) as caught:
            gm.upload_dataset(self.workspace, entity, [1, 2, 1, 1], {"y": [1.0, 2.0, 3.0, 4.0]}, chunk_rows=2)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual([v.field for v in caught.exception.field_violations], ["chunks[1].entity[1]"])
        with self.assertRaises(gm.GovmetricsError) as caught:
            gm.upload_dataset(self.workspace, np.array(["a", "b", "a"], dtype=object), [1, 1, 1], chunk_rows=1)
        self.assertIn("entity 'a' has period 1 more than once", str(caught.exception))
        self.assertEqual(len(self.workspace.list_datasets(page_size=1000).datasets), before)


if __name__ == "__main__":
    unittest.main()
