package io.github.samegan.eval.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads the files written by {@code src/test/resources/metrics/make_reference.py}: matrices ("rows
 * cols" then one row per line) and "name value" pairs.
 */
final class ReferenceData {
  private ReferenceData() {}

  static double[][] matrix(String name) {
    try (BufferedReader r = open(name)) {
      String[] header = r.readLine().trim().split("\\s+");
      int rows = Integer.parseInt(header[0]);
      int cols = Integer.parseInt(header[1]);
      double[][] m = new double[rows][cols];
      for (int i = 0; i < rows; i++) {
        String[] t = r.readLine().trim().split("\\s+");
        if (t.length != cols) {
          throw new IllegalStateException(name + " row " + i + " has " + t.length + " values");
        }
        for (int j = 0; j < cols; j++) {
          m[i][j] = Double.parseDouble(t[j]);
        }
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] vector(String name) {
    return matrix(name)[0];
  }

  static int[][] indices(String name) {
    double[][] m = matrix(name);
    int[][] out = new int[m.length][m[0].length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        out[i][j] = (int) m[i][j];
      }
    }
    return out;
  }

  static Map<String, Double> values() {
    Map<String, Double> out = new HashMap<>();
    try (BufferedReader r = open("reference_values.txt")) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          String[] t = line.trim().split("\\s+");
          out.put(t[0], Double.parseDouble(t[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static BufferedReader open(String name) {
    InputStream in = ReferenceData.class.getResourceAsStream("/metrics/" + name);
    if (in == null) {
      throw new IllegalStateException(
          "missing test resource metrics/" + name + "; run make_reference.py");
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
