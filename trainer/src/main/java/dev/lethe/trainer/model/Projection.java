package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * One linear layer of a decoder block ({@code q_proj}, ..., {@code down_proj}): a frozen weight, an
 * optional bias, and optionally an {@link Adapter} beside it (LoRA's, from lora/).
 */
public final class Projection {
  private final String name;
  private final NDArray weight; // [out, in]
  private final NDArray bias; // [out] or null
  private Adapter adapter;
  private OutputProbe probe;

  Projection(String name, NDArray weight, NDArray bias) {
    this.name = name;
    this.weight = weight;
    this.bias = bias;
  }

  /** {@code [..., in] -> [..., out]}; the adapter adds its update when the model enables it. */
  NDArray forward(NDArray x, ForwardMode mode) {
    NDArray y =
        bias == null ? Linear.linear(x, weight).head() : Linear.linear(x, weight, bias).head();
    if (probe != null) {
      y = probe.observe(x, y);
    }
    return adapter != null && mode.adapterEnabled() ? y.add(adapter.apply(x, mode.training())) : y;
  }

  /**
   * The Hugging Face name without {@code .weight}, e.g. {@code model.layers.0.self_attn.q_proj}.
   */
  public String name() {
    return name;
  }

  /** The module kind, e.g. {@code q_proj}. */
  public String module() {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  public NDArray weight() {
    return weight;
  }

  public NDArray bias() {
    return bias;
  }

  /** The adapter beside the weight; null if none. */
  public Adapter adapter() {
    return adapter;
  }

  public void setAdapter(Adapter adapter) {
    this.adapter = adapter;
  }

  /** Puts a probe on the layer's output; null takes it off. */
  public void setProbe(OutputProbe probe) {
    this.probe = probe;
  }
}
