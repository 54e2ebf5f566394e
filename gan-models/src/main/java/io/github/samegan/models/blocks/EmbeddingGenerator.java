package io.github.samegan.models.blocks;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialGenerator;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A class-conditional generator (Mirza &amp; Osindero 2014, arXiv:1411.1784): a learned class
 * embedding {@code E: [K, e]} is concatenated to the latent vector, {@code G(z, y) = body([z,
 * onehot(y)·E])}, where {@code body} is any generator taking a latent of size {@code z + e}.
 *
 * <p>The body is built with the labels attached to the graph context ({@link NetGraph#withLabels}),
 * so class-conditional layers inside it ({@link io.github.samegan.core.nn.ConditionalBatchNorm})
 * see them too. With {@code e = 0} the labels reach the body only that way ({@code G(z, y) =
 * body(z; y)}, the projection cGAN's generator).
 *
 * <p>Parameters: {@code embed/E} (N(0, 1) initialisation; none when e = 0) plus the body's.
 */
public final class EmbeddingGenerator implements Generator {
  private final String name;
  private final int numClasses;
  private final long latentDim;
  private final long embedDim;
  private final SequentialGenerator body;

  /**
   * @param name a short name for descriptions
   * @param numClasses K ≥ 2
   * @param latentDim the size of z
   * @param embedDim e ≥ 0
   * @param body a generator whose latent size is {@code latentDim + embedDim}
   */
  public EmbeddingGenerator(
      String name, int numClasses, long latentDim, long embedDim, SequentialGenerator body) {
    this.name = Objects.requireNonNull(name, "name");
    if (numClasses < 2 || latentDim < 1 || embedDim < 0) {
      throw new IllegalArgumentException(
          "EmbeddingGenerator needs numClasses >= 2, latentDim >= 1, embedDim >= 0, found "
              + numClasses
              + ", "
              + latentDim
              + ", "
              + embedDim);
    }
    if (body.latentDim() != latentDim + embedDim) {
      throw new IllegalArgumentException(
          "The body's latent size must be latentDim + embedDim = "
              + (latentDim + embedDim)
              + ", found "
              + body.latentDim());
    }
    this.numClasses = numClasses;
    this.latentDim = latentDim;
    this.embedDim = embedDim;
    this.body = body;
  }

  @Override
  public long latentDim() {
    return latentDim;
  }

  @Override
  public ImageShape outputShape() {
    return body.outputShape();
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** The embedding size e. */
  public long embedDim() {
    return embedDim;
  }

  @Override
  public SDVariable generate(NetGraph g, SDVariable z) {
    throw new IllegalStateException(
        "Generator '" + name + "' is class-conditional: it needs labels");
  }

  @Override
  public SDVariable generate(NetGraph g, SDVariable z, SDVariable labels) {
    Objects.requireNonNull(labels, "labels");
    SDVariable h = z;
    if (embedDim > 0) {
      SDVariable e =
          g.scope("embed")
              .param("E", new long[] {numClasses, embedDim}, Init.normal(1.0), numClasses);
      h = g.sd().concat(1, z, g.sd().mmul(labels, e));
    }
    return body.body().forward(g.withLabels(labels), h, new long[] {latentDim + embedDim});
  }

  @Override
  public String describe() {
    return name
        + " conditional generator (z="
        + latentDim
        + ", "
        + numClasses
        + " classes → "
        + outputShape()
        + ")";
  }
}
