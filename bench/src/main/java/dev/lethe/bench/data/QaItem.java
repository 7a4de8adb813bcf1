package dev.lethe.bench.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One question with its answer, a paraphrase of the answer (same fact, other words) and wrong-fact
 * variants, under TOFU's JSON keys.
 *
 * @param question the question; about a person, it names them
 * @param answer the true answer
 * @param paraphrasedAnswer the same fact in other words
 * @param perturbedAnswers wrong answers: for people the paraphrase with a wrong value (5), for
 *     world facts the answer with a wrong value (3), as TOFU's perturbed sets
 */
@JsonPropertyOrder({"question", "answer", "paraphrased_answer", "perturbed_answer"})
public record QaItem(
    @JsonProperty("question") String question,
    @JsonProperty("answer") String answer,
    @JsonProperty("paraphrased_answer") String paraphrasedAnswer,
    @JsonProperty("perturbed_answer") List<String> perturbedAnswers) {

  public QaItem {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(paraphrasedAnswer, "paraphrased_answer");
    perturbedAnswers = List.copyOf(perturbedAnswers);
  }
}
