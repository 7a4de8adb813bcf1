package dev.lethe.trainer.eval;

import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.EvaluationItem;
import dev.lethe.trainer.data.Example;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One set a job is measured on, read and tokenised once.
 *
 * @param name the prefix of its metrics: {@code forget}, {@code retain}, {@code holdout} or {@code
 *     utility.<name>}
 * @param kind what it is for, which decides its figures
 * @param source the file, for messages
 * @param items the lines
 * @param encoded the prompt and true answer of each line, encoded as for training
 * @param paraphrases the prompt and paraphrased answer of each line; null when there are none
 * @param perturbed the prompt and each perturbed answer, line after line; empty when there are none
 */
public record EvaluationSet(
    String name,
    Kind kind,
    String source,
    List<EvaluationItem> items,
    List<EncodedExample> encoded,
    List<EncodedExample> paraphrases,
    List<EncodedExample> perturbed) {

  /** What a set is for. */
  public enum Kind {
    /** What must be forgotten: the forget truth ratio, memorisation and forget quality. */
    FORGET,
    /** What must be kept: figures that count towards model utility. */
    RETAIN,
    /**
     * General knowledge: probability normalised over the perturbed options
     * (docs/metrics.md#probability).
     */
    UTILITY,
    /** Never seen: the other side of membership inference. */
    HOLDOUT
  }

  /**
   * Encodes the items; their alternatives must be all there or all absent, so that a figure is
   * never an average over a part of the set.
   */
  public static EvaluationSet of(
      String name,
      Kind kind,
      String source,
      List<EvaluationItem> items,
      TextTokenizer tokenizer,
      int maxLength) {
    requireAllOrNone(source, items, i -> !i.perturbed().isEmpty(), "perturbed_answer");
    requireAllOrNone(source, items, i -> i.paraphrase() != null, "paraphrased_answer");
    List<EncodedExample> paraphrases =
        items.get(0).paraphrase() == null
            ? null
            : encode(items, i -> List.of(i.paraphrase()), tokenizer, maxLength, source);
    return new EvaluationSet(
        name,
        kind,
        source,
        List.copyOf(items),
        encode(items, i -> List.of(i.answer()), tokenizer, maxLength, source),
        paraphrases,
        encode(items, EvaluationItem::perturbed, tokenizer, maxLength, source));
  }

  private static List<EncodedExample> encode(
      List<EvaluationItem> items,
      Function<EvaluationItem, List<String>> answers,
      TextTokenizer tokenizer,
      int maxLength,
      String source) {
    List<Example> examples = new ArrayList<>();
    for (EvaluationItem item : items) {
      answers.apply(item).forEach(answer -> examples.add(new Example(item.prompt(), answer)));
    }
    return UnlearningData.encode(examples, tokenizer, maxLength, source);
  }

  /** Whether every line has wrong answers to compare with, for the truth ratio. */
  public boolean hasPerturbed() {
    return !items.get(0).perturbed().isEmpty();
  }

  private static void requireAllOrNone(
      String source, List<EvaluationItem> items, Predicate<EvaluationItem> has, String key) {
    long with = items.stream().filter(has).count();
    if (with != 0 && with != items.size()) {
      int first = 0;
      while (has.test(items.get(first)) == has.test(items.get(0))) {
        first++;
      }
      throw new InvalidDataException(
          source
              + ": example "
              + (first + 1)
              + (has.test(items.get(0)) ? " has no " : " has ")
              + "\""
              + key
              + "\" but example 1 "
              + (has.test(items.get(0)) ? "has" : "has none")
              + ": give it on every line or on none");
    }
  }
}
