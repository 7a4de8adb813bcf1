package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Rotary position embeddings in Hugging Face's rotate-half form ({@code modeling_llama.py:
 * apply_rotary_pos_emb}), with linear and llama3 frequency scaling ({@code
 * modeling_rope_utils.py}).
 */
final class Rope {
  private Rope() {}

  /** θ_i = base^(−2i/d) for i < d/2, rescaled as the config says. */
  static float[] inverseFrequencies(LlamaConfig config) {
    int half = config.headDim() / 2;
    float[] frequencies = new float[half];
    for (int i = 0; i < half; i++) {
      frequencies[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim()));
    }
    LlamaConfig.RopeScaling scaling = config.ropeScaling();
    if (scaling == null) {
      return frequencies;
    }
    for (int i = 0; i < half; i++) {
      frequencies[i] = (float) scaled(frequencies[i], scaling);
    }
    return frequencies;
  }

  /** Llama 3: keep high frequencies, divide low ones by the factor, blend between. */
  private static double scaled(double frequency, LlamaConfig.RopeScaling s) {
    if (s.type().equals("linear")) {
      return frequency / s.factor();
    }
    double lowFreqWavelength = s.originalMaxPositions() / s.lowFreqFactor();
    double highFreqWavelength = s.originalMaxPositions() / s.highFreqFactor();
    double wavelength = 2 * Math.PI / frequency;
    if (wavelength < highFreqWavelength) {
      return frequency;
    }
    if (wavelength > lowFreqWavelength) {
      return frequency / s.factor();
    }
    double smooth =
        (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
            / (s.highFreqFactor() - s.lowFreqFactor());
    return (1 - smooth) * frequency / s.factor() + smooth * frequency;
  }

  /** x·cos + rotate_half(x)·sin, where rotate_half([a, b]) = [−b, a]; x {@code [B, n, T, hd]}. */
  static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
    long half = x.getShape().get(3) / 2;
    NDArray rotated =
        NDArrays.concat(new NDList(x.get("..., {}:", half).neg(), x.get("..., :{}", half)), -1);
    return x.mul(cos).add(rotated.mul(sin));
  }
}
