package io.github.samegan.data.loaders;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Small files that claim to be huge, written in milliseconds: gzip streams that inflate to
 * gigabytes, image headers that declare gigapixels, sparse files of gigabytes.
 */
final class Bombs {
  private static final int MIB = 1 << 20;

  private Bombs() {}

  /**
   * Writes a gzip file that inflates to {@code head} followed by zeros, {@code mebibytes} MiB in
   * all. The trailer's CRC is not that of the data (nothing reads that far).
   */
  static Path gzip(Path file, byte[] head, int mebibytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    out.writeBytes(deflatedZeros(head, mebibytes));
    long size = (long) mebibytes * MIB;
    DataOutputStream trailer = new DataOutputStream(out);
    trailer.writeInt(0); // CRC-32
    trailer.writeInt(Integer.reverseBytes((int) size)); // ISIZE, little-endian
    Files.write(file, out.toByteArray());
    return file;
  }

  /**
   * A raw deflate stream of {@code head} followed by zeros, {@code mebibytes} MiB in all (at least
   * 3; {@code head} shorter than 1 MiB), at about 1 KiB per MiB: once the window holds zeros, the
   * deflate block for a MiB of zeros is the same bytes every time, so it is computed once and
   * repeated.
   */
  private static byte[] deflatedZeros(byte[] head, int mebibytes) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(flush(d, Arrays.copyOf(head, MIB)));
    byte[] zeros = new byte[MIB];
    byte[] block = flush(d, zeros);
    byte[] steady = flush(d, zeros);
    if (!Arrays.equals(block, steady)) {
      throw new IllegalStateException("the deflater's output for a MiB of zeros is not yet steady");
    }
    for (int i = 1; i < mebibytes; i++) {
      out.writeBytes(steady);
    }
    d.finish();
    byte[] buf = new byte[64];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  private static byte[] flush(Deflater d, byte[] input) {
    d.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    int n;
    do {
      n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      out.write(buf, 0, n);
    } while (n == buf.length || !d.needsInput());
    return out.toByteArray();
  }

  /**
   * Writes a PNG of {@code width x height} black RGB pixels as small as the decompression bomb of
   * the issue (a 20000x20000 one is about 1 MB): IHDR, one IDAT whose zlib stream inflates to the
   * rows (about the right length; its checksum is not checked before the rows are decoded), IEND.
   */
  static Path png(Path file, int width, int height) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(ihdr);
    h.writeInt(width);
    h.writeInt(height);
    h.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, adaptive filter, no interlace
    chunk(out, "IHDR", ihdr.toByteArray());
    long rows = (long) height * (1 + 3L * width); // a filter byte (0: none) and the pixels per row
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    idat.write(new byte[] {0x78, (byte) 0xda}); // zlib header
    idat.writeBytes(deflatedZeros(new byte[0], (int) Math.max(3, (rows + MIB - 1) / MIB)));
    idat.write(new byte[4]); // Adler-32
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }

  /**
   * Writes {@code head}, then makes the file {@code length} bytes long without writing the rest.
   */
  static Path sparse(Path file, byte[] head, long length) throws IOException {
    Files.createDirectories(file.getParent());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(head);
      f.setLength(length);
    }
    return file;
  }
}
