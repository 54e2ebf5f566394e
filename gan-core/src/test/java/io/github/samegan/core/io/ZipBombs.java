package io.github.samegan.core.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes small zip files whose entries inflate to gigabytes, in milliseconds: a raw deflate stream
 * of zeros is one block per MiB that, once the window holds zeros, is the same bytes every time, so
 * the block is computed once and repeated.
 */
final class ZipBombs {
  private static final int MIB = 1 << 20;

  private ZipBombs() {}

  /**
   * A raw deflate stream of {@code head} followed by zeros, {@code mebibytes} MiB in all (at least
   * 3, and {@code head} shorter than 1 MiB): about 1 KiB per MiB.
   */
  static byte[] deflatedZerosAfter(byte[] head, int mebibytes) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] first = Arrays.copyOf(head, MIB);
    byte[] zeros = new byte[MIB];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(flush(d, first));
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

  /** One entry: its name, its raw deflate stream, the inflated size and CRC-32 it declares. */
  record Entry(String name, byte[] deflated, long size, long crc) {
    /** A well-formed entry holding {@code bytes}. */
    static Entry of(String name, byte[] bytes) {
      CRC32 c = new CRC32();
      c.update(bytes);
      return new Entry(name, ZipBombs.deflated(bytes), bytes.length, c.getValue());
    }

    /** A bomb: {@code head}, then zeros up to {@code mebibytes} MiB (the CRC is never reached). */
    static Entry bomb(String name, byte[] head, int mebibytes) {
      return new Entry(name, deflatedZerosAfter(head, mebibytes), (long) mebibytes * MIB, 0);
    }
  }

  /** Writes a zip of local entries only (all that a streaming reader needs). */
  static void write(Path file, Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (Entry e : entries) {
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      out.writeInt(Integer.reverseBytes(0x04034b50)); // local file header
      out.writeShort(Short.reverseBytes((short) 20)); // version needed
      out.writeShort(0); // flags: sizes in this header
      out.writeShort(Short.reverseBytes((short) 8)); // deflated
      out.writeInt(0); // time and date
      out.writeInt(Integer.reverseBytes((int) e.crc()));
      out.writeInt(Integer.reverseBytes(e.deflated().length));
      out.writeInt(Integer.reverseBytes((int) e.size())); // up to 4 GiB - 1, unsigned
      out.writeShort(Short.reverseBytes((short) name.length));
      out.writeShort(0); // no extra field
      out.write(name);
      out.write(e.deflated());
    }
    Files.write(file, bytes.toByteArray());
  }

  private static byte[] deflated(byte[] bytes) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(bytes);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }
}
