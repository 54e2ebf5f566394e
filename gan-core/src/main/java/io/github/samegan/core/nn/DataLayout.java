package io.github.samegan.core.nn;

import java.util.Arrays;

/**
 * The memory layout of image batches inside a network: {@link #NCHW} (channels first, the library's
 * layout for images everywhere outside a model) or {@link #NHWC} (channels last). Per-example
 * shapes follow it: {@code [C, H, W]} in NCHW, {@code [H, W, C]} in NHWC.
 *
 * <p>The layers that care ({@link Conv2d}, {@link SNConv2d}, {@link BatchNorm}, {@link
 * ConditionalBatchNorm}, {@link AvgPool2d}, {@link GlobalAvgPool}) take a layout and default to
 * NCHW; {@link Relayout} converts between the two. libnd4j's oneDNN convolutions on AVX-512 want
 * channels-last activations and reorder NCHW ones around every call (docs/benchmarks.md).
 */
public enum DataLayout {
  /** Channels first: batches {@code [N, C, H, W]}, examples {@code [C, H, W]}. */
  NCHW,
  /** Channels last: batches {@code [N, H, W, C]}, examples {@code [H, W, C]}. */
  NHWC;

  /** The channel axis of a batch (1 or 3). */
  public int channelAxis() {
    return this == NCHW ? 1 : 3;
  }

  /** The two spatial axes of a batch ({@code {2, 3}} or {@code {1, 2}}). */
  public int[] spatialAxes() {
    return this == NCHW ? new int[] {2, 3} : new int[] {1, 2};
  }

  /** The batch and spatial axes of a batch: what per-channel statistics reduce over. */
  public int[] statisticsAxes() {
    return this == NCHW ? new int[] {0, 2, 3} : new int[] {0, 1, 2};
  }

  /** The channels of a per-example shape. */
  public long channels(long[] perExample) {
    return perExample[this == NCHW ? 0 : 2];
  }

  /** The height of a per-example shape. */
  public long height(long[] perExample) {
    return perExample[this == NCHW ? 1 : 0];
  }

  /** The width of a per-example shape. */
  public long width(long[] perExample) {
    return perExample[this == NCHW ? 2 : 1];
  }

  /** The per-example shape of {@code c} channels of {@code h×w}. */
  public long[] shape(long c, long h, long w) {
    return this == NCHW ? new long[] {c, h, w} : new long[] {h, w, c};
  }

  /** The batch shape ({@code -1} for the batch) of a per-channel vector, for broadcasting. */
  public long[] perChannel(long batch, long c) {
    return this == NCHW ? new long[] {batch, c, 1, 1} : new long[] {batch, 1, 1, c};
  }

  /** The per-example shape {@code s} of layout {@code from} in this layout. */
  public long[] convert(long[] s, DataLayout from) {
    if (s.length != 3) {
      throw new IllegalArgumentException(
          "A layout change needs a per-example image shape of rank 3, found " + Arrays.toString(s));
    }
    return shape(from.channels(s), from.height(s), from.width(s));
  }

  /** The permutation of a batch's axes that turns layout {@code from} into this one. */
  int[] permutationFrom(DataLayout from) {
    if (from == this) {
      return new int[] {0, 1, 2, 3};
    }
    return this == NHWC ? new int[] {0, 2, 3, 1} : new int[] {0, 3, 1, 2};
  }

  /** How libnd4j's convolution configurations name this layout. */
  String format() {
    return name();
  }
}
