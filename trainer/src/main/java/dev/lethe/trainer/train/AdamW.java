package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019) as PyTorch's {@code torch.optim.AdamW} computes it, with
 * decoupled weight decay, on the trainable arrays only. DJL's Adam couples weight decay into the
 * gradient, which is Adam with L2, not AdamW.
 *
 * <p>State lives in the optimiser's manager. Updates run outside any gradient collector, so the
 * scalar operations here never enter an autograd graph.
 */
public final class AdamW {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final List<NDArray> parameters;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final double weightDecay;
  private long steps;

  public AdamW(List<NDArray> parameters, double weightDecay, NDManager manager) {
    this.parameters = List.copyOf(parameters);
    this.weightDecay = weightDecay;
    for (NDArray p : parameters) {
      firstMoments.add(manager.zeros(p.getShape(), p.getDataType()));
      secondMoments.add(manager.zeros(p.getShape(), p.getDataType()));
    }
  }

  /**
   * One update with the gradients the parameters hold, which it then zeroes.
   *
   * @param gradientScale multiplies every gradient first (clipping; 1 for none)
   */
  public void step(double learningRate, double gradientScale) {
    steps++;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    double stepSize = learningRate / correction1;
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      NDArray m = firstMoments.get(i);
      NDArray v = secondMoments.get(i);
      // Every temporary is closed here: results of ops on long-lived arrays stay in their manager.
      try (NDArray gradient = p.getGradient();
          NDArray g = gradient.mul(gradientScale);
          NDArray gShare = g.mul(1 - BETA1);
          NDArray gSquareShare = g.mul(g).muli(1 - BETA2)) {
        p.muli(1 - learningRate * weightDecay);
        m.muli(BETA1).addi(gShare);
        v.muli(BETA2).addi(gSquareShare);
        try (NDArray corrected = v.div(correction2);
            NDArray denominator = corrected.sqrt().addi(EPS);
            NDArray update = m.div(denominator).muli(stepSize)) {
          p.subi(update);
        }
        gradient.subi(gradient); // zero it for the next accumulation
      }
    }
  }

  /** Steps taken so far (restored on resume). */
  public long steps() {
    return steps;
  }

  public List<NDArray> firstMoments() {
    return firstMoments;
  }

  public List<NDArray> secondMoments() {
    return secondMoments;
  }

  void restore(long steps) {
    this.steps = steps;
  }
}
