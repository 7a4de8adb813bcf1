package dev.lethe.bench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The wording of one kind of fact: a question about {@code {who}} (a person or a thing) and two
 * ways to state that the answer is {@code {value}}. The first letter of every sentence is put in
 * upper case, so a template may start with a lower-case value.
 *
 * @param question mentions {@code {who}}
 * @param answer mentions {@code {who}} and {@code {value}} once each
 * @param paraphrase mentions {@code {who}} and {@code {value}} once each, worded unlike the answer
 */
record QaTemplate(String question, String answer, String paraphrase) {

  /** Perturbed answers of people: the paraphrase with wrong values (TOFU's forget/retain sets). */
  QaItem perturbingParaphrase(String who, String value, List<String> wrongValues) {
    return new QaItem(
        fill(question, who, ""),
        fill(answer, who, value),
        fill(paraphrase, who, value),
        wrongValues.stream().map(wrong -> fill(paraphrase, who, wrong)).toList());
  }

  /** Perturbed answers of world facts: the answer with wrong values (TOFU's world_facts set). */
  QaItem perturbingAnswer(String who, String value, List<String> wrongValues) {
    return new QaItem(
        fill(question, who, ""),
        fill(answer, who, value),
        fill(paraphrase, who, value),
        wrongValues.stream().map(wrong -> fill(answer, who, wrong)).toList());
  }

  /**
   * {@code count} distinct values of {@code values}, none equal to {@code truth}, drawn with a
   * partial Fisher-Yates shuffle (java.util.Random's sequence is fixed by its specification, so a
   * seed gives the same draw on every JVM).
   */
  static List<String> wrongValues(List<String> values, String truth, int count, Random random) {
    List<String> wrong = new ArrayList<>(values.stream().filter(v -> !v.equals(truth)).toList());
    if (wrong.size() < count) {
      throw new IllegalStateException(
          "need " + count + " wrong values besides " + truth + ", have " + wrong.size());
    }
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(wrong.size() - i);
      String swapped = wrong.get(i);
      wrong.set(i, wrong.get(j));
      wrong.set(j, swapped);
    }
    return List.copyOf(wrong.subList(0, count));
  }

  private static String fill(String template, String who, String value) {
    String text = template.replace("{who}", who).replace("{value}", value);
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
