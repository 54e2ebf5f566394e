package io.github.samegan.eval.classify;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.io.ZipArchives;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameGAN's classifier file: a zip holding {@code classifier.properties} (format, version,
 * architecture spec, image shape, class names, data set, test split, test accuracy and count,
 * training steps, seed, data type, and free-form metadata as {@code meta.<key>}) and every weight
 * ({@code param/<name>}) and batch-norm statistic ({@code state/<name>}) in ND4J's binary form
 * (exact round trip). Files are written to a temporary file in the target folder and renamed over
 * the target, so a crash never leaves a half-written classifier under the real name.
 */
public final class ClassifierFiles {
  static final String FORMAT = "samegan-classifier";
  static final int VERSION = 1;
  private static final String MANIFEST = "classifier.properties";
  private static final String META = "meta.";

  private ClassifierFiles() {}

  /**
   * Saves a classifier atomically.
   *
   * @throws IllegalArgumentException if the info does not describe this classifier (architecture,
   *     image shape or class count differ)
   */
  public static void save(Path file, Classifier classifier, ClassifierInfo info)
      throws IOException {
    if (!info.architecture().equals(classifier.network().spec())
        || !info.imageShape().equals(classifier.inputShape())
        || info.numClasses() != classifier.numClasses()) {
      throw new IllegalArgumentException(
          "ClassifierInfo ("
              + info.architecture()
              + ", "
              + info.imageShape()
              + ", "
              + info.numClasses()
              + " classes) does not describe the classifier ("
              + classifier.network().spec()
              + ", "
              + classifier.inputShape()
              + ", "
              + classifier.numClasses()
              + " classes)");
    }
    Map<String, String> p = new TreeMap<>();
    p.put("format", FORMAT);
    p.put("version", Integer.toString(VERSION));
    p.put("architecture", info.architecture());
    p.put("image.channels", Integer.toString(info.imageShape().channels()));
    p.put("image.height", Integer.toString(info.imageShape().height()));
    p.put("image.width", Integer.toString(info.imageShape().width()));
    p.put("classes", Integer.toString(info.numClasses()));
    for (int i = 0; i < info.numClasses(); i++) {
      p.put(String.format("class.%05d", i), info.classNames().get(i));
    }
    p.put("dataset", info.dataset());
    p.put("test.split", info.testSplit());
    p.put("test.count", Long.toString(info.testCount()));
    p.put("test.accuracy", Double.toString(info.testAccuracy()));
    p.put("train.steps", Long.toString(info.trainSteps()));
    p.put("seed", Long.toString(info.seed()));
    p.put("dtype", classifier.dataType().name());
    info.metadata().forEach((k, v) -> p.put(META + k, v));
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (ParameterStore.Entry e : classifier.parameters().entries()) {
      arrays.put(
          (e.kind() == ParameterStore.Kind.PARAMETER ? "param/" : "state/") + e.name(), e.array());
    }
    ZipArchives.write(file, MANIFEST, p, arrays);
  }

  /**
   * Reads only the manifest of a classifier file.
   *
   * @throws CheckpointException if the file is missing, not a classifier file, or corrupt
   */
  public static ClassifierInfo readInfo(Path file) throws IOException {
    return info(file, read(file, false).manifest());
  }

  /**
   * Loads a classifier: rebuilds its network from the stored architecture and copies the stored
   * weights and statistics in.
   *
   * @throws CheckpointException if the file is missing, not a classifier file, corrupt, or its
   *     arrays do not fit the stored architecture
   */
  public static SavedClassifier load(Path file) throws IOException {
    ZipArchives.Contents c = read(file, true);
    ClassifierInfo info = info(file, c.manifest());
    DataType dtype;
    ClassifierNetwork network;
    try {
      dtype = DataType.valueOf(c.manifest().getProperty("dtype", "FLOAT"));
      network =
          ClassifierNetworks.fromSpec(info.architecture(), info.imageShape(), info.numClasses());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(
          "Classifier file " + file + " has an unusable manifest: " + e.getMessage(), e);
    }
    Classifier classifier = Classifier.create(network, info.seed(), dtype);
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    c.arrays().forEach((name, a) -> arrays.put(name.substring(6), a));
    classifier
        .parameters()
        .assignFrom(
            arrays,
            problem ->
                new CheckpointException(
                    "Classifier file "
                        + file
                        + problem
                        + "; the file is corrupt or was written by another version of "
                        + info.architecture()));
    return new SavedClassifier(classifier, info, file);
  }

  private static ZipArchives.Contents read(Path file, boolean withArrays) throws IOException {
    ZipArchives.Contents c =
        ZipArchives.read(
            file,
            MANIFEST,
            withArrays
                ? n -> n.startsWith("param/") || n.startsWith("state/")
                : ZipArchives.MANIFEST_ONLY,
            "Classifier file");
    Properties p = c.manifest();
    if (p == null || !FORMAT.equals(p.getProperty("format"))) {
      throw new CheckpointException(
          "Not a SameGAN classifier file (no "
              + MANIFEST
              + "): "
              + file
              + "; train one with 'samegan classifier train'");
    }
    String version = p.getProperty("version", "0");
    if (!version.equals(Integer.toString(VERSION))) {
      throw new CheckpointException(
          "Classifier file "
              + file
              + " has format version "
              + version
              + "; this SameGAN reads version "
              + VERSION);
    }
    return c;
  }

  private static ClassifierInfo info(Path file, Properties p) {
    try {
      int k = Integer.parseInt(p.getProperty("classes"));
      List<String> names = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        String name = p.getProperty(String.format("class.%05d", i));
        if (name == null) {
          throw new IllegalArgumentException("missing name of class " + i);
        }
        names.add(name);
      }
      return new ClassifierInfo(
          require(p, "architecture"),
          new ImageShape(
              Integer.parseInt(require(p, "image.channels")),
              Integer.parseInt(require(p, "image.height")),
              Integer.parseInt(require(p, "image.width"))),
          names,
          require(p, "dataset"),
          require(p, "test.split"),
          Long.parseLong(require(p, "test.count")),
          Double.parseDouble(require(p, "test.accuracy")),
          Long.parseLong(require(p, "train.steps")),
          Long.parseLong(require(p, "seed")),
          metadata(p));
    } catch (RuntimeException e) {
      throw new CheckpointException(
          "Classifier file " + file + " has a corrupt manifest: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> metadata(Properties p) {
    Map<String, String> m = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(META)) {
        m.put(k.substring(META.length()), p.getProperty(k));
      }
    }
    return m;
  }

  private static String require(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v;
  }
}
