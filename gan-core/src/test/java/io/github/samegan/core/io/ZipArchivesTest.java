package io.github.samegan.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.io.ZipBombs.Entry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ZipArchivesTest {
  private static final String MANIFEST = "checkpoint.properties";
  private static final byte[] CHECKPOINT_MANIFEST =
      "format=samegan-checkpoint\nversion=1\nstep=1\nrng=1\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void everyKindOfArrayRoundTripsExactly() throws Exception {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    arrays.put("param/float", Nd4j.rand(DataType.FLOAT, 3, 4));
    arrays.put("param/double", Nd4j.rand(DataType.DOUBLE, 2, 3, 4));
    arrays.put("param/half", Nd4j.rand(DataType.FLOAT, 5).castTo(DataType.HALF));
    arrays.put("state/long", Nd4j.createFromArray(1L, -2L, Long.MAX_VALUE));
    arrays.put("state/int", Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}}));
    arrays.put("state/bool", Nd4j.createFromArray(true, false, true));
    arrays.put("state/scalar", Nd4j.scalar(2.5f));
    arrays.put("state/empty", Nd4j.create(DataType.FLOAT, 0));
    arrays.put("state/forder", Nd4j.rand(DataType.FLOAT, 'f', 3, 2));
    arrays.put(
        "state/view",
        Nd4j.rand(DataType.FLOAT, 4, 4).get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()));
    Path file = dir.resolve("all.ckpt");
    ZipArchives.write(file, MANIFEST, Map.of("format", "x"), arrays);
    Map<String, INDArray> back = ZipArchives.read(file, MANIFEST, n -> true, "Checkpoint").arrays();
    assertThat(back.keySet()).containsExactlyElementsOf(arrays.keySet());
    arrays.forEach(
        (name, a) -> {
          assertThat(back.get(name).dataType()).as(name).isEqualTo(a.dataType());
          assertThat(back.get(name).shape()).as(name).isEqualTo(a.shape());
          assertThat(back.get(name)).as(name).isEqualTo(a);
        });
  }

  @Test
  void manifestInflatingToThreeGibibytesIsRefusedAfterItsLimit() throws Exception {
    Path file = dir.resolve("bomb.ckpt");
    ZipBombs.write(file, Entry.bomb(MANIFEST, CHECKPOINT_MANIFEST, 3072));
    assertThat(Files.size(file)).isLessThan(4L << 20);
    assertThatThrownBy(() -> Checkpoints.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("entry '" + MANIFEST + "'")
        .hasMessageContaining("holds more than " + ZipArchives.MAX_MANIFEST_BYTES + " bytes")
        .hasMessageContaining("(" + (3072L << 20) + " declared)")
        .hasMessageContaining("limit");
  }

  @Test
  void arrayEntryInflatingToThreeGibibytesIsRefusedPastTheSizeItsHeaderDeclares() throws Exception {
    byte[] small = ZipArchives.arrayBytes(Nd4j.rand(DataType.FLOAT, 2, 2));
    Path file = dir.resolve("bomb.ckpt");
    ZipBombs.write(
        file, Entry.of(MANIFEST, CHECKPOINT_MANIFEST), Entry.bomb("param/G/w", small, 3072));
    assertThat(Files.size(file)).isLessThan(4L << 20);
    assertThatThrownBy(() -> Checkpoints.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("entry 'param/G/w'")
        .hasMessageContaining(
            "holds more than " + small.length + " bytes, the size its header declares")
        .hasMessageContaining("FLOAT array of shape [2, 2]");
  }

  @Test
  void arrayDeclaringMoreThanTheLimitIsRefusedBeforeItsDataIsRead() throws Exception {
    long elements = 805_306_368L; // 3 GiB of floats
    Path file = dir.resolve("huge.ckpt");
    ZipBombs.write(
        file,
        Entry.of(MANIFEST, CHECKPOINT_MANIFEST),
        Entry.bomb("optim/G:w", floatHeader(elements), 3072));
    assertThatThrownBy(() -> Checkpoints.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("entry 'optim/G:w'")
        .hasMessageContaining("FLOAT array of shape [" + elements + "], " + elements * 4 + " bytes")
        .hasMessageContaining("limit of " + ZipArchives.DEFAULT_MAX_ARRAY_BYTES + " bytes")
        .hasMessageContaining(ZipArchives.MAX_ARRAY_BYTES_PROPERTY);

    Path normal = dir.resolve("normal.ckpt");
    ZipArchives.write(
        normal, MANIFEST, Map.of(), Map.of("param/w", Nd4j.rand(DataType.FLOAT, 100, 100)));
    assertThat(ZipArchives.read(normal, MANIFEST, n -> true, "Checkpoint", 40_000).arrays())
        .hasSize(1);
    assertThatThrownBy(() -> ZipArchives.read(normal, MANIFEST, n -> true, "Checkpoint", 39_999))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("40000 bytes, more than the limit of 39999 bytes");
    assertThatThrownBy(() -> ZipArchives.read(normal, MANIFEST, n -> true, "Checkpoint", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
  }

  @Test
  void theArrayLimitComesFromASystemProperty() {
    String saved = System.getProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY);
    try {
      System.clearProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY);
      assertThat(ZipArchives.maxArrayBytes()).isEqualTo(512L << 20);
      System.setProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY, "2000000000");
      assertThat(ZipArchives.maxArrayBytes()).isEqualTo(2_000_000_000L);
      for (String bad : new String[] {"2g", "0", "3000000000"}) {
        System.setProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY, bad);
        assertThatThrownBy(ZipArchives::maxArrayBytes)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(ZipArchives.MAX_ARRAY_BYTES_PROPERTY)
            .hasMessageContaining("'" + bad + "'");
      }
    } finally {
      if (saved == null) {
        System.clearProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY);
      } else {
        System.setProperty(ZipArchives.MAX_ARRAY_BYTES_PROPERTY, saved);
      }
    }
  }

  @Test
  void truncatedArchiveIsReportedWithItsNameAndWhatToDo() throws Exception {
    Path file = dir.resolve("last.ckpt");
    ZipArchives.write(
        file,
        MANIFEST,
        Map.of("format", "samegan-checkpoint", "version", "1", "step", "1", "rng", "1"),
        Map.of("param/w", Nd4j.rand(DataType.FLOAT, 100, 100)));
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> Checkpoints.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is truncated: it ends inside entry 'param/w'")
        .hasMessageContaining("Unexpected end of ZLIB input stream")
        .hasMessageContaining("copy it again")
        .hasMessageContaining("resume from another checkpoint");
  }

  @Test
  void corruptArrayEntriesAreRefusedNamingTheEntry() throws Exception {
    Path zeros = dir.resolve("zeros.ckpt");
    ZipBombs.write(
        zeros, Entry.of(MANIFEST, CHECKPOINT_MANIFEST), Entry.of("param/w", new byte[100]));
    assertThatThrownBy(() -> Checkpoints.read(zeros))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(zeros.toString())
        .hasMessageContaining("entry 'param/w' is corrupt")
        .hasMessageContaining("allocation mode ''");
    byte[] array = ZipArchives.arrayBytes(Nd4j.rand(DataType.FLOAT, 3, 3));
    Path cut = dir.resolve("cut.ckpt");
    ZipBombs.write(
        cut,
        Entry.of(MANIFEST, CHECKPOINT_MANIFEST),
        Entry.of("param/w", Arrays.copyOf(array, array.length - 4)));
    assertThatThrownBy(() -> Checkpoints.read(cut))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("entry 'param/w' is corrupt")
        .hasMessageContaining("it holds 32 bytes of array data but its header declares 36");
  }

  @Test
  void theNextWriteRemovesTemporariesOfTheSameTargetLeftByAKilledWriter() throws Exception {
    Path old = leftover(".last.ckpt.123456.tmp", true);
    Path recent = leftover(".last.ckpt.789.tmp", false); // perhaps another writer's, still going
    Path otherTarget = leftover(".step-000100.ckpt.42.tmp", true);
    ZipArchives.write(dir.resolve("last.ckpt"), MANIFEST, Map.of(), Map.of());
    assertThat(old).doesNotExist();
    assertThat(recent).exists();
    assertThat(otherTarget).exists();
    assertThat(dir.resolve("last.ckpt")).exists();
  }

  @Test
  void removeStaleTemporariesClearsEveryTemporaryOfTheFolderAndNothingElse() throws Exception {
    leftover(".last.ckpt.123456.tmp", false);
    leftover(".step-000100.ckpt.42.tmp", true);
    Path mine = leftover("notes.tmp", true);
    Path hidden = leftover(".last.ckpt.tmp", true);
    ZipArchives.write(dir.resolve("last.ckpt"), MANIFEST, Map.of(), Map.of());
    assertThat(ZipArchives.removeStaleTemporaries(dir)).isEqualTo(2);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(dir.resolve("last.ckpt"), mine, hidden);
    }
    assertThat(ZipArchives.removeStaleTemporaries(dir.resolve("absent"))).isZero();
  }

  private Path leftover(String name, boolean old) throws IOException {
    Path p = Files.write(dir.resolve(name), new byte[1000]);
    if (old) {
      Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
    }
    return p;
  }

  /** The header {@code Nd4j.write} writes for a one-dimensional float array, without its data. */
  private static byte[] floatHeader(long elements) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("MIXED_DATA_TYPES");
    out.writeLong(6);
    out.writeUTF("LONG");
    for (long v :
        new long[] {1, elements, 1, ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT), 1, 'c'}) {
      out.writeLong(v);
    }
    out.writeUTF("MIXED_DATA_TYPES");
    out.writeLong(elements);
    out.writeUTF("FLOAT");
    return bytes.toByteArray();
  }
}
