package io.github.samegan.examples.runs;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 8-bit images SameGAN writes and reads: a generated value {@code x} in [−1, 1] becomes the
 * byte {@code round((x + 1) · 127.5)} clipped to 0..255 (NaN to 0), as in the PNG grids, and a byte
 * {@code v} is read back as {@code v / 127.5 − 1}. Exported sample sets hold the bytes in numpy's
 * image layout {@code [N, H, W, C]} (channels last), which Python's evaluation tools read.
 */
public final class ImageBytes {
  private ImageBytes() {}

  /** The byte of one value in [−1, 1]: {@code round((x + 1) · 127.5)} clipped, NaN to 0. */
  public static int toByte(float v) {
    float x = (v + 1f) * 127.5f;
    if (!(x >= 0f)) {
      return 0;
    }
    return x > 255f ? 255 : Math.round(x);
  }

  /** The value of a byte {@code 0..255} in [−1, 1], as the image readers compute it. */
  public static float level(int v) {
    return (float) (v / 127.5 - 1);
  }

  /** Images {@code [B, C, H, W]} in [−1, 1] as bytes {@code [B, H, W, C]} (C order). */
  public static byte[] toHwc(INDArray images) {
    requireImages(images);
    int b = (int) images.size(0);
    int c = (int) images.size(1);
    int h = (int) images.size(2);
    int w = (int) images.size(3);
    float[] v = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    byte[] out = new byte[b * h * w * c];
    int plane = h * w;
    int o = 0;
    for (int i = 0; i < b; i++) {
      int base = i * c * plane;
      for (int p = 0; p < plane; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[o++] = (byte) toByte(v[base + ch * plane + p]);
        }
      }
    }
    return out;
  }

  /**
   * Images {@code [B, C, H, W]} as the 8-bit images written to a file would be read back: each
   * value replaced by {@code level(toByte(x))}.
   */
  public static INDArray quantize(INDArray images) {
    requireImages(images);
    float[] v = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    for (int i = 0; i < v.length; i++) {
      v[i] = level(toByte(v[i]));
    }
    return Nd4j.create(v, images.shape(), 'c');
  }

  private static void requireImages(INDArray images) {
    if (images.rank() != 4) {
      throw new IllegalArgumentException(
          "Expected images [B, C, H, W], found " + Arrays.toString(images.shape()));
    }
  }
}
