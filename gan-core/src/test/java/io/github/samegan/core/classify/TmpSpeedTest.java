package io.github.samegan.core.classify;

import org.junit.jupiter.api.Test;

class TmpSpeedTest {
  @Test
  void speed() {
    Classifier c = Classifier.create(Synthetic.network(), 3);
    ClassifierTrainer t = ClassifierTrainer.builder(c, new Synthetic(1, 16)).gcEvery(0).build();
    StringBuilder sb = new StringBuilder();
    long t0 = System.nanoTime();
    t.fit(20, s -> sb.append(String.format("%.0f ", s.millis())));
    System.err.println("tiny OMP=" + System.getenv("OMP_NUM_THREADS") + " total " + (System.nanoTime() - t0) / 1e6 + ": " + sb);
  }
}
