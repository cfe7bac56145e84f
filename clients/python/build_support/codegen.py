"""Generates the Python code of the govmetrics_client package from proto/ (run at build time
by setup.py, and by clients/python/generate.sh for a source checkout).

    codegen.generate(proto_dir, package_dir)

writes package_dir/proto/... : protoc's message modules (*_pb2.py + *.pyi type stubs) and
grpc_python_plugin's service modules (*_pb2_grpc.py) for every .proto under proto_dir, with
their imports moved under `govmetrics_client.proto` (Debian packages no google.rpc module, and
a top-level `google.rpc` beside python3-protobuf's namespace package is fragile), and
package_dir/_services.pyi: typed signatures of the client classes, which are built at run
time from the service descriptors (govmetrics_client/_registry.py), so a new RPC or service
needs no hand-written Python.
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

GRPC_PLUGIN = os.environ.get("GRPC_PYTHON_PLUGIN", "/usr/bin/grpc_python_plugin")
# Every generated package but google.protobuf (python3-protobuf's own) moves under the client.
_IMPORT = re.compile(r"^(\s*)(from|import) (govmetrics|google\.(?!protobuf\b)\w+)\b", re.M)


def find_protos(proto_dir: pathlib.Path) -> list[str]:
    return sorted(str(p.relative_to(proto_dir)) for p in proto_dir.rglob("*.proto"))


def run_protoc(proto_dir: pathlib.Path, out: pathlib.Path, descriptor_set: pathlib.Path) -> None:
    protos = find_protos(proto_dir)
    if not protos:
        raise SystemExit(f"codegen: no .proto files under {proto_dir}")
    subprocess.run(["protoc", "-I", str(proto_dir), f"--python_out={out}", f"--pyi_out={out}",
                    f"--grpc_python_out={out}", f"--plugin=protoc-gen-grpc_python={GRPC_PLUGIN}",
                    "--include_imports", f"--descriptor_set_out={descriptor_set}", *protos],
                   check=True)


def relocate_imports(out: pathlib.Path) -> None:
    """`from govmetrics.x import y` -> `from govmetrics_client.proto.govmetrics.x import y`."""
    for path in list(out.rglob("*.py")) + list(out.rglob("*.pyi")):
        text = path.read_text(encoding="utf-8")
        path.write_text(_IMPORT.sub(r"\1\2 govmetrics_client.proto.\3", text), encoding="utf-8")
    for directory in [out, *[d for d in out.rglob("*") if d.is_dir()]]:
        (directory / "__init__.py").touch()


def _load_naming():
    """govmetrics_client/_naming.py, by path (the package cannot be imported before its
    generated modules exist)."""
    path = pathlib.Path(__file__).resolve().parent.parent / "govmetrics_client" / "_naming.py"
    spec = importlib.util.spec_from_file_location("_govmetrics_naming", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_naming = _load_naming()
snake_case, client_class_name = _naming.snake_case, _naming.client_class_name


def _python_type(full_name: str, files_by_type: dict[str, str]) -> str:
    module = files_by_type[full_name][:-len(".proto")].replace("/", ".") + "_pb2"
    return f"govmetrics_client.proto.{module}.{full_name.rsplit('.', 1)[1]}"


def services_stub(descriptor_set: pathlib.Path) -> str:
    """Type stub text for the generated client classes (sync and asyncio)."""
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set.read_bytes())
    files_by_type = {}
    for f in fds.file:
        for m in f.message_type:
            files_by_type[f"{f.package}.{m.name}"] = f.name
    modules, sync_classes, aio_classes = set(), [], []
    for f in fds.file:
        for service in f.service:
            sync_lines = [f"class {client_class_name(service.name)}(_ClientBase):"]
            aio_lines = [f"class {client_class_name(service.name)}(_AioClientBase):"]
            for m in service.method:
                req = _python_type(m.input_type.lstrip("."), files_by_type)
                resp = _python_type(m.output_type.lstrip("."), files_by_type)
                modules.update(t.rsplit(".", 1)[0] for t in (req, resp))
                sig = (f"self, request: {req} | None = ..., *, timeout: float | None = ..., "
                       f"metadata: Sequence[tuple[str, str]] | None = ..., **fields: Any")
                name = snake_case(m.name)
                if m.client_streaming:
                    sig = sig.replace(f"request: {req} | None = ...", f"requests: Iterable[{req}]").replace(
                        ", **fields: Any", "")
                    returns = f"Iterator[{resp}]" if m.server_streaming else resp
                    sync_lines.append(f"    def {name}({sig}) -> {returns}: ...")
                    aio_lines.append(f"    def {name}({sig}) -> Any: ...")
                elif m.server_streaming:
                    sync_lines.append(f"    def {name}({sig}) -> Iterator[{resp}]: ...")
                    aio_lines.append(f"    def {name}({sig}) -> AsyncIterator[{resp}]: ...")
                else:
                    sync_lines.append(f"    def {name}({sig}) -> {resp}: ...")
                    aio_lines.append(f"    async def {name}({sig}) -> {resp}: ...")
            sync_classes.append("\n".join(sync_lines))
            aio_classes.append("\n".join(aio_lines))
    header = ["# Generated by clients/python/build_support/codegen.py from proto/. Do not edit.",
              "from typing import Any, AsyncIterator, Iterable, Iterator, Sequence",
              *sorted(f"import {m}" for m in modules)]
    return header, sync_classes, aio_classes


def write_stubs(descriptor_set: pathlib.Path, package_dir: pathlib.Path) -> None:
    header, sync_classes, aio_classes = services_stub(descriptor_set)
    base = "from govmetrics_client._client import ClientBase as _ClientBase"
    aio_base = "from govmetrics_client._client import AioClientBase as _AioClientBase"
    (package_dir / "_services.pyi").write_text(
        "\n".join([*header, base, "", *sync_classes]) + "\n", encoding="utf-8")
    (package_dir / "_aio_services.pyi").write_text(
        "\n".join([*header, aio_base, "", *aio_classes]) + "\n", encoding="utf-8")


def generate(proto_dir: pathlib.Path, package_dir: pathlib.Path) -> None:
    proto_dir, package_dir = pathlib.Path(proto_dir).resolve(), pathlib.Path(package_dir).resolve()
    out = package_dir / "proto"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        descriptor_set = pathlib.Path(tmp) / "descriptors.pb"
        run_protoc(proto_dir, out, descriptor_set)
        relocate_imports(out)
        write_stubs(descriptor_set, package_dir)


if __name__ == "__main__":
    generate(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
