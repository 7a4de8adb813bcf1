package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019) as PyTorch's {@code torch.optim.AdamW} computes it, with
 * decoupled weight decay, on the trainable arrays only. DJL's Adam couples weight decay into the
 * gradient, which is Adam with L2, not AdamW.
 *
 * <p>State lives in the optimiser's manager; updates run outside any gradient collector.
 */
public final class AdamW {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final List<NDArray> parameters;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final double weightDecay;
  private final NDManager manager;
  private long steps;

  public AdamW(List<NDArray> parameters, double weightDecay, NDManager manager) {
    this.parameters = List.copyOf(parameters);
    this.weightDecay = weightDecay;
    this.manager = manager;
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
    // Every temporary lives in this scratch manager: DJL's Number overloads wrap the value in a
    // tensor over Java memory that can be freed while the kernel runs (seen as a SIGSEGV here),
    // and results of ops on long-lived arrays would otherwise stay in their manager.
    try (NDManager scratch = manager.newSubManager()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray p = parameters.get(i);
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        DataType type = p.getDataType();
        NDArray gradient = p.getGradient();
        gradient.attach(scratch);
        NDArray g = gradient.mul(scalar(scratch, gradientScale, type));
        g.attach(scratch);
        p.muli(scalar(scratch, 1 - learningRate * weightDecay, type));
        m.muli(scalar(scratch, BETA1, type))
            .addi(attached(g.mul(scalar(scratch, 1 - BETA1, type)), scratch));
        v.muli(scalar(scratch, BETA2, type))
            .addi(attached(g.mul(g).muli(scalar(scratch, 1 - BETA2, type)), scratch));
        NDArray denominator =
            attached(v.div(scalar(scratch, correction2, type)), scratch)
                .sqrt()
                .addi(scalar(scratch, EPS, type));
        denominator.attach(scratch);
        NDArray update =
            attached(m.div(denominator), scratch)
                .muli(scalar(scratch, learningRate / correction1, type));
        p.subi(update);
        gradient.subi(gradient); // zero it for the next accumulation
      }
    }
  }

  private static NDArray scalar(NDManager scratch, double value, DataType type) {
    return scratch.create(value).toType(type, false);
  }

  private static NDArray attached(NDArray array, NDManager scratch) {
    array.attach(scratch);
    return array;
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
