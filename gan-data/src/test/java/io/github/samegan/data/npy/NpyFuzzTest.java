package io.github.samegan.data.npy;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz tests of the {@code .npy}/{@code .npz} readers: whatever the bytes, {@link NpyArray} and
 * {@link NpzReader} either read an array or throw an {@link NpyFormatException}; any other
 * exception or error (an {@link OutOfMemoryError} from a lying header included) fails the test.
 *
 * <p>The normal build runs each target once per seed (numpy's own files, cut and uncut). To fuzz
 * one target for a bounded time:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl gan-core test -Dtest='NpyFuzzTest#npy' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m
 * </pre>
 *
 * <p>In-memory reads are limited to 1 MiB here so that each input stays cheap.
 */
class NpyFuzzTest {
  private static final long LIMIT = 1 << 20;
  private static Path dir;

  @BeforeAll
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("samegan-fuzz-npy");
  }

  @AfterAll
  static void tearDown() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  private static byte[] resource(String name) throws IOException {
    return Files.readAllBytes(NpyFormatTest.resource(name));
  }

  static Stream<Arguments> npy() throws IOException {
    byte[] images = resource("images_u1.npy");
    return Stream.of(
        arguments(images),
        arguments(Arrays.copyOf(images, 140)),
        arguments(resource("f8_be.npy")),
        arguments(resource("f8_v3.npy")),
        arguments(resource("scalar_f8.npy")),
        arguments(resource("structured.npy")));
  }

  /** Any bytes as a {@code .npy} file, read whole, in a stream of known and unknown size. */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void npy(byte[] data) throws IOException {
    for (long size : new long[] {data.length, -1}) {
      try (NpyReader r = NpyReader.open(new ByteArrayInputStream(data), "fuzz.npy", size)) {
        NpyArray.read(r, LIMIT, "fuzz.npy").toDoubles();
      } catch (NpyFormatException expected) {
        // the documented outcome for a damaged or foreign file
      }
    }
  }

  static Stream<Arguments> npz() throws IOException {
    byte[] stored = resource("images.npz");
    return Stream.of(
        arguments(stored),
        arguments(resource("images_compressed.npz")),
        arguments(resource("java_written.npz")),
        arguments(Arrays.copyOf(stored, stored.length - 30)));
  }

  /** Any bytes as a {@code .npz} file, every array read whole and streamed. */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void npz(byte[] data) throws IOException {
    Path file = Files.write(dir.resolve("fuzz.npz"), data);
    try (NpzReader npz = NpzReader.open(file)) {
      for (String key : npz.keys()) {
        try {
          npz.read(key, LIMIT);
        } catch (NpyFormatException expected) {
          // the documented outcome for a damaged entry
        }
        try (NpyReader r = npz.open(key)) {
          double[] row = new double[(int) Math.min(r.remaining(), 4096)];
          while (r.remaining() > 0) {
            r.readDoubles(row, 0, (int) Math.min(row.length, r.remaining()));
          }
          r.expectEnd();
        } catch (NpyFormatException expected) {
          // the documented outcome for a damaged entry
        }
      }
    } catch (NpyFormatException expected) {
      // the documented outcome for a damaged or foreign file
    }
  }
}
