package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** PNG encoding of CHW images for the study, and decoding of uploads for detection. */
public final class ImageCodec {
  /** The largest width or height accepted in an upload (a guard against decompression bombs). */
  public static final int MAX_UPLOAD_SIDE = 4096;

  private ImageCodec() {}

  /** Thrown for an upload that is not a decodable image of acceptable size. */
  public static final class BadImageException extends Exception {
    private static final long serialVersionUID = 1L;

    BadImageException(String message) {
      super(message);
    }
  }

  /**
   * Encodes one CHW image (values in [-1, 1], C = 1 or 3) as an <em>uncompressed</em> PNG. Every
   * image of a shape therefore has the same byte length whatever its content: in the study the size
   * of a response must not hint at whether the image is real or generated (real photos and samples
   * compress differently).
   */
  public static byte[] uncompressedPng(float[] chw, int offset, ImageShape shape) {
    int c = shape.channels();
    int h = shape.height();
    int w = shape.width();
    int plane = h * w;
    BufferedImage img =
        new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = offset + y * w + x;
        int r = toByte(chw[p]);
        if (c == 1) {
          img.getRaster().setSample(x, y, 0, r);
        } else {
          int g = toByte(chw[p + plane]);
          int b = toByte(chw[p + 2 * plane]);
          img.setRGB(x, y, (r << 16) | (g << 8) | b);
        }
      }
    }
    return encode(img, 1.0f);
  }

  /** Encodes an image as a (compressed) PNG. */
  public static byte[] png(BufferedImage img) {
    return encode(img, -1f);
  }

  private static byte[] encode(BufferedImage img, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality >= 0) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality); // 1.0 = deflate level 0: stored, no compression
      }
      writer.write(null, new IIOImage(img, null, null), param);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed", e);
    } finally {
      writer.dispose();
    }
  }

  /**
   * Decodes an uploaded image (any format ImageIO reads: PNG, JPEG, GIF, BMP) and converts it to
   * {@code shape}: resized with bilinear interpolation, grey or RGB, values in [-1, 1].
   *
   * @return {@code [C, H, W]} floats
   * @throws BadImageException if the bytes are not an image, or it is larger than {@value
   *     #MAX_UPLOAD_SIDE} pixels on a side
   */
  public static Decoded decode(byte[] bytes, ImageShape shape) throws BadImageException {
    BufferedImage src;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new BadImageException("The upload is not an image (expected PNG, JPEG, GIF or BMP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w < 1 || h < 1 || w > MAX_UPLOAD_SIDE || h > MAX_UPLOAD_SIDE) {
          throw new BadImageException(
              "Image is "
                  + w
                  + "x"
                  + h
                  + " pixels; at most "
                  + MAX_UPLOAD_SIDE
                  + " pixels on a side are accepted");
        }
        src = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new BadImageException(
          "The upload could not be decoded as an image (expected PNG, JPEG, GIF or BMP)");
    }
    int c = shape.channels();
    int h = shape.height();
    int w = shape.width();
    BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    float[] out = new float[c * h * w];
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = scaled.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int gr = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int p = y * w + x;
        if (c == 1) {
          out[p] = (float) ((0.299 * r + 0.587 * gr + 0.114 * b) / 127.5 - 1);
        } else {
          out[p] = r / 127.5f - 1;
          out[plane + p] = gr / 127.5f - 1;
          out[2 * plane + p] = b / 127.5f - 1;
        }
      }
    }
    return new Decoded(
        Nd4j.create(out, new long[] {c, h, w}, 'c'), src.getWidth(), src.getHeight());
  }

  /** A decoded upload: the converted image and the original size. */
  public record Decoded(INDArray chw, int width, int height) {}

  private static int toByte(float v) {
    float x = (v + 1f) * 127.5f;
    if (!(x >= 0f)) {
      return 0;
    }
    return x > 255f ? 255 : Math.round(x);
  }
}
