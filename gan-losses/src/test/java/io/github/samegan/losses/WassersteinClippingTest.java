package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.graph.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** WGAN's weight clipping lives in the loss's update hook and clamps D's arrays in place. */
class WassersteinClippingTest {

  @Test
  void clampsOnlyTheDiscriminatorParametersInPlace() {
    ParameterStore store = new ParameterStore();
    INDArray w = Nd4j.createFromArray(-0.5, -0.005, 0.0, 0.007, 3.0);
    INDArray b = Nd4j.createFromArray(0.02, -0.02);
    INDArray g = Nd4j.createFromArray(5.0, -5.0);
    store.add("D/0conv/W", w, ParameterStore.Kind.PARAMETER);
    store.add("D/0conv/b", b, ParameterStore.Kind.PARAMETER);
    store.add("G/0dense/W", g, ParameterStore.Kind.PARAMETER);
    WassersteinLoss.clipped(0.01)
        .afterDiscriminatorUpdate(store, List.of("D/0conv/W", "D/0conv/b"));
    assertThat(store.array("D/0conv/W")).isSameAs(w);
    assertThat(w.toDoubleVector()).containsExactly(-0.01, -0.005, 0.0, 0.007, 0.01);
    assertThat(b.toDoubleVector()).containsExactly(0.01, -0.01);
    assertThat(g.toDoubleVector()).containsExactly(5.0, -5.0);
  }

  @Test
  void unclippedLeavesParametersAlone() {
    ParameterStore store = new ParameterStore();
    INDArray w = Nd4j.createFromArray(-0.5, 3.0);
    store.add("D/W", w, ParameterStore.Kind.PARAMETER);
    WassersteinLoss.unclipped().afterDiscriminatorUpdate(store, List.of("D/W"));
    assertThat(w.toDoubleVector()).containsExactly(-0.5, 3.0);
  }

  @Test
  void rejectsBadBounds() {
    assertThatThrownBy(() -> WassersteinLoss.clipped(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0.0");
    assertThatThrownBy(() -> new WassersteinLoss(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found -0.1");
  }
}
