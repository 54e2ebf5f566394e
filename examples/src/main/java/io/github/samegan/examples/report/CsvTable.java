package io.github.samegan.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CSV log read whole: a header and rows of text cells (RFC 4180 quoting, so a quoted cell may
 * hold commas). Rows shorter than the header read as empty cells; blank lines are skipped.
 *
 * @param file where it was read from
 * @param header column names
 * @param rows the data rows
 */
public record CsvTable(Path file, List<String> header, List<List<String>> rows) {

  /** Copies the lists. */
  public CsvTable {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /**
   * Reads a CSV file.
   *
   * @throws IOException if it cannot be read
   */
  public static CsvTable read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> header = List.of();
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = parseLine(line);
      if (header.isEmpty()) {
        header = cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
      } else {
        rows.add(cells);
      }
    }
    return new CsvTable(file, header, rows);
  }

  /**
   * Splits one CSV line into cells, honouring double quotes ({@code ""} is a quote inside them).
   */
  static List<String> parseLine(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  /** Whether the table has this column. */
  public boolean has(String column) {
    return header.contains(column);
  }

  /** The text of a cell ({@code ""} where the row is short or the column is absent). */
  public String text(int row, String column) {
    int c = header.indexOf(column);
    List<String> r = rows.get(row);
    return c < 0 || c >= r.size() ? "" : r.get(c).strip();
  }

  /** A column as numbers: {@code NaN} where a cell is empty or not a number. */
  public double[] numbers(String column) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = parse(text(i, column));
    }
    return out;
  }

  /** Whether every non-empty cell of the column is a number and at least one is. */
  public boolean isNumeric(String column) {
    boolean any = false;
    for (int i = 0; i < rows.size(); i++) {
      String t = text(i, column);
      if (t.isEmpty()) {
        continue;
      }
      if (Double.isNaN(parse(t)) && !t.equalsIgnoreCase("nan")) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private static double parse(String t) {
    if (t.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
