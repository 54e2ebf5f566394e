package io.github.samegan.examples.runs;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.loss.WeightSchedule;
import io.github.samegan.core.train.Gan;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.detect.DetectorTerm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code samegan train --evade DETECTOR[:λ] --evade-start N --evade-ramp M}: detector-aware
 * training, each detector a frozen extra critic in G's update ({@link DetectorTerm}) with weight λ
 * (default 1) on the schedule of {@link WeightSchedule} (off to step N, linear ramp over M steps).
 * Parsed here, recorded in checkpoint metadata ({@code evade.count}, {@code evade.I.detector},
 * {@code evade.I.weight}, {@code evade.I.describe}, {@code evade.start}, {@code evade.ramp}) and
 * read back from it for a resumed run.
 *
 * @param detectors each detector's path and weight, in the order given
 * @param start steps with the terms off
 * @param ramp steps of the linear ramp
 */
public record Evasion(List<Target> detectors, long start, long ramp) {

  /** No detector-aware training. */
  public static final Evasion NONE = new Evasion(List.of(), 0, 0);

  /**
   * One {@code --evade} value.
   *
   * @param detector a {@code samegan detect train} folder or {@code detector.zip}
   * @param weight λ
   */
  public record Target(Path detector, double weight) {
    /** Checks the weight. */
    public Target {
      Objects.requireNonNull(detector, "detector");
      new WeightSchedule(weight, 0, 0); // validates λ
    }

    /** {@code PATH:λ}. */
    public String spec() {
      return detector + ":" + weight;
    }
  }

  /** Validates the schedule (a copy of the list is kept). */
  public Evasion {
    detectors = List.copyOf(detectors);
    new WeightSchedule(0, start, ramp); // validates start and ramp
  }

  /**
   * Parses the {@code --evade} values.
   *
   * @param values {@code DETECTOR} or {@code DETECTOR:λ} each (a suffix after the last ':' that is
   *     not a number is part of the path)
   * @throws IllegalArgumentException for a negative or non-finite λ or a negative start/ramp,
   *     naming the flag
   */
  public static Evasion parse(List<String> values, long start, long ramp) {
    List<Target> out = new ArrayList<>();
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("--evade needs DETECTOR[:LAMBDA], found an empty value");
      }
      int colon = v.lastIndexOf(':');
      Path path = Path.of(v);
      double weight = 1.0;
      if (colon > 0) {
        try {
          weight = Double.parseDouble(v.substring(colon + 1));
          path = Path.of(v.substring(0, colon));
        } catch (NumberFormatException e) {
          // no weight: the colon is part of the path
        }
      }
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "--evade " + v + ": LAMBDA must be a finite number >= 0, found " + weight);
      }
      out.add(new Target(path, weight));
    }
    if (start < 0 || ramp < 0) {
      throw new IllegalArgumentException(
          "--evade-start and --evade-ramp must be >= 0, found " + start + " and " + ramp);
    }
    return new Evasion(out, start, ramp);
  }

  /** Whether any detector is evaded. */
  public boolean isOn() {
    return !detectors.isEmpty();
  }

  /** The weight schedule of detector {@code i}. */
  public WeightSchedule schedule(int i) {
    return new WeightSchedule(detectors.get(i).weight(), start, ramp);
  }

  /** The name of detector {@code i}'s term and of its columns in {@code metrics.csv}. */
  public static String termName(int i) {
    return "evade_" + i;
  }

  /**
   * Loads every detector and adds its term to the GAN being built.
   *
   * @return the loaded detectors, in order
   * @throws IOException if a detector cannot be read
   * @throws IllegalArgumentException if a detector takes another image shape than the generator
   *     makes (when the GAN is built)
   */
  public List<Detector> addTo(Gan.Builder gan) throws IOException {
    List<Detector> loaded = new ArrayList<>();
    for (int i = 0; i < detectors.size(); i++) {
      Detector d = DetectorFiles.load(detectors.get(i).detector());
      gan.generatorTerm(new DetectorTerm(d, termName(i)), schedule(i));
      loaded.add(d);
    }
    return loaded;
  }

  /** The metadata entries (none when off); {@code described} gives each detector's summary. */
  public Map<String, String> toMetadata(List<Detector> described) {
    Map<String, String> m = new LinkedHashMap<>();
    if (!isOn()) {
      return m;
    }
    m.put("evade.count", Integer.toString(detectors.size()));
    for (int i = 0; i < detectors.size(); i++) {
      m.put("evade." + i + ".detector", detectors.get(i).detector().toString());
      m.put("evade." + i + ".weight", Double.toString(detectors.get(i).weight()));
      if (described != null && i < described.size()) {
        m.put("evade." + i + ".describe", described.get(i).describe());
      }
    }
    m.put("evade.start", Long.toString(start));
    m.put("evade.ramp", Long.toString(ramp));
    return m;
  }

  /**
   * Reads the settings back from checkpoint metadata ({@link #NONE} when none are recorded).
   *
   * @throws CheckpointException if the entries are incomplete or not numbers
   */
  public static Evasion fromMetadata(Path file, Map<String, String> m) {
    String count = m.get("evade.count");
    if (count == null) {
      return NONE;
    }
    try {
      int n = Integer.parseInt(count);
      List<Target> t = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String path = m.get("evade." + i + ".detector");
        String weight = m.get("evade." + i + ".weight");
        if (path == null || weight == null) {
          throw new IllegalArgumentException("evade." + i + " is incomplete");
        }
        t.add(new Target(Path.of(path), Double.parseDouble(weight)));
      }
      return new Evasion(
          t,
          Long.parseLong(m.getOrDefault("evade.start", "0")),
          Long.parseLong(m.getOrDefault("evade.ramp", "0")));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(
          "Checkpoint " + file + " has corrupt --evade metadata: " + e.getMessage(), e);
    }
  }

  /** E.g. {@code "A/:0.5, B/:1.0 (off to step 200, linear ramp over 300 steps)"}. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    for (Target t : detectors) {
      s.append(s.length() == 0 ? "" : ", ").append(t.spec());
    }
    if (start > 0 || ramp > 0) {
      s.append(" (off to step ").append(start).append(", linear ramp over ").append(ramp);
      s.append(" steps)");
    }
    return s.toString();
  }
}
