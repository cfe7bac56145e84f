#include "common/files/readstat_reader.h"

#include <readstat.h>

#include <cstring>
#include <limits>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/files/date_formats.h"
#include "common/files/file_error.h"
#include "common/files/header_names.h"

namespace govmetrics::files {
namespace {

// ReadStat reads through these handlers from a buffer in memory (ReadStat's own I/O
// would need a path; uploads have none).
struct MemoryInput {
  absl::string_view bytes;
  readstat_off_t position = 0;
};

int OpenMemory(const char*, void*) { return 0; }
int CloseMemory(void*) { return 0; }

readstat_off_t SeekMemory(readstat_off_t offset, readstat_io_flags_t whence, void* io) {
  auto* in = static_cast<MemoryInput*>(io);
  readstat_off_t base = 0;
  if (whence == READSTAT_SEEK_CUR) base = in->position;
  if (whence == READSTAT_SEEK_END) base = static_cast<readstat_off_t>(in->bytes.size());
  const readstat_off_t target = base + offset;
  if (target < 0 || target > static_cast<readstat_off_t>(in->bytes.size())) return -1;
  in->position = target;
  return target;
}

ssize_t ReadMemory(void* buffer, size_t bytes, void* io) {
  auto* in = static_cast<MemoryInput*>(io);
  const size_t left = in->bytes.size() - static_cast<size_t>(in->position);
  const size_t n = bytes < left ? bytes : left;
  std::memcpy(buffer, in->bytes.data() + in->position, n);
  in->position += static_cast<readstat_off_t>(n);
  return static_cast<ssize_t>(n);
}

readstat_error_t UpdateMemory(long, readstat_progress_handler, void*, void*) { return READSTAT_OK; }

// What the handlers build while ReadStat walks the file.
struct ParseState {
  DataTable* table;
  FileFormat format;
  std::vector<std::string> label_set;  // per column: its value-label set name
  std::map<std::string, std::map<double, std::string>> label_sets;
  std::string error;
};

int OnMetadata(readstat_metadata_t* metadata, void* ctx) {
  auto* state = static_cast<ParseState*>(ctx);
  const int rows = readstat_get_row_count(metadata);
  if (rows > 0) state->table->rows = static_cast<size_t>(rows);
  return READSTAT_HANDLER_OK;
}

int OnVariable(int index, readstat_variable_t* variable, const char* val_labels, void* ctx) {
  auto* state = static_cast<ParseState*>(ctx);
  DataColumn column;
  const char* name = readstat_variable_get_name(variable);
  column.name = name ? name : "";
  column.numeric = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_NUMERIC;
  const char* format = readstat_variable_get_format(variable);
  if (column.numeric && format != nullptr) {
    const DateEncoding encoding = DateEncodingOf(state->format, format);
    column.date_kind = encoding.kind;
    column.date_origin_days = encoding.origin_days;
  }
  auto& columns = state->table->columns;
  if (static_cast<size_t>(index) >= columns.size()) columns.resize(index + 1);
  columns[index] = std::move(column);
  state->label_set.resize(columns.size());
  state->label_set[index] = val_labels ? val_labels : "";
  return READSTAT_HANDLER_OK;
}

double NumericValue(readstat_value_t value, readstat_variable_t* variable) {
  // System missing (.), Stata extended missing (.a-.z), SPSS user-defined missing codes.
  if (readstat_value_is_missing(value, variable)) return std::numeric_limits<double>::quiet_NaN();
  return readstat_double_value(value);
}

int OnValue(int row, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
  auto* state = static_cast<ParseState*>(ctx);
  const int index = readstat_variable_get_index(variable);
  auto& columns = state->table->columns;
  if (row < 0 || index < 0 || static_cast<size_t>(index) >= columns.size()) {
    state->error = absl::StrCat("value for an undeclared variable at row ", row + 1);
    return READSTAT_HANDLER_ABORT;
  }
  DataColumn& column = columns[index];
  if (column.numeric) {
    if (column.numbers.size() <= static_cast<size_t>(row)) {
      column.numbers.resize(row + 1, std::numeric_limits<double>::quiet_NaN());
    }
    column.numbers[row] = NumericValue(value, variable);
  } else {
    if (column.texts.size() <= static_cast<size_t>(row)) column.texts.resize(row + 1);
    const char* text = readstat_string_value(value);
    if (text != nullptr && !readstat_value_is_missing(value, variable)) column.texts[row] = text;
  }
  return READSTAT_HANDLER_OK;
}

int OnValueLabel(const char* set, readstat_value_t value, const char* label, void* ctx) {
  auto* state = static_cast<ParseState*>(ctx);
  const readstat_type_t type = readstat_value_type(value);
  // Labels of strings and of missing codes (.a "refused") do not become label values.
  if (set == nullptr || label == nullptr || type == READSTAT_TYPE_STRING || type == READSTAT_TYPE_STRING_REF ||
      readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value)) {
    return READSTAT_HANDLER_OK;
  }
  state->label_sets[set][readstat_double_value(value)] = label;
  return READSTAT_HANDLER_OK;
}

void OnError(const char* message, void* ctx) {
  auto* state = static_cast<ParseState*>(ctx);
  if (state->error.empty() && message != nullptr) state->error = message;
}

readstat_error_t Parse(readstat_parser_t* parser, FileFormat format, ParseState* state) {
  switch (format) {
    case FileFormat::kStata: return readstat_parse_dta(parser, "", state);
    case FileFormat::kSpss: return readstat_parse_sav(parser, "", state);
    default: return readstat_parse_sas7bdat(parser, "", state);
  }
}

std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> NewParser(MemoryInput* input) {
  std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> parser(readstat_parser_init(),
                                                                           readstat_parser_free);
  readstat_set_open_handler(parser.get(), OpenMemory);
  readstat_set_close_handler(parser.get(), CloseMemory);
  readstat_set_seek_handler(parser.get(), SeekMemory);
  readstat_set_read_handler(parser.get(), ReadMemory);
  readstat_set_update_handler(parser.get(), UpdateMemory);
  readstat_set_io_ctx(parser.get(), input);
  readstat_set_metadata_handler(parser.get(), OnMetadata);
  readstat_set_variable_handler(parser.get(), OnVariable);
  readstat_set_value_handler(parser.get(), OnValue);
  readstat_set_value_label_handler(parser.get(), OnValueLabel);
  readstat_set_error_handler(parser.get(), OnError);
  // Text comes back as UTF-8 whatever the file's code page (GB18030 Stata 13 files too).
  readstat_set_handler_character_encoding(parser.get(), "UTF-8");
  return parser;
}

// Pads every column to the row count (ReadStat may report fewer values for a file cut
// short; those rows are then missing, and the row count comes from the data seen).
void FinishColumns(ParseState* state) {
  DataTable& table = *state->table;
  size_t rows = 0;
  for (const auto& c : table.columns) rows = std::max(rows, c.numeric ? c.numbers.size() : c.texts.size());
  table.rows = rows;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    DataColumn& c = table.columns[i];
    if (c.numeric) {
      c.numbers.resize(rows, std::numeric_limits<double>::quiet_NaN());
      auto it = state->label_sets.find(state->label_set[i]);
      if (it != state->label_sets.end()) c.value_labels = it->second;
    } else {
      c.texts.resize(rows);
    }
  }
}

}  // namespace

absl::StatusOr<DataTable> ReadStatFile(absl::string_view bytes, FileFormat format, const std::string& file,
                                       const ReadOptions& options) {
  if (auto magic = CheckMagic(format, bytes, file); !magic.ok()) return magic;
  DataTable table;
  table.file = file;
  table.first_row_number = 1;  // statistical files have no header row: row 1 is the first observation
  MemoryInput input{bytes, 0};
  ParseState state{&table, format, {}, {}, ""};
  auto parser = NewParser(&input);
  const readstat_error_t error = Parse(parser.get(), format, &state);
  if (error != READSTAT_OK) {
    std::string detail = state.error.empty() ? readstat_error_message(error) : state.error;
    return FileError({file, "", 0, "", ""},
                     absl::StrCat("cannot read ", FormatName(format), " file: ", detail,
                                  " (the file may be truncated or damaged)"));
  }
  FinishColumns(&state);
  if (auto names = CheckHeaderNames(table); !names.ok()) return names;
  return table;
}

}  // namespace govmetrics::files
