// The HTML report as a person sees it: headless Chromium opens the file, takes a
// screenshot and dumps the DOM with console logging on. The screenshot must not be
// blank and must show the first palette colour (the SVG charts were drawn); the log
// must hold no script or console error. Skipped when chromium is not installed.
// Set GOVMETRICS_RENDER_ARTIFACTS=<dir> to keep the HTML and PNG files for viewing.

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "services/reporting/render/html_renderer.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CountOf;
using testing::FixtureReport;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string Chromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    if (std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0)
      return name;
  }
  return "";
}

std::string MakeTempDir() {
  char pattern[] = "/tmp/govmetrics_chromium_XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir == nullptr ? "" : dir;
}

// Flags that keep Chromium off the network and away from the user's profile.
std::string ChromiumCommand(const std::string& binary, const std::string& profile) {
  return "timeout 180 " + binary +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
         "--no-default-browser-check"
         " --disable-background-networking --disable-component-update --disable-sync "
         "--disable-extensions"
         " --disable-dev-shm-usage --user-data-dir=" +
         profile;
}

class ChromiumRenderTest : public ::testing::TestWithParam<rv1::Language> {
 protected:
  void SetUp() override {
    binary_ = Chromium();
    if (binary_.empty()) GTEST_SKIP() << "chromium not on PATH";
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    suffix_ = GetParam() == rv1::LANGUAGE_ZH ? "zh" : "en";
    html_ = RenderHtml(FixtureReport(GetParam()));
    html_path_ = dir_ + "/report_" + suffix_ + ".html";
    std::ofstream(html_path_, std::ios::binary) << html_;
  }
  void TearDown() override {
    if (dir_.empty()) return;
    if (const char* keep = std::getenv("GOVMETRICS_RENDER_ARTIFACTS")) {
      std::system(("mkdir -p " + std::string(keep) + " && cp " + dir_ + "/*.html " + dir_ +
                   "/*.png " + keep + "/ 2>/dev/null")
                      .c_str());
    }
    std::system(("rm -rf " + dir_).c_str());
  }

  std::string binary_;
  std::string dir_;
  std::string suffix_;
  std::string html_;
  std::string html_path_;
};

TEST_P(ChromiumRenderTest, ScreenshotIsNotBlankAndShowsTheCharts) {
  const std::string png = dir_ + "/report_" + suffix_ + ".png";
  const std::string command = ChromiumCommand(binary_, dir_ + "/profile-shot") +
                              " --screenshot=" + png +
                              " --window-size=1200,2000 --hide-scrollbars file://" + html_path_ +
                              " >" + dir_ + "/shot.log 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << ReadFile(dir_ + "/shot.log");
  ASSERT_FALSE(ReadFile(png).empty()) << ReadFile(dir_ + "/shot.log");
  // At least 2% of the page inked, and some pixels in the first palette colour (#0072B2).
  const std::string check =
      "/usr/bin/python3 " GOVMETRICS_SOURCE_DIR "/tests/render/png_nonblank.py " + png +
      " --min-fraction 0.02 --expect-color 0072B2:150 >" + dir_ + "/png.log 2>&1";
  EXPECT_EQ(std::system(check.c_str()), 0) << ReadFile(dir_ + "/png.log");
}

TEST_P(ChromiumRenderTest, DomLoadsWithoutConsoleErrors) {
  const std::string dom_path = dir_ + "/dom.html";
  const std::string log_path = dir_ + "/console.log";
  const std::string command = ChromiumCommand(binary_, dir_ + "/profile-dom") +
                              " --enable-logging=stderr --v=0 --dump-dom file://" + html_path_ +
                              " >" + dom_path + " 2>" + log_path;
  ASSERT_EQ(std::system(command.c_str()), 0) << ReadFile(log_path);
  const std::string dom = ReadFile(dom_path);
  const std::string log = ReadFile(log_path);
  EXPECT_EQ(log.find("Uncaught"), std::string::npos) << log;
  EXPECT_EQ(log.find("ERROR:CONSOLE"), std::string::npos) << log;
  EXPECT_EQ(log.find(":CONSOLE("), std::string::npos) << log;
  // The parser kept every chart and table: nothing was dropped as malformed markup.
  EXPECT_EQ(CountOf(dom, "<svg"), CountOf(html_, "<svg"));
  EXPECT_EQ(CountOf(dom, "<table"), CountOf(html_, "<table"));
  EXPECT_EQ(CountOf(dom, "<td"), CountOf(html_, "<td"));
  const std::string province = GetParam() == rv1::LANGUAGE_ZH ? "内蒙古" : "Inner Mongolia";
  EXPECT_NE(dom.find(province), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Languages, ChromiumRenderTest,
                         ::testing::Values(rv1::LANGUAGE_EN, rv1::LANGUAGE_ZH),
                         [](const auto& info) {
                           return info.param == rv1::LANGUAGE_ZH ? "zh" : "en";
                         });

}  // namespace
}  // namespace govmetrics::reporting
