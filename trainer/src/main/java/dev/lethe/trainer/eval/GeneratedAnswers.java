package dev.lethe.trainer.eval;

import dev.lethe.trainer.data.EvaluationItem;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.model.LlamaModel;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy generations scored with ROUGE-L against the true answer: recall with stemming as TOFU
 * reports it, and F1 without stemming as MUSE does (docs/metrics.md#rouge-l).
 *
 * <p>A QA item is prompted with its prompt. A text item (no prompt) is prompted with its first
 * {@value #TEXT_PROMPT_TOKENS} tokens, or its first half if shorter, and its continuation is the
 * reference, as MUSE's verbatim-memorisation prompts are prefixes of the forget texts.
 */
final class GeneratedAnswers {
  static final int TEXT_PROMPT_TOKENS = 32;

  /** ROUGE-L recall (stemmed) and F1 (not stemmed) of each item, in order. */
  record Scores(double[] recall, double[] f1) {}

  private GeneratedAnswers() {}

  static Scores score(
      LlamaModel model, TextTokenizer tokenizer, List<EvaluationItem> items, int maxNewTokens) {
    double[] recall = new double[items.size()];
    double[] f1 = new double[items.size()];
    for (int i = 0; i < items.size(); i++) {
      EvaluationItem item = items.get(i);
      long[] prompt;
      String reference;
      if (item.prompt().isEmpty()) {
        long[] ids = tokenizer.encode(item.answer());
        int cut = Math.max(1, Math.min(TEXT_PROMPT_TOKENS, ids.length / 2));
        prompt = Arrays.copyOf(ids, cut);
        reference =
            tokenizer.decode(
                Arrays.copyOfRange(ids, cut, Math.min(ids.length, cut + maxNewTokens)));
      } else {
        prompt = tokenizer.encode(item.prompt());
        reference = item.answer();
      }
      long[] output = model.generateGreedy(prompt, maxNewTokens);
      String generated = tokenizer.decode(Arrays.copyOfRange(output, prompt.length, output.length));
      recall[i] = RougeL.score(reference, generated, true).recall();
      f1[i] = RougeL.score(reference, generated, false).f1();
    }
    return new Scores(recall, f1);
  }
}
