package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Global average pooling: the mean of each channel over all positions, {@code [C, H, W] → [C]} (Lin
 * et al. 2013, <a href="https://arxiv.org/abs/1312.4400">arXiv:1312.4400</a>). The usual head of a
 * ResNet classifier before its final dense layer, and where its pooled features are read.
 *
 * <p>Input gradient: not provided ({@link #providesInputGradient()} is false).
 *
 * @param layout the layout of the input batches
 */
public record GlobalAvgPool(DataLayout layout) implements Layer {

  /** Requires the layout. */
  public GlobalAvgPool {
    java.util.Objects.requireNonNull(layout, "layout");
  }

  /** Pooling of NCHW batches. */
  public GlobalAvgPool() {
    this(DataLayout.NCHW);
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return x.mean(layout.spatialAxes());
  }

  @Override
  public long[] outputShape(long[] s) {
    Shapes.requireRank("GlobalAvgPool", s, 3);
    return new long[] {layout.channels(s)};
  }

  @Override
  public String kind() {
    return "gap";
  }
}
