"""The `govmetrics` command line as a newcomer meets it (no server needed): --help of the
root and of every subcommand exits 0 and lists every option with its default and allowed
values, --version names the gRPC and protobuf versions, shared options mean the same in
every subcommand, mistakes are named, and the generated bash completion completes."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import binary_path  # noqa: E402

CLI = binary_path("govmetrics")

CONNECTION = ["--target", "--timeout", "--ca", "--cert", "--key", "--token-file"]
PANEL = ["--data", "--entity", "--period"]
MODEL = ["--fe", "--absorb", "--estimator", "--vcov", "--cluster", "--small-sample", "--max-lag",
         "--level", "--log", "--lag", "--winsorize", "--drop-entities", "--keep", "--periods"]
# Every option each subcommand documents (README, docs/clients.md).
OPTIONS = {
    "index": PANEL + ["--positive", "--negative", "--dimension", "--method", "--pooling",
                      "--base-period", "--hierarchy", "--shift", "--missing", "--scale", "--out"]
    + CONNECTION,
    "fit": PANEL + ["--y", "--x", "--endogenous", "--instruments", "--interaction", "--center", "--out"] + MODEL
    + CONNECTION,
    "gmm": PANEL + ["--dependent", "--dependent-lags", "--regressor", "--gmm", "--iv", "--diff-hansen",
                    "--transformation", "--steps", "--effect", "--collapse", "--conventional", "--out"] + CONNECTION,
    "mediate": PANEL + ["--x", "--m", "--y", "--controls", "--reps", "--seed", "--ci", "--ci-level",
                        "--resample", "--mode", "--alpha", "--out"] + MODEL + CONNECTION,
    "compare": PANEL + ["--y", "--x", "--group", "--compare", "--permutations", "--seed", "--out"] + MODEL
    + CONNECTION,
    "tobit": PANEL + ["--dataset", "--dependent", "--regressor", "--left", "--right", "--period-effects", "--model",
                      "--vcov", "--points"] + CONNECTION,
    "study": ["--spec"] + PANEL + ["--validate", "--out", "--language", "--format"] + CONNECTION,
    "spatial-fit": PANEL + ["--y", "--x", "--model", "--effects", "--bias-correction", "--contiguity",
                            "--china-provinces", "--hainan", "--draws", "--seed", "--out"] + CONNECTION,
}


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8", timeout=60)


def help_line(text, option):
    """The help line(s) of `option`: its name line plus a wrapped description line."""
    match = re.search(rf"^  {re.escape(option)}\b.*(\n {{30,}}\S.*)?", text, re.M)
    return match.group(0) if match else None


class CliHelp(unittest.TestCase):
    def test_root_help_lists_every_subcommand_and_exits_zero(self):
        done = run("--help")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stderr, "")
        for command in list(OPTIONS) + ["version", "completion"]:
            self.assertRegex(done.stdout, rf"(?m)^  {command}\s+\S")

    def test_every_subcommand_help_lists_every_option(self):
        for command, options in OPTIONS.items():
            with self.subTest(command=command):
                done = run(command, "--help")
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertNotIn("unknown", done.stdout + done.stderr)
                for option in options:
                    self.assertIsNotNone(help_line(done.stdout, option), f"{command}: {option} missing")

    def test_help_shows_defaults_and_allowed_values(self):
        fit = run("fit", "--help").stdout
        self.assertIn("{none,entity,period,two-way}", help_line(fit, "--fe"))
        self.assertIn("(default: two-way)", help_line(fit, "--fe"))
        self.assertIn("{stata,fixest,plm,none}", help_line(fit, "--small-sample"))
        self.assertIn("(default: 0.95)", help_line(fit, "--level"))
        self.assertIn("(default: 127.0.0.1:50052)", help_line(fit, "--target"))
        self.assertIn("--data", help_line(fit, "--dataset"))  # one of the two
        index = run("index", "--help").stdout
        self.assertIn("{entropy,critic,cv,equal,entropy-topsis}", help_line(index, "--method"))
        self.assertIn("(default: 0.0001)", help_line(index, "--shift"))

    def test_shared_options_have_one_default_everywhere(self):
        for option, default in (("--period", "year"), ("--entity", "entity")):
            for command in OPTIONS:
                with self.subTest(command=command, option=option):
                    self.assertIn(f"(default: {default})", help_line(run(command, "--help").stdout, option))

    def test_option_names_are_kebab_case_and_old_spellings_are_hidden(self):
        for command in OPTIONS:
            text = run(command, "--help").stdout
            self.assertEqual(re.findall(r"--[a-z]+_[a-z_]+", text), [], command)

    def test_version_names_grpc_and_protobuf(self):
        for args in (["--version"], ["version"]):
            done = run(*args)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertRegex(done.stdout, r"^govmetrics \d+\.\d+\.\d+ \(gRPC \d+\.\d+\.\d+, protobuf \d+\.\d+\.\d+\)")

    def test_a_value_outside_the_choices_is_refused_naming_option_and_choices(self):
        done = run("fit", "--data", "x.csv", "--y", "y", "--fe", "twoway")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--fe: 'twoway' is not one of {none,entity,period,two-way}", done.stderr)
        self.assertIn("govmetrics fit --help", done.stderr)

    def test_unknown_option_and_command_are_named(self):
        done = run("fit", "--data", "x.csv", "--y", "y", "--bogus", "1")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--bogus", done.stderr)
        done = run("fitt")
        self.assertEqual(done.returncode, 2)
        self.assertIn("unknown command 'fitt'", done.stderr)

    def test_missing_required_option_is_named(self):
        done = run("mediate", "--data", "x.csv", "--x", "a", "--y", "b")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--m is required", done.stderr)

    def complete(self, *words):
        script = run("completion", "bash")
        self.assertEqual(script.returncode, 0, script.stderr)
        words = ["govmetrics", *words]
        program = (script.stdout + "\nCOMP_WORDS=(" + " ".join(f"'{w}'" for w in words) + ")\n"
                   f"COMP_CWORD={len(words) - 1}\n_govmetrics\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n")
        done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.split()

    def test_bash_completion_completes_commands_options_and_choices(self):
        self.assertEqual(self.complete("fi"), ["fit"])
        self.assertEqual(self.complete("fit", "--small"), ["--small-sample"])
        self.assertEqual(self.complete("fit", "--fe", "t"), ["two-way"])
        self.assertEqual(self.complete("index", "--method", "entropy"), ["entropy", "entropy-topsis"])
        self.assertNotIn("--base_period", self.complete("index", "--base"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
