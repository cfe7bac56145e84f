#include "services/reporting/render/text_escape.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace govmetrics::reporting {
namespace {

TEST(HtmlEscape, EscapesMarkupCharactersAndQuotes) {
  EXPECT_EQ(HtmlEscape("a<b & c>\"d\" 'e'"), "a&lt;b &amp; c&gt;&quot;d&quot; &#39;e&#39;");
}

TEST(HtmlEscape, LeavesChineseBytesUntouched) {
  EXPECT_EQ(HtmlEscape("北京 & 内蒙古"), "北京 &amp; 内蒙古");
}

TEST(LatexEscape, EscapesTheTenSpecialCharacters) {
  EXPECT_EQ(LatexEscape("& % $ # _ { } ~ ^ \\"),
            "\\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
}

TEST(LatexEscape, MapsReportSymbolsToCommandsBothEnginesKnow) {
  EXPECT_EQ(LatexEscape("a (X→M)"), "a (X\\ensuremath{\\rightarrow}M)");
  EXPECT_EQ(LatexEscape("a×b"), "a\\ensuremath{\\times}b");
  EXPECT_EQ(LatexEscape("Within R²"), "Within R\\textsuperscript{2}");
  EXPECT_EQ(LatexEscape("x < y > z"), "x \\textless{} y \\textgreater{} z");
}

TEST(LatexEscape, KeepsChineseAndFullWidthPunctuation) {
  EXPECT_EQ(LatexEscape("c（总效应）"), "c（总效应）");
}

TEST(LatexCell, SetsTrailingStarsAsSuperscript) {
  EXPECT_EQ(LatexCell("0.123***"), "0.123\\textsuperscript{***}");
  EXPECT_EQ(LatexCell("(0.045)"), "(0.045)");
  EXPECT_EQ(LatexCell("***"), "***");
}

TEST(MarkdownEscape, EscapesEmphasisAndTablePipes) {
  EXPECT_EQ(MarkdownEscape("0.1*** | a_b"), "0.1\\*\\*\\* \\| a\\_b");
  EXPECT_EQ(MarkdownEscape("line\nbreak"), "line break");
}

TEST(CsvField, QuotesFieldsWithCommasQuotesAndNewlines) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(CsvField, DefusesSpreadsheetFormulasButKeepsSignedNumbers) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("-0.123***"), "-0.123***");
  EXPECT_EQ(CsvField("+1.5"), "+1.5");
  EXPECT_EQ(CsvField("-cmd"), "'-cmd");
}

TEST(CsvRow, JoinsWithCommasAndEndsWithCrlf) {
  EXPECT_EQ(CsvRow({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(SafeId, ReplacesCharactersOutsideTheSafeSet) {
  EXPECT_EQ(SafeId("weights_de-1"), "weights_de-1");
  EXPECT_EQ(SafeId("../etc/passwd"), "---etc-passwd");
  EXPECT_EQ(SafeId(""), "x");
}

TEST(ContainsCjk, DetectsIdeographsOnly) {
  EXPECT_TRUE(ContainsCjk("内蒙古"));
  EXPECT_FALSE(ContainsCjk("Within R² a×b X→M"));
}

TEST(ApproxTextWidth, CountsChineseCharactersAsFullEm) {
  EXPECT_DOUBLE_EQ(ApproxTextWidth("北京", 10), 20);
  EXPECT_LT(ApproxTextWidth("Beijing", 10), 7 * 10 * 0.7);
}

TEST(WrapText, BreaksLatinAtSpacesWithinTheWidth) {
  const auto lines = WrapText("Online service portal score", 90, 12, 3);
  ASSERT_GE(lines.size(), 2u);
  for (const auto& line : lines) EXPECT_LE(ApproxTextWidth(line, 12), 90) << line;
  EXPECT_EQ(lines[0].find(' '), lines[0].rfind(' '));  // words are never split
}

TEST(WrapText, BreaksChineseBetweenAnyCharacters) {
  const auto lines = WrapText("每百人互联网宽带接入端口", 60, 12, 3);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "每百人互联");
  EXPECT_EQ(lines[1], "网宽带接入");
  EXPECT_EQ(lines[2], "端口");
}

TEST(WrapText, MarksTruncationWithAnEllipsis) {
  const auto lines = WrapText("one two three four five six seven", 40, 12, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].substr(lines[1].size() - 3), "…");
}

}  // namespace
}  // namespace govmetrics::reporting
