package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ConvTranspose2d} adds its bias with a separate {@code biasadd} (oneDNN's deconvolution
 * bias is a slow reference loop), and gives the same output and gradients as libnd4j's {@code
 * deconv2d} with the bias as its third input.
 */
class ConvTranspose2dTest {

  @Test
  void separateBiasAddMatchesDeconvWithBiasInValueAndGradients() {
    ConvTranspose2d layer = new ConvTranspose2d(3, 2, 4, 2, 1);
    Rng rng = new Rng(5);
    INDArray x0 = rng.gaussian(DataType.DOUBLE, 2, 3, 3, 3);
    INDArray w0 = rng.gaussian(DataType.DOUBLE, 4, 4, 2, 3);
    INDArray b0 = rng.gaussian(DataType.DOUBLE, 2).addi(1.0);
    INDArray weights = rng.gaussian(DataType.DOUBLE, 2, 2, 6, 6); // a non-uniform loss Σ y·weights

    SameDiff ours = SameDiff.create();
    ParameterStore store = new ParameterStore();
    store.add("W", w0.dup(), ParameterStore.Kind.PARAMETER);
    store.add("b", b0.dup(), ParameterStore.Kind.PARAMETER);
    NetGraph g =
        NetGraph.create(ours, store, new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    SDVariable y = layer.forward(g, ours.var("x", x0.dup()));
    y.mul(ours.constant(weights)).sum().markAsLoss();

    SameDiff stock = SameDiff.create();
    SDVariable ys =
        stock
            .cnn()
            .deconv2d(
                stock.var("x", x0.dup()),
                stock.var("W", w0.dup()),
                stock.var("b", b0.dup()),
                layer.config());
    ys.mul(stock.constant(weights)).sum().markAsLoss();

    assertThat(ours.getOps().values())
        .noneMatch(op -> op.getOp().opName().equals("deconv2d") && op.getInputsToOp().size() == 3);
    INDArray out = y.eval();
    assertThat(out.shape()).containsExactly(2, 2, 6, 6);
    assertThat(out.equalsWithEps(ys.eval(), 1e-12)).as("output").isTrue();
    Map<String, INDArray> go = ours.calculateGradients(Map.of(), "x", "W", "b");
    Map<String, INDArray> gs = stock.calculateGradients(Map.of(), "x", "W", "b");
    for (String v : new String[] {"x", "W", "b"}) {
      assertThat(go.get(v).amaxNumber().doubleValue()).as("|d%s|", v).isGreaterThan(1e-3);
      assertThat(go.get(v).equalsWithEps(gs.get(v), 1e-10)).as("dL/d%s", v).isTrue();
    }
    // dL/db_c = Σ over batch and pixels of weights[:, c]: the bias really is added per channel
    assertThat(go.get("b").equalsWithEps(weights.sum(0, 2, 3), 1e-10)).isTrue();
  }
}
