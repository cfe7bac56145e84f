"""Upload a dataset to the workspace, then run a study on it by reference, as a long-running
operation: CreateDataset (a stream of chunks), CreateStudy, Operations.WaitOperation.

    python workspace_study.py [DATA.csv SPEC.json [REPLICATIONS]]
Target: $GOVMETRICS_WORKSPACE_TARGET (default 127.0.0.1:50054); token: $GOVMETRICS_TOKEN
(sent over plaintext only when GOVMETRICS_INSECURE_TOKEN=1, for loopback testing)."""
import os
import sys

from google.protobuf import duration_pb2, json_format

import govmetrics_client as gm


def main(csv_path: str, spec_path: str, replications: int) -> int:
    panel = gm.read_panel_csv(csv_path, entity="entity", period="year")
    spec = gm.study_spec_pb2.StudySpec()
    with open(spec_path, encoding="utf-8") as f:
        json_format.Parse(f.read(), spec)
    spec.bootstrap.replications = spec.permutations = replications
    target = os.environ.get("GOVMETRICS_WORKSPACE_TARGET", "127.0.0.1:50054")
    with gm.WorkspaceClient(target, token=os.environ["GOVMETRICS_TOKEN"], timeout=600,
                            insecure_token=os.environ.get("GOVMETRICS_INSECURE_TOKEN") == "1") as workspace:
        # Operations are served on the same port: share the channel, send the same token.
        operations = gm.OperationsClient(channel=workspace.channel, token=os.environ["GOVMETRICS_TOKEN"])
        try:
            chunks = (gm.workspace_pb2.CreateDatasetRequest(display_name="demo panel" if i == 0 else "", chunk=chunk)
                      for i, chunk in enumerate(gm.panel_chunks(panel, rows=100)))
            dataset = workspace.create_dataset(chunks).dataset
            print(f"uploaded {dataset.name}: {dataset.row_count} rows, fingerprint {dataset.fingerprint[:12]}")
            operation = workspace.create_study(dataset=dataset.name, spec=spec)
            print(f"study {operation.name} started")
            # WaitOperationRequest has a field named `timeout`, like the call option: pass a message.
            done = operations.wait_operation(gm.operations_pb2.WaitOperationRequest(
                name=operation.name, timeout=duration_pb2.Duration(seconds=540)), timeout=600)
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    if not done.done or done.HasField("error"):
        print(f"study did not succeed: {done.error.message if done.HasField('error') else 'still running'}",
              file=sys.stderr)
        return 1
    result = gm.reporting_pb2.RunStudyResponse()
    done.response.Unpack(result)
    same = result.provenance.input_fingerprint == dataset.fingerprint
    print(f"study done: {len(result.documents)} documents; the study read the uploaded dataset: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    args = sys.argv[1:] + [None] * 3
    sys.exit(main(args[0] or "data/demo/study_panel.csv", args[1] or "data/demo/study_spec_en.json",
                  int(args[2] or 1000)))
