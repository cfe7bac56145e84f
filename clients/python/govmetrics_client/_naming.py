"""Names of the generated client classes and methods (shared by the run-time registry and
the build-time stub generator, which loads this file by path: no imports here)."""
import re


def snake_case(name: str) -> str:
    """ComputeIndex -> compute_index."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def client_class_name(service_name: str) -> str:
    """IndexService -> IndexClient; Operations -> OperationsClient."""
    return (service_name[:-len("Service")] if service_name.endswith("Service") else service_name) + "Client"
