package io.github.samegan.core.io;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.engine.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fuzz tests of the one reader of SameGAN's zip files (checkpoints, classifier and detector files):
 * whatever the bytes, {@link ZipArchives#read} and {@link Checkpoints#read} either read them or
 * throw a {@link CheckpointException}, and so does {@link ZipArchives#readArray} for one array
 * entry; any other exception or error fails the test.
 *
 * <p>The normal build runs the target once per seed below (Jazzer's regression mode, plus the
 * inputs saved under {@code src/test/resources/.../ZipArchivesFuzzTestInputs/<method>/} when a
 * fuzzing run finds something). To fuzz one target for a bounded time:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl gan-core test -Dtest='ZipArchivesFuzzTest#checkpoint' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m
 * </pre>
 *
 * <p>Array entries are limited to 1 MiB here (the default is 512 MiB) so that each input stays
 * cheap; the limit is enforced the same way whatever its value.
 */
class ZipArchivesFuzzTest {
  private static final long LIMIT = 1 << 20;
  private static Path dir;
  private static String savedLimit;

  @BeforeAll
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("samegan-fuzz-zip");
    savedLimit = System.getProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY);
    System.setProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY, Long.toString(LIMIT));
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (savedLimit == null) {
      System.clearProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY);
    } else {
      System.setProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY, savedLimit);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  static Stream<Arguments> checkpoint() throws IOException {
    Map<String, String> manifest = new LinkedHashMap<>();
    manifest.put("format", "samegan-checkpoint");
    manifest.put("version", "1");
    manifest.put("step", "3");
    manifest.put("rng", "42");
    manifest.put("iteration.D", "3");
    manifest.put("data.position", "0,24");
    manifest.put("meta.model", "tiny dcgan");
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    arrays.put("param/G/w", Nd4j.linspace(DataType.FLOAT, 1, 6, 6).reshape(2, 3));
    arrays.put("state/D/bn/mean", Nd4j.createFromArray(0.5, -1.5));
    arrays.put("optim/D:w", Nd4j.create(DataType.FLOAT, 0));
    byte[] full = archive(manifest, arrays);
    Map<String, String> classifier =
        Map.of(
            "format",
            "samegan-classifier",
            "version",
            "1",
            "classes",
            "2",
            "class.00000",
            "a",
            "class.00001",
            "b");
    return Stream.of(
        arguments(full),
        arguments(Arrays.copyOf(full, full.length / 2)),
        arguments(archive(manifest, Map.of())),
        arguments(archive(classifier, Map.of("param/C/b", Nd4j.ones(2)))),
        arguments("format=samegan-checkpoint\n".getBytes(StandardCharsets.UTF_8)));
  }

  /** Any bytes as a checkpoint file. */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void checkpoint(byte[] data) throws IOException {
    Path file = Files.write(dir.resolve("last.ckpt"), data);
    try {
      ZipArchives.read(file, "checkpoint.properties", name -> true, "Checkpoint", LIMIT);
    } catch (CheckpointException expected) {
      // the documented outcome for a damaged or foreign file
    }
    try {
      Checkpoints.read(file);
    } catch (CheckpointException expected) {
      // the documented outcome for a damaged or foreign file
    }
  }

  static Stream<Arguments> arrayEntry() throws IOException {
    return Stream.of(
        arguments(ZipArchives.arrayBytes(Nd4j.linspace(DataType.FLOAT, 1, 6, 6).reshape(2, 3))),
        arguments(ZipArchives.arrayBytes(Nd4j.rand(DataType.DOUBLE, 'f', 2, 2, 2))),
        arguments(ZipArchives.arrayBytes(Nd4j.scalar(3L))),
        arguments(ZipArchives.arrayBytes(Nd4j.create(DataType.HALF, 0))),
        arguments(ZipArchives.arrayBytes(Nd4j.createFromArray(true, false))));
  }

  /**
   * Any bytes as one array entry (what {@code Nd4j.write} writes), the part of the reader that
   * decides what ND4J is given; the array read must be usable.
   */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void arrayEntry(byte[] data) {
    try {
      INDArray a = ZipArchives.readArray(data, "entry");
      if (!a.isEmpty()) { // touch every element through native code, following the strides
        a.dup('f');
        a.castTo(DataType.DOUBLE).sumNumber();
      }
    } catch (CheckpointException expected) {
      // the documented outcome for a damaged entry
    }
  }

  private static byte[] archive(Map<String, String> manifest, Map<String, INDArray> arrays)
      throws IOException {
    Path file = Files.createTempFile("seed", ".zip");
    try {
      ZipArchives.write(file, "checkpoint.properties", manifest, arrays);
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
