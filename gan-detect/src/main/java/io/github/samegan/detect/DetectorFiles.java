package io.github.samegan.detect;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.eval.classify.ClassifierFiles;
import io.github.samegan.eval.classify.ClassifierInfo;
import io.github.samegan.eval.classify.SavedClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detector files: a SameGAN classifier file ({@link ClassifierFiles}: zip, exact arrays, written
 * atomically) of the two-class network, whose manifest also holds the detector's threshold, the
 * threshold's source, the training sources and the validation scores as {@code meta.detector.*}
 * entries. Because it is a classifier file, a detector can also serve as a feature network ({@code
 * samegan evaluate --features classifier:detector.zip}).
 *
 * <p>Wherever a detector is read, a folder stands for its {@value #FILE_NAME} (what {@code samegan
 * detect train --out DIR} writes).
 */
public final class DetectorFiles {
  /** The file name {@code samegan detect train} writes into its output folder. */
  public static final String FILE_NAME = "detector.zip";

  static final String VERSION = "1";
  private static final String P = "detector.";

  private DetectorFiles() {}

  /** A detector file, or a folder's {@value #FILE_NAME}. */
  public static Path resolve(Path fileOrFolder) {
    return Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(FILE_NAME) : fileOrFolder;
  }

  /** Saves a detector atomically (the folder is created if needed). */
  public static void save(Path file, Detector detector) throws IOException {
    DetectorInfo d = detector.info();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(P + "version", VERSION);
    m.put(P + "threshold", Double.toString(d.threshold()));
    m.put(P + "threshold.source", d.thresholdSource());
    m.put(P + "augmentation", d.augmentation());
    m.put(P + "fakes", Integer.toString(d.fakeSources().size()));
    for (int i = 0; i < d.fakeSources().size(); i++) {
      m.put(P + "fake." + i, d.fakeSources().get(i));
    }
    DetectorInfo.Validation v = d.validation();
    String testSplit = "none";
    long testCount = 0;
    double testAccuracy = Double.NaN;
    if (v != null) {
      m.put(P + "validation.real", Integer.toString(v.realCount()));
      m.put(P + "validation.fake", Integer.toString(v.fakeCount()));
      m.put(P + "validation.ap", Double.toString(v.averagePrecision()));
      m.put(P + "validation.auc", Double.toString(v.rocAuc()));
      m.put(P + "validation.acc_real", Double.toString(v.accuracyOnReal()));
      m.put(P + "validation.acc_fake", Double.toString(v.accuracyOnFake()));
      testSplit = "validation split";
      testCount = (long) v.realCount() + v.fakeCount();
      testAccuracy = v.accuracy();
    }
    ClassifierInfo info =
        new ClassifierInfo(
            d.architecture(),
            d.imageShape(),
            Detector.CLASS_NAMES,
            d.realSource(),
            testSplit,
            testCount,
            testAccuracy,
            d.trainSteps(),
            d.seed(),
            m);
    ClassifierFiles.save(file, detector.classifier(), info);
  }

  /**
   * Loads a detector.
   *
   * @param fileOrFolder a detector file or a folder holding {@value #FILE_NAME}
   * @throws CheckpointException if the file is missing, corrupt, or a classifier but not a detector
   */
  public static Detector load(Path fileOrFolder) throws IOException {
    Path file = resolve(fileOrFolder);
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(
          "Detector not found: "
              + file
              + (Files.isDirectory(fileOrFolder) ? " (the folder has no " + FILE_NAME + ")" : "")
              + "; train one with 'samegan detect train'");
    }
    SavedClassifier saved = ClassifierFiles.load(file);
    return new Detector(saved.classifier(), info(file, saved.info()));
  }

  /**
   * Whether a path is (or is a folder holding) a detector file: a classifier file with detector
   * entries. Reads only the manifest; false for anything else, including unreadable files.
   */
  public static boolean isDetector(Path fileOrFolder) {
    Path file = resolve(fileOrFolder);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      return ClassifierFiles.readInfo(file).metadata().containsKey(P + "version");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static DetectorInfo info(Path file, ClassifierInfo c) {
    Map<String, String> m = c.metadata();
    if (!m.containsKey(P + "version")) {
      throw new CheckpointException(
          file
              + " is a SameGAN classifier but not a detector (no detector entries in"
              + " its manifest); train a detector with 'samegan detect train'");
    }
    if (!VERSION.equals(m.get(P + "version"))) {
      throw new CheckpointException(
          "Detector file "
              + file
              + " has detector version "
              + m.get(P + "version")
              + "; this SameGAN reads version "
              + VERSION);
    }
    if (!c.classNames().equals(Detector.CLASS_NAMES)) {
      throw new CheckpointException(
          "Detector file "
              + file
              + " has classes "
              + c.classNames()
              + ", not "
              + Detector.CLASS_NAMES);
    }
    try {
      int fakes = Integer.parseInt(require(m, "fakes"));
      List<String> fakeSources = new ArrayList<>();
      for (int i = 0; i < fakes; i++) {
        fakeSources.add(require(m, "fake." + i));
      }
      DetectorInfo.Validation v = null;
      if (m.containsKey(P + "validation.real")) {
        v =
            new DetectorInfo.Validation(
                Integer.parseInt(require(m, "validation.real")),
                Integer.parseInt(require(m, "validation.fake")),
                Double.parseDouble(require(m, "validation.ap")),
                Double.parseDouble(require(m, "validation.auc")),
                Double.parseDouble(require(m, "validation.acc_real")),
                Double.parseDouble(require(m, "validation.acc_fake")));
      }
      return new DetectorInfo(
          c.architecture(),
          c.imageShape(),
          Double.parseDouble(require(m, "threshold")),
          require(m, "threshold.source"),
          c.dataset(),
          fakeSources,
          require(m, "augmentation"),
          c.trainSteps(),
          c.seed(),
          v);
    } catch (RuntimeException e) {
      throw new CheckpointException(
          "Detector file " + file + " has a corrupt manifest: " + e.getMessage(), e);
    }
  }

  private static String require(Map<String, String> m, String key) {
    String v = m.get(P + key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + P + key + "'");
    }
    return v;
  }
}
