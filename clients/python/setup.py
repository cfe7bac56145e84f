"""Build hook: the generated code (messages, services, type stubs) is produced from the
contracts in proto/ while the package is built, never committed. The contracts are looked
up in $GOVMETRICS_PROTO_DIR, else ../../proto (this repository's layout)."""
import os
import pathlib
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "build_support"))
import codegen  # noqa: E402


class BuildWithGeneratedCode(build_py):
    def run(self):
        proto_dir = pathlib.Path(os.environ.get("GOVMETRICS_PROTO_DIR", HERE.parent.parent / "proto"))
        codegen.generate(proto_dir, HERE / "govmetrics_client")
        # The generated sub-packages exist only now: add them, with their .pyi stubs.
        generated = sorted(".".join(init.parent.relative_to(HERE).parts)
                           for init in (HERE / "govmetrics_client" / "proto").rglob("__init__.py"))
        self.packages = sorted(set(self.packages or []) | set(generated))
        for package in generated:
            self.package_data.setdefault(package, []).append("*.pyi")
        self.__dict__.pop("data_files", None)  # recomputed from the new package list
        super().run()


setup(cmdclass={"build_py": BuildWithGeneratedCode})
