package io.github.samegan.data.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .npy}/{@code .npz} codec against the format specification, on files numpy wrote
 * ({@code src/test/resources/npy/make_npy.py}, values are closed formulas recomputed here) and on
 * files this codec writes.
 */
class NpyFormatTest {
  @TempDir Path dir;

  static Path resource(String name) {
    try {
      return Path.of(NpyFormatTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** make_npy.py's images(): uint8 [5, 4, 3, 3], (37n + 11y + 5x + 101c) mod 256. */
  static byte[] images() {
    byte[] v = new byte[5 * 4 * 3 * 3];
    int i = 0;
    for (int n = 0; n < 5; n++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 3; x++) {
          for (int c = 0; c < 3; c++) {
            v[i++] = (byte) ((37 * n + 11 * y + 5 * x + 101 * c) % 256);
          }
        }
      }
    }
    return v;
  }

  static byte[] gray() {
    byte[] v = new byte[3 * 4 * 5];
    int i = 0;
    for (int n = 0; n < 3; n++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          v[i++] = (byte) ((37 * n + 11 * y + 5 * x) % 256);
        }
      }
    }
    return v;
  }

  static float[] f4() {
    float[] v = new float[12];
    for (int i = 0; i < 12; i++) {
      v[i] = (float) (i / 7.0 - 0.5);
    }
    return v;
  }

  static final double[] F8 = {0.1, -2.5, 1e300, -1e-300, Math.PI, -0.0};
  static final long[] I8 = {0, 1, -1, 1L << 62, Long.MIN_VALUE, 123456789012345L};
  static final int[] I4 = {3, -7, Integer.MAX_VALUE, Integer.MIN_VALUE};
  static final long[] LABELS = {0, 1, 2, 0, 1};

  static NpyArray imagesArray() {
    return NpyArray.ofUint8(images(), 5, 4, 3, 3);
  }

  static byte[] bytesOf(NpyArray a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.write(out);
    return out.toByteArray();
  }

  static NpyArray readBytes(byte[] file, String where) throws IOException {
    try (NpyReader r = NpyReader.open(new ByteArrayInputStream(file), where, file.length)) {
      return NpyArray.read(r, NpyArray.DEFAULT_MAX_BYTES, where);
    }
  }

  /**
   * Arrays larger than the first 1 MiB chunk read in memory: the buffer grows (1M, 2M, then the
   * rest) and every element lands where it was written, for a byte and a 4-byte element type.
   */
  @Test
  void arraysLargerThanTheFirstChunkGrowAndKeepEveryElement() throws IOException {
    int n = 2_500_003;
    byte[] b = new byte[n];
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >>> 16));
      f[i] = i * 0.5f - 7;
    }
    assertThat(readBytes(bytesOf(NpyArray.ofUint8(b, n)), "big u1").bytes()).isEqualTo(b);
    NpyArray back = readBytes(bytesOf(NpyArray.ofFloat32(f, 1, n)), "big f4");
    assertThat(back.shape()).containsExactly(1, n);
    assertThat(back.floats()).isEqualTo(f);
  }

  // ----------------------------------------------------------------- reading what numpy wrote

  @Test
  void readsUint8ImagesNumpyWroteInCOrder() throws IOException {
    NpyArray a = NpyArray.read(resource("images_u1.npy"));
    assertThat(a.dtype()).isEqualTo(NpyDtype.UINT8);
    assertThat(a.shape()).containsExactly(5, 4, 3, 3);
    assertThat(a.header().descr()).isEqualTo("|u1");
    assertThat(a.bytes()).isEqualTo(images());
    assertThat(a.toDoubles()[4 * 36 + 3 * 9 + 2 * 3 + 2]) // n=4, y=3, x=2, c=2: 148 + 33 + 10 + 202
        .isEqualTo((148 + 33 + 10 + 202) % 256);
    NpyArray g = NpyArray.read(resource("gray_u1.npy"));
    assertThat(g.shape()).containsExactly(3, 4, 5);
    assertThat(g.bytes()).isEqualTo(gray());
  }

  @Test
  void readsFloatsDoublesAndIntegersInBothByteOrders() throws IOException {
    NpyArray f4 = NpyArray.read(resource("f4.npy"));
    assertThat(f4.header().descr()).isEqualTo("<f4");
    assertThat(f4.shape()).containsExactly(3, 4);
    assertThat(f4.floats()).containsExactly(f4());
    for (String name : List.of("f8.npy", "f8_be.npy")) {
      NpyArray f8 = NpyArray.read(resource(name));
      assertThat(f8.shape()).containsExactly(2, 3);
      assertThat(Arrays.stream(f8.doubles()).mapToLong(Double::doubleToRawLongBits).toArray())
          .as(name)
          .containsExactly(Arrays.stream(F8).mapToLong(Double::doubleToRawLongBits).toArray());
    }
    assertThat(NpyArray.read(resource("f8_be.npy")).header().byteOrder())
        .isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(NpyArray.read(resource("f8_be.npy")).header().descr()).isEqualTo(">f8");
    for (String name : List.of("i8.npy", "i8_be.npy")) {
      assertThat(NpyArray.read(resource(name)).longs()).as(name).containsExactly(I8);
    }
    assertThat(NpyArray.read(resource("i4.npy")).ints()).containsExactly(I4);
    assertThat(NpyArray.read(resource("i4.npy")).toDoubles())
        .containsExactly(3, -7, Integer.MAX_VALUE, Integer.MIN_VALUE);
  }

  @Test
  void readsVersion2And3Headers() throws IOException {
    for (int version : new int[] {2, 3}) {
      Path file = resource("f8_v" + version + ".npy");
      assertThat(Files.readAllBytes(file)[6]).isEqualTo((byte) version);
      try (NpyReader r = NpyReader.open(file)) {
        assertThat(r.headerLength() % 64).isZero();
      }
      assertThat(NpyArray.read(file).doubles()).containsExactly(F8);
    }
  }

  @Test
  void readsScalarsAndEmptyArrays() throws IOException {
    NpyArray s = NpyArray.read(resource("scalar_f8.npy"));
    assertThat(s.shape()).isEmpty();
    assertThat(s.header().elementCount()).isEqualTo(1);
    assertThat(s.doubles()).containsExactly(2.5);
    NpyArray e = NpyArray.read(resource("empty_f4.npy"));
    assertThat(e.shape()).containsExactly(0, 3);
    assertThat(e.floats()).isEmpty();
  }

  @Test
  void streamsAnArrayInSlicesWithTheValuesOfAWholeRead() throws IOException {
    byte[] all = images();
    try (NpyReader r = NpyReader.open(resource("images_u1.npy"))) {
      assertThat(r.header().shape()).containsExactly(5, 4, 3, 3);
      byte[] slice = new byte[2 * 36];
      r.readBytes(slice, 0, slice.length);
      assertThat(slice).isEqualTo(Arrays.copyOfRange(all, 0, 72));
      r.readBytes(slice, 0, slice.length);
      assertThat(slice).isEqualTo(Arrays.copyOfRange(all, 72, 144));
      assertThat(r.remaining()).isEqualTo(36);
      assertThatThrownBy(() -> r.readBytes(new byte[72], 0, 72))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("36 of 180 are left");
      r.readBytes(slice, 0, 36);
      r.expectEnd();
    }
    double[] d = new double[12];
    try (NpyReader r = NpyReader.open(resource("f4.npy"))) {
      r.readDoubles(d, 0, 12);
    }
    for (int i = 0; i < 12; i++) {
      assertThat(d[i]).isEqualTo(f4()[i]);
    }
  }

  // --------------------------------------------------------------- writing what numpy writes

  @Test
  void javaWritesTheBytesNumpyWrites() throws IOException {
    Map<String, NpyArray> same =
        Map.ofEntries(
            Map.entry("images_u1.npy", imagesArray()),
            Map.entry("gray_u1.npy", NpyArray.ofUint8(gray(), 3, 4, 5)),
            Map.entry("f4.npy", NpyArray.ofFloat32(f4(), 3, 4)),
            Map.entry("f8.npy", NpyArray.ofFloat64(F8, 2, 3)),
            Map.entry(
                "f8_be.npy", NpyArray.ofFloat64(F8, 2, 3).withByteOrder(ByteOrder.BIG_ENDIAN)),
            Map.entry("i8.npy", NpyArray.ofInt64(I8, 6)),
            Map.entry("i8_be.npy", NpyArray.ofInt64(I8, 6).withByteOrder(ByteOrder.BIG_ENDIAN)),
            Map.entry("i4.npy", NpyArray.ofInt32(I4, 4)),
            Map.entry("scalar_f8.npy", NpyArray.ofFloat64(new double[] {2.5})),
            Map.entry("empty_f4.npy", NpyArray.ofFloat32(new float[0], 0, 3)));
    for (Map.Entry<String, NpyArray> e : same.entrySet()) {
      byte[] numpy = Files.readAllBytes(resource(e.getKey()));
      assertThat(bytesOf(e.getValue())).as(e.getKey()).isEqualTo(numpy);
      Path saved = dir.resolve(e.getKey());
      e.getValue().save(saved);
      assertThat(Files.readAllBytes(saved)).as(e.getKey()).isEqualTo(numpy);
      assertThat(NpyArray.read(saved)).isEqualTo(e.getValue());
    }
  }

  @Test
  void headersAreAlignedTo64BytesAndGrowToVersion2WhenLong() throws IOException {
    for (long n : new long[] {0, 1, 9, 10, 99_999, 50_000, Long.MAX_VALUE / 4096}) {
      byte[] h = NpyHeader.of(NpyDtype.UINT8, n, 32, 32, 3).encode();
      assertThat(h.length % 64).as("n=%d", n).isZero();
      assertThat(h[h.length - 1]).isEqualTo((byte) '\n');
      NpyHeader.Parsed p = NpyHeader.read(new ByteArrayInputStream(h), "header");
      assertThat(p.header().shape()).containsExactly(n, 32, 32, 3);
      assertThat(p.length()).isEqualTo(h.length);
    }
    long[] many = new long[30_000];
    Arrays.fill(many, 1);
    NpyHeader wide = NpyHeader.of(NpyDtype.FLOAT32, many);
    byte[] h = wide.encode();
    assertThat(h[6]).as("version").isEqualTo((byte) 2);
    assertThat(h.length % 64).isZero();
    // 30,000 dimensions are beyond what the reader accepts (64), which it says by name.
    assertThatThrownBy(() -> NpyHeader.read(new ByteArrayInputStream(h), "wide.npy"))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("more than 64 dimensions");
  }

  // ----------------------------------------------------------------------------- refusals

  @Test
  void refusesFortranOrderWithANamedError() {
    assertThatThrownBy(() -> NpyArray.read(resource("fortran_f8.npy")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("fortran_f8.npy")
        .hasMessageContaining("Fortran (column-major) order")
        .hasMessageContaining("np.ascontiguousarray");
  }

  @Test
  void refusesDtypesItDoesNotReadByName() {
    Map<String, String> files =
        Map.of("c16.npy", "'<c16'", "u3.npy", "'<U3'", "f2.npy", "'<f2'", "structured.npy", "");
    files.forEach(
        (name, descr) ->
            assertThatThrownBy(() -> NpyArray.read(resource(name)))
                .as(name)
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(descr)
                .hasMessageContaining("|u1, |i1, <i4, >i4, <i8, >i8, <f4, >f4, <f8, >f8"));
  }

  @Test
  void refusesAHeaderDeclaringMoreDataThanTheFileHoldsBeforeReadingIt() throws IOException {
    byte[] file = Files.readAllBytes(resource("images_u1.npy"));
    byte[] cut = Arrays.copyOf(file, file.length - 10);
    assertThatThrownBy(() -> readBytes(cut, "cut.npy"))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("cut.npy declares |u1 [5, 4, 3, 3] (180 bytes of data)")
        .hasMessageContaining("holds only 170 bytes");
    Path onDisk = dir.resolve("cut.npy");
    Files.write(onDisk, cut);
    assertThatThrownBy(() -> NpyArray.read(onDisk))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("truncated or corrupt");
    // A header claiming a petabyte: refused from the header alone, nothing allocated.
    byte[] huge = withShape(file, "(5, 4, 3, 3)", "(1000000000000000, 4, 3, 3)");
    assertThatThrownBy(() -> readBytes(huge, "huge.npy"))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("36000000000000000 bytes of data");
    // Even when the size of the source is unknown, an in-memory read checks before allocating.
    try (NpyReader r = NpyReader.open(new ByteArrayInputStream(huge), "stream", -1)) {
      assertThatThrownBy(() -> NpyArray.read(r, 1 << 20, "stream"))
          .isInstanceOf(NpyFormatException.class)
          .hasMessageContaining("more than the 1048576 bytes accepted in memory");
    }
    // And a stream that ends early is a named error, not an EOFException.
    try (NpyReader r = NpyReader.open(new ByteArrayInputStream(cut), "stream", -1)) {
      assertThatThrownBy(() -> r.readBytes(new byte[180], 0, 180))
          .isInstanceOf(NpyFormatException.class)
          .hasMessageContaining("stream is truncated");
    }
  }

  @Test
  void refusesBytesAfterTheDeclaredData() throws IOException {
    byte[] file = Files.readAllBytes(resource("f8.npy"));
    byte[] longer = Arrays.copyOf(file, file.length + 3);
    assertThatThrownBy(() -> readBytes(longer, "longer.npy"))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("holds 51 bytes after its header");
    try (NpyReader r = NpyReader.open(new ByteArrayInputStream(longer), "stream", -1)) {
      assertThatThrownBy(() -> NpyArray.read(r, 1 << 20, "stream"))
          .isInstanceOf(NpyFormatException.class)
          .hasMessageContaining("more bytes than its header declares");
    }
  }

  @Test
  void refusesMalformedHeadersWithTheirReason() throws IOException {
    byte[] good = Files.readAllBytes(resource("f8.npy"));
    byte[] magic = good.clone();
    magic[1] = 'X';
    assertRefused(magic, "does not start with the magic string");
    byte[] version = good.clone();
    version[6] = 4;
    assertRefused(version, "version 4.0; SameGAN reads versions 1.0, 2.0 and 3.0");
    assertRefused(Arrays.copyOf(good, 7), "ends inside the .npy header");
    assertRefused(Arrays.copyOf(good, 40), "its .npy header declares 118 bytes but only 30");
    assertRefused(
        withText(good, "'fortran_order': False, ", "'fortran_orber': False, "),
        "the keys [descr, fortran_orber, shape]");
    assertRefused(withText(good, "'shape': (2, 3), }", "'shape': (2, -3) }"), "non-negative");
    assertRefused(withText(good, "(2, 3)", "[2, 3]"), "a string, True, False or a tuple");
    assertRefused(withText(good, "'<f8'", "'<f8 "), "at character");
    assertRefused(
        withText(good, "(2, 3), }", "(2, 3), } x"), "unexpected text after the dictionary");
    assertRefused(withText(good, "'descr'", "\"descr\""), null); // double quotes are Python too
    assertRefused(withShape(good, "(2, 3)", "(99999999999999999999, 3)"), "overflows a long");
    assertRefused(withShape(good, "(2, 3)", "(4611686018427387904, 4)"), "is invalid");
  }

  private static void assertRefused(byte[] file, String why) throws IOException {
    if (why == null) {
      assertThat(readBytes(file, "ok.npy").doubles()).containsExactly(F8);
      return;
    }
    assertThatThrownBy(() -> readBytes(file, "bad.npy"))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("bad.npy")
        .hasMessageContaining(why);
  }

  /** Replaces text inside the header, keeping its length (the padding absorbs the change). */
  private static byte[] withText(byte[] file, String from, String to) {
    String s = new String(file, StandardCharsets.ISO_8859_1);
    int hlen = (file[8] & 0xFF) | (file[9] & 0xFF) << 8;
    String header = s.substring(10, 10 + hlen);
    assertThat(header).contains(from);
    String changed = header.replace(from, to);
    int diff = changed.length() - header.length();
    if (diff > 0) {
      changed = changed.replaceFirst(" {" + diff + "}\n$", "\n");
    } else {
      changed = changed.replace("\n", " ".repeat(-diff) + "\n");
    }
    assertThat(changed).hasSize(hlen);
    return (s.substring(0, 10) + changed + s.substring(10 + hlen))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] withShape(byte[] file, String from, String to) {
    return withText(file, from, to);
  }

  // ------------------------------------------------------------------------------------ npz

  @Test
  void readsStoredAndDeflatedArchivesNumpyWrote() throws IOException {
    for (String name : List.of("images.npz", "images_compressed.npz")) {
      try (ZipFile z = new ZipFile(resource(name).toFile())) {
        int method = z.getEntry("arr_0.npy").getMethod();
        assertThat(method)
            .as(name)
            .isEqualTo(name.contains("compressed") ? ZipEntry.DEFLATED : ZipEntry.STORED);
      }
      try (NpzReader npz = NpzReader.open(resource(name))) {
        assertThat(npz.keys()).containsExactly("arr_0", "arr_1");
        assertThat(npz.header("arr_0")).isEqualTo(NpyHeader.of(NpyDtype.UINT8, 5, 4, 3, 3));
        assertThat(npz.read("arr_0").bytes()).as(name).isEqualTo(images());
        assertThat(npz.read("arr_1").longs()).as(name).containsExactly(LABELS);
        try (NpyReader r = npz.open("arr_0")) {
          byte[] first = new byte[36];
          r.readBytes(first, 0, 36);
          assertThat(first).isEqualTo(Arrays.copyOf(images(), 36));
        }
        assertThatThrownBy(() -> npz.read("mu"))
            .isInstanceOf(NpyFormatException.class)
            .hasMessageContaining("holds no array named 'mu'; it holds [arr_0, arr_1]");
      }
    }
  }

  @Test
  void anArchiveStreamedInBatchesReadsBackTheSame() throws IOException {
    Path file = dir.resolve("out/samples.npz");
    byte[] all = images();
    try (NpzWriter npz = NpzWriter.create(file)) {
      try (NpyWriter w = npz.entry("arr_0", NpyHeader.of(NpyDtype.UINT8, 5, 4, 3, 3))) {
        for (int n = 0; n < 5; n += 2) {
          int len = Math.min(2, 5 - n) * 36;
          w.writeBytes(all, n * 36, len);
        }
      }
      npz.write("arr_1", NpyArray.ofInt64(LABELS, 5));
      assertThat(file).doesNotExist();
    }
    try (NpzReader npz = NpzReader.open(file)) {
      assertThat(npz.keys()).containsExactly("arr_0", "arr_1");
      assertThat(npz.read("arr_0")).isEqualTo(imagesArray());
      assertThat(npz.read("arr_1").longs()).containsExactly(LABELS);
    }
    assertThat(leftovers(file.getParent())).containsExactly("samples.npz");
  }

  /**
   * The committed java_written.npz was written by this codec and checked with numpy
   * (check_java_written.py). Writing the same arrays again must give the same entries, and each
   * entry must be byte for byte the .npy file numpy itself writes for that array.
   */
  @Test
  void javaWriterReproducesTheArchiveNumpyChecked() throws IOException {
    Path file = Path.of("target/npy/java_written.npz");
    try (NpzWriter npz = NpzWriter.create(file)) {
      npz.write("arr_0", imagesArray());
      npz.write("arr_1", NpyArray.ofInt64(LABELS, 5));
      npz.write("f4", NpyArray.ofFloat32(f4(), 3, 4));
      npz.write("f8_be", NpyArray.ofFloat64(F8, 2, 3).withByteOrder(ByteOrder.BIG_ENDIAN));
      npz.write("i8", NpyArray.ofInt64(I8, 6));
    }
    Map<String, byte[]> written = entries(file);
    Map<String, byte[]> committed = entries(resource("java_written.npz"));
    assertThat(written.keySet()).isEqualTo(committed.keySet());
    written.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(committed.get(name)));
    assertThat(written.get("arr_0.npy")).isEqualTo(Files.readAllBytes(resource("images_u1.npy")));
    assertThat(written.get("f4.npy")).isEqualTo(Files.readAllBytes(resource("f4.npy")));
    assertThat(written.get("f8_be.npy")).isEqualTo(Files.readAllBytes(resource("f8_be.npy")));
    assertThat(written.get("i8.npy")).isEqualTo(Files.readAllBytes(resource("i8.npy")));
    try (ZipFile z = new ZipFile(file.toFile())) {
      assertThat(z.stream().map(ZipEntry::getName))
          .containsExactly("arr_0.npy", "arr_1.npy", "f4.npy", "f8_be.npy", "i8.npy");
    }
  }

  private static Map<String, byte[]> entries(Path zip) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (ZipEntry e : z.stream().toList()) {
        try (InputStream in = z.getInputStream(e)) {
          out.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return out;
  }

  @Test
  void anIncompleteArrayLeavesNoFileBehind() throws IOException {
    Path npy = dir.resolve("part.npy");
    NpyWriter w = NpyWriter.create(npy, NpyHeader.of(NpyDtype.FLOAT32, 10));
    w.writeFloats(new float[5], 0, 5);
    assertThatThrownBy(w::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only 5 of the 10 elements");
    assertThat(npy).doesNotExist();

    Path npz = dir.resolve("part.npz");
    NpzWriter z = NpzWriter.create(npz);
    NpyWriter e = z.entry("arr_0", NpyHeader.of(NpyDtype.UINT8, 4));
    e.writeBytes(new byte[3], 0, 3);
    assertThatThrownBy(e::close).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(z::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was discarded");
    assertThat(npz).doesNotExist();

    NpzWriter open = NpzWriter.create(npz);
    open.entry("arr_0", NpyHeader.of(NpyDtype.UINT8, 4));
    assertThatThrownBy(() -> open.entry("arr_1", NpyHeader.of(NpyDtype.UINT8, 4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("close the writer");
    assertThatThrownBy(open::close).hasMessageContaining("was not closed");
    assertThat(leftovers(dir)).isEmpty();
  }

  @Test
  void writingMoreOrOtherElementsThanDeclaredIsRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NpyWriter w = NpyWriter.to(out, NpyHeader.of(NpyDtype.INT64, 2));
    assertThatThrownBy(() -> w.writeFloats(new float[1], 0, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot write floats into an array of <i8 values");
    assertThatThrownBy(() -> w.writeLongs(new long[3], 0, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the header declares 2");
    Path file = dir.resolve("dup.npz");
    try (NpzWriter npz = NpzWriter.create(file)) {
      npz.write("a", NpyArray.ofInt64(new long[] {1}, 1));
      assertThatThrownBy(() -> npz.write("a", NpyArray.ofInt64(new long[] {1}, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already holds an array named 'a'");
      assertThatThrownBy(() -> npz.entry("x/y", NpyHeader.of(NpyDtype.UINT8, 1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(file).exists();
    assertThatThrownBy(() -> NpyArray.ofFloat32(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shape [2, 3] has 6 elements but 5 values were given");
  }

  @Test
  void refusesFilesThatAreNotArchivesAndEntriesThatHoldLessThanDeclared() throws IOException {
    Path notZip = dir.resolve("x.npz");
    Files.write(notZip, Files.readAllBytes(resource("f8.npy")));
    assertThatThrownBy(() -> NpzReader.open(notZip))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("x.npz is not a .npz archive");
    assertThatThrownBy(() -> NpzReader.open(dir.resolve("missing.npz")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> NpyArray.read(dir.resolve("missing.npy")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("does not exist");

    byte[] file = Files.readAllBytes(resource("images_u1.npy"));
    Path lying = dir.resolve("lying.npz");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(lying))) {
      z.putNextEntry(new ZipEntry("arr_0.npy"));
      z.write(file, 0, file.length - 36); // four of the five images
      z.closeEntry();
    }
    try (NpzReader npz = NpzReader.open(lying)) {
      assertThatThrownBy(() -> npz.read("arr_0"))
          .isInstanceOf(NpyFormatException.class)
          .hasMessageContaining("lying.npz: array 'arr_0' declares |u1 [5, 4, 3, 3]")
          .hasMessageContaining("holds only 144 bytes");
      assertThatThrownBy(() -> npz.open("arr_0"))
          .isInstanceOf(NpyFormatException.class)
          .hasMessageContaining("holds only 144 bytes");
    }
  }

  /**
   * A zip entry whose central directory lies about its size (2 GB declared, a few bytes stored) and
   * whose array header agrees with the lie: reading it must end in a named error after allocating
   * about what the entry really holds, not 2 GB.
   */
  @Test
  void anArchiveEntryThatLiesAboutItsSizeIsRefusedWithoutAllocatingItsClaim() throws IOException {
    long claimed = 2_000_000_000L;
    byte[] header = NpyHeader.of(NpyDtype.UINT8, claimed).encode();
    byte[] data = Arrays.copyOf(header, header.length + 100); // 100 data bytes really stored
    Path file = dir.resolve("liar.npz");
    Files.write(file, storedZip("arr_0.npy", data, header.length + claimed));
    Runtime rt = Runtime.getRuntime();
    try (NpzReader npz = NpzReader.open(file)) {
      assertThat(npz.header("arr_0").elementCount()).isEqualTo(claimed);
      long before = rt.totalMemory() - rt.freeMemory();
      assertThatThrownBy(() -> npz.read("arr_0"))
          .isInstanceOf(NpyFormatException.class)
          .hasMessageContaining("liar.npz: array 'arr_0'");
      // Allocation stayed near the first chunk (1 MiB), far below the 2 GB claimed.
      assertThat(rt.totalMemory() - rt.freeMemory() - before).isLessThan(512L << 20);
    }
  }

  /** A zip with one stored entry whose local and central headers declare {@code size} bytes. */
  static byte[] storedZip(String name, byte[] data, long size) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(30 + 46 + 22 + 2 * name.length() + data.length)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 0x21).putInt(0); // time, date (1980-01-01), crc
    b.putInt((int) size).putInt((int) size).putShort((short) n.length).putShort((short) 0);
    b.put(n).put(data);
    int central = b.position();
    b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0x21).putInt(0);
    b.putInt((int) size).putInt((int) size).putShort((short) n.length).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(n);
    int centralSize = b.position() - central;
    b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1);
    b.putShort((short) 1).putInt(centralSize).putInt(central).putShort((short) 0);
    return Arrays.copyOf(b.array(), b.position());
  }

  private static List<String> leftovers(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
