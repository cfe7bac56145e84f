"""Every server binary's --help and --version, as the Dockerfile's users meet them first:
--help exits 0 with a one-line usage and lists every flag the binary accepts (the
runtime's flags in common/rpc and the service's own), each with its default; --version
names our version and the gRPC and protobuf the build linked. Binaries and flags are
discovered from the sources (services/*/main.cc, ABSL_FLAG definitions), so a new
service or flag is covered without editing this test."""
import glob
import os
import re
import subprocess
import unittest

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("GOVMETRICS_BUILD_DIR", "build")
FLAG = re.compile(r"ABSL_FLAG\(\s*[\w:<>]+\s*,\s*(\w+)\s*,", re.S)


def flags_in(paths):
    names = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            names |= set(FLAG.findall(f.read()))
    return names


def servers():
    """(binary name, binary path, flags it must list) for each services/*/main.cc."""
    runtime_flags = flags_in(glob.glob(os.path.join(ROOT, "common", "rpc", "*.cc")))
    found = []
    for main in sorted(glob.glob(os.path.join(ROOT, "services", "*", "main.cc"))):
        with open(main, encoding="utf-8") as f:
            text = f.read()
        name = re.search(r'ParseServerCommandLine\(\s*argc,\s*argv,\s*"([\w-]+)"', text)
        if name is None:
            found.append((main, None, set()))
            continue
        paths = glob.glob(os.path.join(BUILD, "**", name.group(1)), recursive=True)
        own = flags_in(glob.glob(os.path.join(os.path.dirname(main), "*.cc")))
        found.append((name.group(1), paths[0] if paths else None, runtime_flags | own))
    return found


class ServerHelp(unittest.TestCase):
    def test_there_are_servers_to_check(self):
        self.assertGreaterEqual(len(servers()), 3)

    def test_help_lists_every_flag_with_its_default_and_exits_zero(self):
        for name, binary, flags in servers():
            with self.subTest(binary=name):
                self.assertIsNotNone(binary, f"{name}: main.cc must call ParseServerCommandLine, "
                                     "and the binary must be built")
                done = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=60)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertNotIn("No flags matched", done.stdout)
                self.assertNotIn("SetProgramUsageMessage", done.stdout + done.stderr)
                self.assertRegex(done.stdout, rf"(?m)^Usage: {name} ")
                self.assertGreater(len(flags), 10)
                for flag in sorted(flags):
                    self.assertRegex(done.stdout, rf"--{flag} \((?:.|\n)*?\);\s+default: ",
                                     f"{name} --help: --{flag} or its default missing")
                self.assertIn("--flagfile", done.stdout)

    def test_version_names_grpc_and_protobuf(self):
        for name, binary, _ in servers():
            with self.subTest(binary=name):
                self.assertIsNotNone(binary)
                done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertRegex(done.stdout.strip(),
                                 rf"^{name} \d+\.\d+\.\d+ \(gRPC \d+\.\d+\.\d+, protobuf \d+\.\d+\.\d+\)$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
