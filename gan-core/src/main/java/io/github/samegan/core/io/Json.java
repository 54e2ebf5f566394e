package io.github.samegan.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The little JSON writing SameGAN's reports need (metric and detection reports), without a JSON
 * library in the core modules: string literals, numbers that round-trip, and writing a file.
 */
public final class Json {
  private Json() {}

  /** A JSON string literal (quotes, backslashes and control characters escaped). */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A number with an exact round trip ({@link Double#toString}); {@code null} if not finite. */
  public static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  /** Writes text to {@code file} (UTF-8), creating parent directories. */
  public static void write(Path file, String json) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, json, StandardCharsets.UTF_8);
  }
}
