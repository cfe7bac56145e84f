#include "services/reporting/render/docx_renderer.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/render/chart_image.h"
#include "services/reporting/render/docx_package.h"
#include "services/reporting/render/docx_table.h"
#include "services/reporting/render/docx_xml.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

class DocxWriter {
 public:
  explicit DocxWriter(const rv1::Report& report)
      : report_(report), words_(StringsFor(report.language())), layout_(LayOutReport(report)) {
    DrawCharts();
    content_.title = report.title();
    content_.language = report.language();
  }

  DocxContent Write() {
    Styled(report_.title(), "Title", DocxAlign::kCenter);
    Styled(words_.generated_by, nullptr, DocxAlign::kCenter);
    Headlines();
    for (const auto& section : layout_.sections) Section(section);
    ReportNotes();
    return std::move(content_);
  }

 private:
  bool zh() const { return report_.language() == rv1::LANGUAGE_ZH; }

  // All charts rasterised up front, concurrently; the document takes them in order.
  void DrawCharts() {
    const std::vector<const rv1::Chart*> charts = ChartsInReadingOrder(layout_);
    std::vector<std::vector<ChartImage>> images =
        ChartImagesConcurrently(charts, report_.language(), ImageType::kPng);
    for (size_t i = 0; i < charts.size(); ++i) images_[charts[i]] = std::move(images[i]);
  }

  void Styled(const std::string& text, const char* style_id, DocxAlign align) {
    DocxParagraphStyle paragraph;
    paragraph.style_id = style_id;
    paragraph.align = align;
    DocxRunStyle run;
    if (style_id != nullptr) run.fonts = HeadingFonts();
    content_.body += DocxParagraph(DocxRun(text, run), paragraph);
  }

  // "• text" paragraphs: a bullet character keeps the list without a numbering part.
  void Bullets(const std::string& heading, const std::vector<std::string>& items) {
    Styled(heading, "Heading1", DocxAlign::kLeft);
    for (const auto& item : items) content_.body += DocxParagraph(DocxRun(absl::StrCat("• ", item)));
  }

  void Headlines() {
    if (report_.headlines_size() == 0) return;
    std::vector<std::string> items;
    for (const auto& h : report_.headlines()) items.push_back(h.text());
    Bullets(words_.key_results, items);
  }

  void Section(const LaidOutSection& s) {
    // Chinese numbers carry their own comma ("一、"); English ones a space ("1 ").
    const std::string heading =
        s.number.empty() ? s.title : absl::StrCat(s.number, zh() ? "" : " ", s.title);
    Styled(heading, "Heading1", DocxAlign::kLeft);
    if (s.section != nullptr && s.section->summary_size() > 0) {
      std::string text;
      for (int i = 0; i < s.section->summary_size(); ++i) {
        if (i > 0 && !zh()) text += ' ';
        text += s.section->summary(i).text();
      }
      DocxParagraphStyle paragraph;
      paragraph.align = DocxAlign::kBoth;
      content_.body += DocxParagraph(DocxRun(text), paragraph);
    }
    for (const auto* table : s.tables) Table(*table);
    for (const auto* chart : s.charts) Chart(*chart);
  }

  void Caption(const std::string& label, const std::string& title) {
    DocxRunStyle run;
    run.bold = true;
    run.fonts = HeadingFonts();
    DocxParagraphStyle paragraph;
    paragraph.style_id = "Caption";
    paragraph.align = DocxAlign::kCenter;
    content_.body += DocxParagraph(DocxRun(absl::StrCat(label, "  ", title), run), paragraph);
  }

  void Table(const rv1::Table& table) {
    Caption(TableLabel(report_.language(), layout_.table_number.at(table.id())), table.title());
    content_.body += DocxThreeLineTable(table, kDocxTextWidthTwips);
    const auto notes = TableNotes(table, report_.language());
    DocxParagraphStyle paragraph;
    paragraph.style_id = "TableNote";
    DocxRunStyle note;
    note.half_points = 18;
    DocxRunStyle prefix = note;
    prefix.italic = true;
    for (size_t i = 0; i < notes.size(); ++i) {
      const std::string label = i == 0 ? DocxRun(words_.notes_prefix, prefix) : "";
      content_.body += DocxParagraph(label + DocxRun(notes[i], note), paragraph);
    }
    if (notes.empty()) content_.body += DocxParagraph("", paragraph);  // space before what follows
  }

  // Journals caption figures below the picture; one picture per panel.
  void Chart(const rv1::Chart& chart) {
    DocxParagraphStyle centered;
    centered.align = DocxAlign::kCenter;
    centered.keep_with_next = true;
    centered.space_after_twips = 0;
    for (const ChartImage& image : images_.at(&chart)) {
      DocxPicture picture;
      const int number = static_cast<int>(content_.pictures.size()) + 1;
      picture.relationship_id = absl::StrCat("rIdImage", number);
      picture.part_name = absl::StrCat("media/image", number, ".png");
      picture.png = image.bytes;
      content_.body += DocxParagraph(DocxInlinePicture(picture.relationship_id, number, image.width_px,
                                                       image.height_px, kDocxTextWidthEmu, chart.title()),
                                     centered);
      content_.pictures.push_back(std::move(picture));
    }
    Caption(FigureLabel(report_.language(), layout_.figure_number.at(chart.id())), chart.title());
  }

  void ReportNotes() {
    if (report_.notes_size() == 0) return;
    Bullets(words_.notes, std::vector<std::string>(report_.notes().begin(), report_.notes().end()));
  }

  const rv1::Report& report_;
  const RenderStrings& words_;
  ReportLayout layout_;
  std::map<const rv1::Chart*, std::vector<ChartImage>> images_;
  DocxContent content_;
};

}  // namespace

std::string RenderDocx(const rv1::Report& report) {
  absl::StatusOr<std::string> bytes = PackageDocx(DocxWriter(report).Write());
  return bytes.ok() ? *std::move(bytes) : std::string();
}

}  // namespace govmetrics::reporting
