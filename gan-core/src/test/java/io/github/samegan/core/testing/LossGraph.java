package io.github.samegan.core.testing;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.FeatureDiscriminator;
import io.github.samegan.core.model.InputGradientDiscriminator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongToDoubleFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A discriminator-step graph without a generator, in double precision, for checking losses and
 * penalties that need a real discriminator: real and generated images are fixed placeholders, D's
 * parameters ({@code D/…}) are trainable, and every uniform input the loss asks for is drawn once
 * from a seeded {@link Rng} and kept, so the test can recompute the loss by hand.
 */
public final class LossGraph implements LossContext {
  private final SameDiff sd = SameDiff.create();
  private final ParameterStore store;
  private final NetGraph graph;
  private final Discriminator discriminator;
  private final Phase phase;
  private final INDArray realArr;
  private final INDArray fakeArr;
  private final SDVariable real;
  private final SDVariable fake;
  private final Rng rng;
  private final Map<String, INDArray> uniforms = new HashMap<>();
  private long updateIndex;
  private SDVariable realLogits;
  private SDVariable fakeLogits;
  private SDVariable loss;
  private INDArray latentArr;
  private SDVariable latent;

  /**
   * @param d the discriminator (its weights are created in a fresh store from {@code seed})
   * @param phase the phase reported to the loss
   * @param real real images {@code [B, C, H, W]} (double)
   * @param fake generated images, same shape
   * @param seed seeds the weights and the uniform inputs
   */
  public LossGraph(Discriminator d, Phase phase, INDArray real, INDArray fake, long seed) {
    this(d, phase, real, fake, seed, new ParameterStore());
  }

  /** As above, over an existing store (e.g. to share weights with another graph). */
  public LossGraph(
      Discriminator d, Phase phase, INDArray real, INDArray fake, long seed, ParameterStore store) {
    this.discriminator = d;
    this.phase = phase;
    this.store = store;
    this.graph =
        NetGraph.create(
            sd,
            store,
            new Rng(seed),
            DataType.DOUBLE,
            NetGraph.Mode.TRAIN,
            n -> n.startsWith("D/"));
    this.realArr = real.castTo(DataType.DOUBLE);
    this.fakeArr = fake.castTo(DataType.DOUBLE);
    long[] s = real.shape();
    this.real = sd.placeHolder("real", DataType.DOUBLE, -1, s[1], s[2], s[3]);
    this.fake = sd.placeHolder("fake", DataType.DOUBLE, -1, s[1], s[2], s[3]);
    this.rng = new Rng(seed + 1);
  }

  /**
   * Gives the context a latent batch {@code z} (fed as a placeholder), for losses that read {@link
   * #latent()}; call before {@link #build}.
   */
  public LossGraph withLatent(INDArray z) {
    this.latentArr = z.castTo(DataType.DOUBLE);
    this.latent = sd.placeHolder("z", DataType.DOUBLE, -1, z.size(1));
    return this;
  }

  /** Builds the loss term (once) and marks it as the graph's loss. */
  public LossGraph build(Function<LossContext, SDVariable> term) {
    loss = term.apply(this);
    sd.setLossVariables(loss.name());
    return this;
  }

  /** Sets the update index fed to scalar inputs (default 0). */
  public LossGraph atUpdate(long index) {
    this.updateIndex = index;
    return this;
  }

  /** The placeholders for one execution. */
  public Map<String, INDArray> placeholders() {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("real", realArr);
    ph.put("fake", fakeArr);
    if (latentArr != null) {
      ph.put("z", latentArr);
    }
    long batch = realArr.size(0);
    for (Map.Entry<String, long[]> e : graph.randomInputs().entrySet()) {
      ph.put(
          e.getKey(),
          uniforms.computeIfAbsent(
              e.getKey(),
              k -> {
                long[] per = e.getValue();
                long[] shape = new long[per.length + 1];
                shape[0] = batch;
                System.arraycopy(per, 0, shape, 1, per.length);
                return rng.uniform(DataType.DOUBLE, 0, 1, shape);
              }));
    }
    for (Map.Entry<String, LongToDoubleFunction> e : graph.scalarInputs().entrySet()) {
      ph.put(
          e.getKey(), org.nd4j.linalg.factory.Nd4j.scalar(e.getValue().applyAsDouble(updateIndex)));
    }
    return ph;
  }

  /** The U[0, 1) values fed to the uniform input of this local name (after a first execution). */
  public INDArray uniformValue(String name) {
    placeholders();
    INDArray v = uniforms.get("rand/" + name);
    if (v == null) {
      throw new IllegalArgumentException(
          "No uniform input '" + name + "'; have " + uniforms.keySet());
    }
    return v;
  }

  /** The loss value. */
  public double value() {
    return sd.output(placeholders(), loss.name()).get(loss.name()).getDouble(0);
  }

  /** Evaluates any variable of the graph. */
  public INDArray evaluate(SDVariable v) {
    return sd.output(placeholders(), v.name()).get(v.name());
  }

  /** Gradients of the loss with respect to D's parameters (fresh copies). */
  public Map<String, INDArray> gradients() {
    Map<String, INDArray> out = new HashMap<>();
    quietly(() -> sd.calculateGradients(placeholders(), graph.trainableNames()))
        .forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }

  /** D's trainable parameter names. */
  public List<String> parameterNames() {
    return graph.trainableNames();
  }

  /** The parameter store. */
  public ParameterStore store() {
    return store;
  }

  /** The real batch. */
  public INDArray realArray() {
    return realArr;
  }

  /** The generated batch. */
  public INDArray fakeArray() {
    return fakeArr;
  }

  /**
   * SameDiff's own first-order gradient {@code ∂(Σᵢ D(xᵢ))/∂x} at the given images, from a fresh
   * graph over the same weights in which the images are a variable.
   */
  public INDArray sameDiffInputGradient(INDArray images) {
    SameDiff own = SameDiff.create();
    NetGraph g =
        NetGraph.create(own, store, new Rng(0), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> false);
    SDVariable x = own.var("x", images.castTo(DataType.DOUBLE).dup());
    SDVariable total = discriminator.discriminate(g.scope("D"), x).sum();
    own.setLossVariables(total.name());
    return quietly(() -> own.calculateGradients(Map.of(), List.of("x"))).get("x");
  }

  /** The hand-built input gradient (forward ops) at the given images, from a fresh graph. */
  public INDArray tracedInputGradient(INDArray images) {
    SameDiff own = SameDiff.create();
    NetGraph g =
        NetGraph.create(own, store, new Rng(0), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> false);
    SDVariable x = own.constant("x", images.castTo(DataType.DOUBLE).dup());
    SDVariable grad =
        ((InputGradientDiscriminator) discriminator)
            .discriminateWithInputGradient(g.scope("D"), x, null)
            .inputGradient();
    return own.output(Map.of(), grad.name()).get(grad.name());
  }

  /** D's scores on the given images, from a fresh graph. */
  public INDArray scores(INDArray images) {
    SameDiff own = SameDiff.create();
    NetGraph g =
        NetGraph.create(own, store, new Rng(0), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> false);
    SDVariable x = own.constant("x", images.castTo(DataType.DOUBLE).dup());
    SDVariable s = discriminator.discriminate(g.scope("D"), x);
    return own.output(Map.of(), s.name()).get(s.name());
  }

  /**
   * Runs a SameDiff call with {@code System.out} silenced: building a gradient function prints a
   * line per op in SameDiff 1.0.0-M2.1.
   */
  public static <T> T quietly(java.util.function.Supplier<T> task) {
    synchronized (LossGraph.class) {
      java.io.PrintStream original = System.out;
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      try {
        return task.get();
      } finally {
        System.setOut(original);
      }
    }
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public SameDiff sd() {
    return sd;
  }

  @Override
  public NetGraph graph() {
    return graph;
  }

  @Override
  public SDVariable realImages() {
    return real;
  }

  @Override
  public SDVariable fakeImages() {
    return fake;
  }

  @Override
  public SDVariable realLogits() {
    if (realLogits == null) {
      realLogits = discriminate(real);
    }
    return realLogits;
  }

  @Override
  public SDVariable fakeLogits() {
    if (fakeLogits == null) {
      fakeLogits = discriminate(fake);
    }
    return fakeLogits;
  }

  @Override
  public SDVariable discriminate(SDVariable images) {
    return discriminator.discriminate(graph.scope("D"), images);
  }

  @Override
  public Discriminator.WithInputGradient discriminateWithInputGradient(SDVariable images) {
    Discriminator.WithInputGradient r =
        ((InputGradientDiscriminator) discriminator)
            .discriminateWithInputGradient(graph.scope("D"), images, null);
    if (images == real && realLogits == null) {
      realLogits = r.scores();
    } else if (images == fake && fakeLogits == null) {
      fakeLogits = r.scores();
    }
    return r;
  }

  @Override
  public SDVariable latent() {
    return latent != null ? latent : LossContext.super.latent();
  }

  @Override
  public SDVariable discriminatorFeatures(SDVariable images) {
    return ((FeatureDiscriminator) discriminator).features(graph.scope("D"), images);
  }
}
