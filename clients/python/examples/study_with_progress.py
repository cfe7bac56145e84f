"""A whole study with progress: the demo study (indices, baseline, robustness, mechanism,
heterogeneity) streamed from the reporting service; each finished step is printed, the
documents are written to OUT_DIR.

    python study_with_progress.py [SPEC.json DATA.csv OUT_DIR [REPLICATIONS]]
Target: $GOVMETRICS_REPORTING_TARGET (default 127.0.0.1:50053)."""
import os
import sys

from google.protobuf import json_format

import govmetrics_client as gm


def main(spec_path: str, csv_path: str, out_dir: str, replications: int) -> int:
    spec = gm.study_spec_pb2.StudySpec()
    with open(spec_path, encoding="utf-8") as f:
        json_format.Parse(f.read(), spec)
    spec.bootstrap.replications = spec.permutations = replications
    panel = gm.read_panel_csv(csv_path, entity="entity", period="year")
    target = os.environ.get("GOVMETRICS_REPORTING_TARGET", "127.0.0.1:50053")

    def show(progress: gm.reporting_pb2.Progress) -> None:
        print(f"[{progress.completed}/{progress.total}] {progress.step}: {progress.message}", flush=True)

    with gm.ReportingClient(target, timeout=600) as reporting:
        try:
            result = gm.run_study_with_progress(reporting, panel=panel, spec=spec, on_progress=show)
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    for document in result.documents:
        path = os.path.join(out_dir, document.file_name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(document.content)
    print(f"wrote {len(result.documents)} documents to {out_dir}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:] + [None] * 4
    sys.exit(main(args[0] or "data/demo/study_spec_en.json", args[1] or "data/demo/study_panel.csv",
                  args[2] or "out", int(args[3] or 1000)))
