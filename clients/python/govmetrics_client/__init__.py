"""Python client for the govmetrics services (blocking; asyncio in govmetrics_client.aio).

    import govmetrics_client as gm
    index = gm.IndexClient("127.0.0.1:50051")                  # or ca=, cert=, key=, token=
    panel = gm.read_panel_csv("panel.csv", entity="province", period="year")
    response = index.compute_index(panel=panel, indicators=[
        gm.index_pb2.Indicator(column="broadband", direction="DIRECTION_POSITIVE")])

One client class per service and one snake_case method per RPC, built from the contracts'
descriptors (IndexClient, ModelingClient, ReportingClient, ...); the messages are the
generated modules under govmetrics_client.proto (aliases below). Failures raise
GovmetricsError with the google.rpc details decoded. docs/clients.md has the whole guide.
"""
from govmetrics_client._services import *  # noqa: F401,F403
from govmetrics_client._services import __all__ as _services
from govmetrics_client.channels import MAX_MESSAGE_BYTES, channel_credentials, token_metadata
from govmetrics_client.dataset_upload import dataframe_upload_requests, upload_dataset, upload_requests
from govmetrics_client.csv_panel import CsvError, panel_from_csv_text, read_panel_csv
from govmetrics_client.errors import (FieldViolation, GovmetricsError, PreconditionViolation,
                                      QuotaViolation, field_violations)
from govmetrics_client.health import health_check
from govmetrics_client.panels import panel_chunks, panel_from_columns, panel_from_dataframe
from govmetrics_client.proto.google.longrunning import operations_pb2
from govmetrics_client.proto.google.rpc import error_details_pb2, status_pb2
from govmetrics_client.proto.govmetrics.common.v1 import panel_pb2, provenance_pb2
from govmetrics_client.proto.govmetrics.index.v1 import index_service_pb2 as index_pb2
from govmetrics_client.proto.govmetrics.index.v1 import index_service_pb2_grpc as index_grpc
from govmetrics_client.proto.govmetrics.modeling.v1 import (censored_pb2, group_comparison_pb2, mediation_pb2,
                                                            model_spec_pb2, panel_model_pb2)
from govmetrics_client.proto.govmetrics.modeling.v1 import modeling_service_pb2 as modeling_pb2
from govmetrics_client.proto.govmetrics.modeling.v1 import modeling_service_pb2_grpc as modeling_grpc
from govmetrics_client.proto.govmetrics.reporting.v1 import report_pb2, study_spec_pb2
from govmetrics_client.proto.govmetrics.reporting.v1 import reporting_service_pb2 as reporting_pb2
from govmetrics_client.proto.govmetrics.reporting.v1 import reporting_service_pb2_grpc as reporting_grpc
from govmetrics_client.proto.govmetrics.workspace.v1 import workspace_service_pb2 as workspace_pb2
from govmetrics_client.study import run_study_with_progress

__version__ = "0.2.0"
__all__ = [*_services, "CsvError", "FieldViolation", "GovmetricsError", "MAX_MESSAGE_BYTES",
           "PreconditionViolation", "QuotaViolation", "channel_credentials", "field_violations",
           "health_check", "panel_chunks", "panel_from_columns", "panel_from_csv_text", "panel_from_dataframe",
           "read_panel_csv", "run_study_with_progress", "token_metadata",
           "dataframe_upload_requests", "upload_dataset", "upload_requests"]
