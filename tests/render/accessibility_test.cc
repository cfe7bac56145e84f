// The HTML report passes an axe-core accessibility scan (WCAG 2.1 A/AA and axe's best
// practices) in Debian's headless Chromium, in English and Chinese: no serious or
// critical violation. tests/render/axe/axe_scan.mjs drives Chromium with puppeteer-core
// and injects npm's axe-core (pinned in tests/render/axe/package-lock.json, installed
// with `npm ci` on first use). Skipped when chromium or node is not installed.
// Set GOVMETRICS_RENDER_ARTIFACTS=<dir> to keep the scanned HTML.

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "services/reporting/render/html_renderer.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;

const std::string kAxeDir = GOVMETRICS_SOURCE_DIR "/tests/render/axe";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool OnPath(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

class AccessibilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!OnPath("node") || !std::ifstream("/usr/bin/chromium")) {
      GTEST_SKIP() << "node or /usr/bin/chromium not installed";
    }
    char pattern[] = "/tmp/govmetrics_axe_XXXXXX";
    const char* dir = mkdtemp(pattern);
    ASSERT_NE(dir, nullptr);
    dir_ = dir;
    if (!std::ifstream(kAxeDir + "/node_modules/axe-core/axe.min.js")) {
      const std::string install = "cd " + kAxeDir +
                                  " && npm ci --no-audit --no-fund --loglevel=error >" + dir_ +
                                  "/npm.log 2>&1";
      ASSERT_EQ(std::system(install.c_str()), 0) << ReadFile(dir_ + "/npm.log");
    }
  }
  void TearDown() override {
    if (dir_.empty()) return;
    if (const char* keep = std::getenv("GOVMETRICS_RENDER_ARTIFACTS")) {
      std::system(("mkdir -p " + std::string(keep) + " && cp " + dir_ + "/*.html " + keep).c_str());
    }
    std::system(("rm -rf " + dir_).c_str());
  }

  std::string WriteReport(rv1::Language language, const std::string& name) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << RenderHtml(FixtureReport(language));
    return path;
  }

  std::string dir_;
};

TEST_F(AccessibilityTest, ReportHasNoSeriousOrCriticalViolationInEitherLanguage) {
  const std::string en = WriteReport(rv1::LANGUAGE_EN, "report_en.html");
  const std::string zh = WriteReport(rv1::LANGUAGE_ZH, "report_zh.html");
  const std::string log = dir_ + "/axe.log";
  const std::string scan = "timeout 300 node " + kAxeDir + "/axe_scan.mjs " + en + " " + zh +
                           " >" + log + " 2>&1";
  const int status = std::system(scan.c_str());
  // axe_scan.mjs exits 1 on a serious/critical violation and 2 when the scan did not run.
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(log);
  EXPECT_NE(ReadFile(log).find("report_zh.html: "), std::string::npos) << ReadFile(log);
}

}  // namespace
}  // namespace govmetrics::reporting
