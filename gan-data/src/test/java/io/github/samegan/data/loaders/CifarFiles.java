package io.github.samegan.data.loaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small files in the CIFAR binary formats (shared with the registry tests). */
public final class CifarFiles {

  private CifarFiles() {}

  /** Pixel value of channel c, row y, column x of the image with the given seed. */
  public static int pixel(int seed, int c, int y, int x) {
    return (seed * 37 + c * 85 + y * 7 + x * 3) & 0xFF;
  }

  /** One record: the label bytes, then the R, G and B planes of image {@code seed}. */
  public static byte[] record(int seed, int... labelBytes) {
    byte[] r = new byte[labelBytes.length + 3072];
    for (int i = 0; i < labelBytes.length; i++) {
      r[i] = (byte) labelBytes[i];
    }
    int k = labelBytes.length;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          r[k++] = (byte) pixel(seed, c, y, x);
        }
      }
    }
    return r;
  }

  public static void write(Path file, List<byte[]> records) throws IOException {
    int total = records.stream().mapToInt(r -> r.length).sum();
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] r : records) {
      System.arraycopy(r, 0, all, at, r.length);
      at += r.length;
    }
    Files.createDirectories(file.getParent());
    Files.write(file, all);
  }

  public static void writeNames(Path file, List<String> names) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", names) + "\n\n", StandardCharsets.UTF_8);
  }

  public static List<String> names(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  public static float scaled(int p) {
    return (float) (p / 127.5 - 1);
  }
}
