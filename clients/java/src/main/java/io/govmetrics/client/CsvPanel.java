package io.govmetrics.client;

import io.govmetrics.common.v1.Column;
import io.govmetrics.common.v1.Label;
import io.govmetrics.common.v1.Panel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSV to Panel with the CLI's rules (clients/cli/csv_table.cc, panel_csv.cc), checked against
 * the shared fixture tests/clients/csv_conformance: RFC 4180 quoting (commas, newlines and ""
 * inside quotes; a quote opens a quoted section only at the start of a field), CRLF or LF,
 * blank lines skipped, UTF-8 BOM skipped, equal field counts. A column is numeric when every
 * cell (ASCII whitespace trimmed) is a number or a missing token ("", NA, NaN, nan, "."),
 * missing becomes NaN; otherwise a label column with the cells verbatim. The period is an int32.
 */
public final class CsvPanel {
  /** A CSV that cannot become a Panel (the message names the row or column). */
  public static final class CsvException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CsvException(String message) {
      super(message);
    }
  }

  private static final Set<String> MISSING = Set.of("", "NA", "NaN", "nan", ".");
  // absl::SimpleAtod's grammar: decimal floats, optional sign, inf/infinity/nan in any case.
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");
  private static final Pattern SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private CsvPanel() {}

  /** Reads a long-format CSV file (UTF-8) into a Panel. */
  public static Panel read(Path csv, String entity, String period) throws IOException {
    try {
      return fromText(new String(Files.readAllBytes(csv), StandardCharsets.UTF_8), entity, period);
    } catch (CsvException e) {
      throw new CsvException(csv + ": " + e.getMessage());
    }
  }

  /** A Panel from CSV text. */
  public static Panel fromText(String text, String entity, String period) {
    List<List<String>> records = records(text);
    if (records.isEmpty()) {
      throw new CsvException("CSV is empty (no header)");
    }
    List<String> header = records.get(0);
    List<List<String>> rows = records.subList(1, records.size());
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).size() != header.size()) {
        throw new CsvException("CSV data row " + (r + 1) + " has " + rows.get(r).size() + " fields, header has " + header.size());
      }
    }
    int e = column(header, "entity", entity);
    int p = column(header, "period", period);
    Panel.Builder panel = Panel.newBuilder();
    for (int r = 0; r < rows.size(); r++) {
      panel.addEntity(rows.get(r).get(e)).addPeriod(period(rows.get(r).get(p), r + 1));
    }
    for (int c = 0; c < header.size(); c++) {
      if (c != e && c != p) {
        addColumn(panel, header.get(c), rows, c);
      }
    }
    return panel.build();
  }

  private static int column(List<String> header, String option, String name) {
    int at = header.indexOf(name);
    if (at < 0) {
      throw new CsvException(option + ": no column '" + name + "' in CSV");
    }
    return at;
  }

  private static void addColumn(Panel.Builder panel, String name, List<List<String>> rows, int c) {
    Column.Builder column = Column.newBuilder().setName(name);
    for (List<String> row : rows) {
      Double v = number(row.get(c));
      if (v == null) {
        Label.Builder label = Label.newBuilder().setName(name);
        rows.forEach(rr -> label.addValues(rr.get(c)));
        panel.addLabels(label);
        return;
      }
      column.addValues(v);
    }
    panel.addColumns(column);
  }

  private static String trim(String cell) {
    int start = 0;
    int end = cell.length();
    while (start < end && " \t\n\u000b\f\r".indexOf(cell.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && " \t\n\u000b\f\r".indexOf(cell.charAt(end - 1)) >= 0) {
      end--;
    }
    return cell.substring(start, end);
  }

  /** The cell's value (NaN when missing), or null when it is not a number. */
  public static Double number(String cell) {
    String text = trim(cell);
    if (MISSING.contains(text)) {
      return Double.NaN;
    }
    if (DECIMAL.matcher(text).matches()) {
      return Double.parseDouble(text);
    }
    Matcher m = SPECIAL.matcher(text);
    if (!m.matches()) {
      return null;
    }
    if (m.group(2).equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return m.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  private static int period(String cell, int row) {
    String text = trim(cell);
    if (INTEGER.matcher(text).matches()) {
      try {
        return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
      } catch (NumberFormatException outOfRange) {
        // falls through to the error below
      }
    }
    throw new CsvException("CSV data row " + row + ": period '" + cell + "' is not an integer");
  }

  /** RFC 4180 records of text (header included). */
  public static List<List<String>> records(String input) {
    String text = input.startsWith("\uFEFF") ? input.substring(1) : input;
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean inQuotes = false;
    boolean started = false;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inQuotes) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          inQuotes = false;
        } else {
          line += c == '\n' ? 1 : 0;
          field.append(c);
        }
      } else if (c == '"' && !started) {
        inQuotes = true;
        started = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        started = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        started = false;
        if (!(record.size() == 1 && record.get(0).isEmpty())) {
          records.add(record);
        }
        record = new ArrayList<>();
        line++;
      } else {
        field.append(c);
        started = true;
      }
    }
    if (inQuotes) {
      throw new CsvException("unterminated quote at line " + line);
    }
    if (started || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
