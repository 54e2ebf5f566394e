package io.github.samegan.core.io;

import io.github.samegan.core.CheckpointException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads one array written by {@code Nd4j.write} from an archive entry without trusting it: the
 * header is parsed and checked first, the size of the data it declares is compared with the limit,
 * and only then are exactly that many bytes read (and the entry must end there). So a corrupt or
 * hostile entry costs at most the limit in memory, and ND4J never sees an array whose shape does
 * not fit its data.
 *
 * <p>The layout ND4J 1.0.0-M2.1 writes is two buffers, the shape information and the data, each as
 * {@code writeUTF(allocation mode)}, {@code writeLong(length)}, {@code writeUTF(data type)} and
 * {@code length} big-endian elements. The shape information ({@code LONG}) is {@code [rank,
 * dims..., strides..., extras, element-wise stride, order]}.
 */
final class ArrayEntries {
  /** The allocation modes whose header stores the length as a {@code long}. */
  private static final Set<String> MODES = Set.of("MIXED_DATA_TYPES", "LONG_SHAPE");

  /** ND4J's largest rank. */
  private static final int MAX_RANK = 32;

  private ArrayEntries() {}

  /**
   * Reads an array from {@code in}, which must end right after it.
   *
   * @param where names the file and entry in errors, e.g. {@code "Checkpoint /runs/a/last.ckpt:
   *     entry 'param/G/w'"}
   * @param maxBytes the most bytes of array data accepted
   * @throws CheckpointException if the entry is not an array, is cut short, holds more than its
   *     header declares, or declares more than {@code maxBytes}
   * @throws IOException if reading the underlying stream fails (including a truncated archive)
   */
  static INDArray read(InputStream in, String where, long maxBytes) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    EndAwareTee tee = new EndAwareTee(in, header);
    DataInputStream d = new DataInputStream(tee);
    long[] info;
    Buffer data;
    try {
      Buffer shape = Buffer.read(d, where, "shape information");
      if (shape.type != DataType.LONG || shape.length < 4 || shape.length > 4 + 2 * MAX_RANK) {
        throw corrupt(
            where,
            "its shape information is "
                + shape.length
                + " "
                + shape.type
                + " values, expected 4 to "
                + (4 + 2 * MAX_RANK)
                + " LONG values");
      }
      info = new long[(int) shape.length];
      for (int i = 0; i < info.length; i++) {
        info[i] = d.readLong();
      }
      data = Buffer.read(d, where, "data");
    } catch (EOFException e) {
      if (!tee.ended) {
        throw e; // the archive itself ends here: reported by the caller as a truncated file
      }
      throw corrupt(where, "it ends inside the array header (" + header.size() + " bytes)");
    }
    long rank = info[0];
    if (rank < 0 || info.length != 2 * rank + 4) {
      throw corrupt(
          where, "its shape information declares rank " + rank + " in " + info.length + " values");
    }
    int r = (int) rank;
    long[] dims = Arrays.copyOfRange(info, 1, 1 + r);
    long[] strides = Arrays.copyOfRange(info, 1 + r, 1 + 2 * r);
    long order = info[2 * r + 3];
    long elements = 1;
    long lastOffset = 0;
    try {
      for (int i = 0; i < r; i++) {
        if (dims[i] < 0 || strides[i] < 0) {
          throw corrupt(
              where,
              "its shape "
                  + Arrays.toString(dims)
                  + " or strides "
                  + Arrays.toString(strides)
                  + " are negative");
        }
        elements = Math.multiplyExact(elements, dims[i]);
        if (dims[i] > 0) {
          lastOffset = Math.addExact(lastOffset, Math.multiplyExact(dims[i] - 1, strides[i]));
        }
      }
    } catch (ArithmeticException e) {
      throw corrupt(where, "its shape " + Arrays.toString(dims) + " overflows");
    }
    if (order != 'c' && order != 'f') {
      throw corrupt(where, "its order is " + order + ", expected 'c' (99) or 'f' (102)");
    }
    if (data.length != elements) {
      throw corrupt(
          where,
          "its shape "
              + Arrays.toString(dims)
              + " has "
              + elements
              + " elements but its data buffer "
              + data.length);
    }
    if (elements > 0 && lastOffset >= elements) {
      throw corrupt(
          where,
          "its strides "
              + Arrays.toString(strides)
              + " reach past the data of shape "
              + Arrays.toString(dims));
    }
    long extras = info[2 * r + 1];
    if (ArrayOptionsHelper.hasBitSet(extras, ArrayOptionsHelper.ATYPE_SPARSE_BIT)
        || ArrayOptionsHelper.hasBitSet(extras, ArrayOptionsHelper.ATYPE_COMPRESSED_BIT)
        || ArrayOptionsHelper.hasBitSet(extras, ArrayOptionsHelper.ATYPE_EMPTY_BIT)
            != (elements == 0)) {
      throw corrupt(
          where,
          "its shape information's flags "
              + extras
              + " do not fit a dense array of shape "
              + Arrays.toString(dims));
    }
    DataType declared;
    try {
      declared = ArrayOptionsHelper.dataType(extras);
    } catch (RuntimeException e) {
      declared = null;
    }
    if (declared != data.type) {
      throw corrupt(
          where, "its shape information says " + declared + " but its data buffer " + data.type);
    }
    long payload;
    try {
      payload = Math.multiplyExact(data.length, (long) data.type.width());
    } catch (ArithmeticException e) {
      throw corrupt(where, "its data size overflows");
    }
    if (payload > maxBytes) {
      throw new CheckpointException(
          where
              + " declares a "
              + data.type
              + " array of shape "
              + Arrays.toString(dims)
              + ", "
              + payload
              + " bytes, more than the limit of "
              + maxBytes
              + " bytes per array; if the file is genuine,"
              + " raise the limit with -D"
              + ZipArchives.MAX_ARRAY_BYTES_PROPERTY
              + "=BYTES (the samegan command reads"
              + " SAMEGAN_JAVA_OPTS)");
    }
    tee.stopCopying();
    byte[] bytes =
        in.readNBytes((int) payload); // grows as data arrives: a short entry allocates little
    if (bytes.length < payload) {
      throw corrupt(
          where,
          "it holds "
              + bytes.length
              + " bytes of array data but its header declares "
              + payload
              + " ("
              + data.type
              + " array of shape "
              + Arrays.toString(dims)
              + "); it was cut short");
    }
    if (in.read() != -1) {
      long expected = header.size() + payload;
      throw new CheckpointException(
          where
              + " holds more than "
              + expected
              + " bytes, the size its header declares ("
              + data.type
              + " array of shape "
              + Arrays.toString(dims)
              + "), the limit for this entry; the file is corrupt"
              + " or was not written by SameGAN");
    }
    try {
      return Nd4j.read(
          new DataInputStream(
              new SequenceInputStream(
                  new ByteArrayInputStream(header.toByteArray()),
                  new ByteArrayInputStream(bytes))));
    } catch (RuntimeException e) {
      throw new CheckpointException(where + " is corrupt: ND4J cannot read it (" + e + ")", e);
    }
  }

  private static CheckpointException corrupt(String where, String why) {
    return new CheckpointException(
        where
            + " is corrupt: "
            + why
            + "; the file was damaged after it was written (copy it again) or was not written by SameGAN");
  }

  /** One buffer's header. */
  private record Buffer(long length, DataType type) {
    static Buffer read(DataInputStream d, String where, String what) throws IOException {
      String mode = d.readUTF();
      if (!MODES.contains(mode)) {
        throw corrupt(
            where,
            "its "
                + what
                + " header has allocation mode '"
                + abbreviate(mode)
                + "', expected one of "
                + MODES);
      }
      long length = d.readLong();
      String typeName = d.readUTF();
      DataType type;
      try {
        type = DataType.valueOf(typeName);
      } catch (IllegalArgumentException e) {
        throw corrupt(
            where, "its " + what + " has the unknown data type '" + abbreviate(typeName) + "'");
      }
      if (length < 0 || (!type.isNumerical() && type != DataType.BOOL) || type.width() < 1) {
        throw corrupt(where, "its " + what + " declares " + length + " values of type " + type);
      }
      return new Buffer(length, type);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /**
   * Copies what is read into a buffer until told to stop, and remembers whether the stream ended
   * (so that a short entry can be told from a truncated archive).
   */
  private static final class EndAwareTee extends InputStream {
    private final InputStream in;
    private ByteArrayOutputStream copy;
    boolean ended;

    EndAwareTee(InputStream in, ByteArrayOutputStream copy) {
      this.in = in;
      this.copy = copy;
    }

    void stopCopying() {
      copy = null;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        ended = true;
      } else if (copy != null) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n < 0) {
        ended = true;
      } else if (copy != null) {
        copy.write(buf, off, n);
      }
      return n;
    }
  }
}
