package io.github.samegan.eval.metrics;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Validation and ND4J conversion of feature matrices (rows are samples), always in double. */
final class Matrices {
  private Matrices() {}

  /**
   * Checks that {@code m} is a non-empty rectangular matrix of finite values and returns its column
   * count.
   */
  static int requireMatrix(double[][] m, String name) {
    Objects.requireNonNull(m, name);
    if (m.length == 0) {
      throw new IllegalArgumentException(name + " must have at least one row, found 0");
    }
    Objects.requireNonNull(m[0], name + "[0]");
    int cols = m[0].length;
    if (cols == 0) {
      throw new IllegalArgumentException(name + " must have at least one column, found 0");
    }
    for (int i = 0; i < m.length; i++) {
      double[] row = Objects.requireNonNull(m[i], name + "[" + i + "]");
      if (row.length != cols) {
        throw new IllegalArgumentException(
            name
                + " must be rectangular: row 0 has "
                + cols
                + " values, row "
                + i
                + " has "
                + row.length);
      }
      for (int j = 0; j < cols; j++) {
        if (!Double.isFinite(row[j])) {
          throw new IllegalArgumentException(
              name + "[" + i + "][" + j + "] must be finite, found " + row[j]);
        }
      }
    }
    return cols;
  }

  /** Checks that two matrices have the same column count (feature dimension). */
  static int requireSameDimension(double[][] a, String aName, double[][] b, String bName) {
    int da = requireMatrix(a, aName);
    int db = requireMatrix(b, bName);
    if (da != db) {
      throw new IllegalArgumentException(
          aName
              + " has "
              + da
              + " features per row but "
              + bName
              + " has "
              + db
              + "; both must come from the same feature extractor");
    }
    return da;
  }

  /** A new C-ordered DOUBLE array holding {@code m}. */
  static INDArray toNd(double[][] m) {
    return Nd4j.createFromArray(m);
  }

  /** The rows of a rank-2 array as {@code double[][]} (converted to double if needed). */
  static double[][] toJava(INDArray a, String name) {
    Objects.requireNonNull(a, name);
    if (a.rank() != 2) {
      throw new IllegalArgumentException(
          name + " must be a matrix [N, D], found shape " + java.util.Arrays.toString(a.shape()));
    }
    INDArray d = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    return d.toDoubleMatrix();
  }

  /** The elements of {@code a} in C (row-major) order. */
  static double[] flatC(INDArray a) {
    return flatC(a, null);
  }

  /**
   * The elements of {@code a} in C order, written into {@code reuse} when it is long enough (extra
   * elements are left as they were), otherwise into a new array.
   */
  static double[] flatC(INDArray a, double[] reuse) {
    INDArray d = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    boolean plain =
        d.ordering() == 'c' && !d.isView() && d.offset() == 0 && d.data().length() == d.length();
    INDArray c = plain ? d : d.dup('c');
    int len = Math.toIntExact(c.length());
    double[] out = reuse != null && reuse.length >= len ? reuse : new double[len];
    c.data().asNioDouble().get(out, 0, len); // bulk copy; asDouble() goes element by element
    return out;
  }

  /** A new C-ordered DOUBLE array [idx.length, D] holding rows {@code idx} of {@code m}. */
  static INDArray gatherRows(double[][] m, int[] idx) {
    int d = m[0].length;
    double[] flat = new double[idx.length * d];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(m[idx[i]], 0, flat, i * d, d);
    }
    return Nd4j.create(flat, new long[] {idx.length, d}, DataType.DOUBLE);
  }

  /** Squared Euclidean norm of each row. */
  static double[] rowSquaredNorms(double[][] m) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      double s = 0;
      for (double v : m[i]) {
        s += v * v;
      }
      out[i] = s;
    }
    return out;
  }

  /**
   * Computes products {@code a · bᵀ} into reused native and Java buffers. Allocating a fresh ND4J
   * output per product made small-inner-dimension products (D = 64) 5–10× slower than the BLAS call
   * itself, so every block product of the k-NN metrics and KID goes through one of these. Not
   * thread-safe.
   */
  static final class ProductBuffer {
    private INDArray flat;
    private double[] values;

    /**
     * {@code a · bᵀ} for a [R, D] and b [C, D] (DOUBLE, views allowed), returned row-major in an
     * array of at least R·C elements that is overwritten by the next call.
     */
    double[] timesTransposed(INDArray a, INDArray b) {
      long r = a.size(0);
      long c = b.size(0);
      int len = Math.toIntExact(r * c);
      if (flat == null || flat.length() < len) {
        flat = Nd4j.create(DataType.DOUBLE, Math.max(len, 1));
        values = new double[Math.max(len, 1)];
      }
      INDArray out =
          (flat.length() == len ? flat : flat.get(NDArrayIndex.interval(0, len)))
              .reshape('c', r, c);
      Nd4j.gemm(a, b, out, false, true, 1.0, 0.0);
      flat.data().asNioDouble().get(values, 0, len);
      return values;
    }
  }
}
