package dev.lethe.trainer.data;

import java.util.List;

/**
 * One line of an evaluation set: the prompt, the true answer, and TOFU's optional paraphrased
 * answer and perturbed (wrong) answers. For {@code text} data the prompt is empty, the answer is
 * the text and there are no alternatives.
 *
 * @param paraphrase the true answer in other words; null if the line has none
 * @param perturbed wrong answers; empty if the line has none
 */
public record EvaluationItem(
    String prompt, String answer, String paraphrase, List<String> perturbed) {

  public EvaluationItem {
    perturbed = List.copyOf(perturbed);
  }

  /** The prompt and the true answer, as training examples are read. */
  public Example example() {
    return new Example(prompt, answer);
  }
}
