package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.DataFormat;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The JSONL files of a job, mounted read-only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.promptTemplate) || self.promptTemplate.contains('{question}')",
    message = "promptTemplate must contain {question}",
    fieldPath = ".promptTemplate")
public record DataSpec(
    @JsonPropertyDescription("What the model must forget: one JSON object per line.") @Required
        DataSource forget,
    @JsonPropertyDescription(
            "What the model must keep: one JSON object per line. Required when the method trains"
                + " with a retain term (every method but GradientAscent and WHP, unless"
                + " method.retainWeight is 0); always used for evaluation when given.")
        DataSource retain,
    @JsonPropertyDescription(
            "How lines are read. qa: {\"question\", \"answer\"}, the loss covers the answer and"
                + " one end-of-sequence token; text: {\"text\"}, the loss covers every token.")
        @Default("qa")
        DataFormat format,
    @JsonPropertyDescription(
            "The prompt for qa data; {question} is replaced by the question and the answer"
                + " follows the prompt directly. Default: \"Question: {question}\\nAnswer: \".")
        @Size(min = 1, max = 4096)
        String promptTemplate,
    @JsonPropertyDescription(
            "IdkDPO only: refusal answers, one JSON string per line. Default: the list that"
                + " ships with the trainer.")
        DataSource refusals,
    @JsonPropertyDescription(
            "WHP only: a JSON object mapping idiosyncratic terms to generic ones, e.g."
                + " {\"Hogwarts\": \"the academy\"}. Terms match case-sensitively as whole words,"
                + " the longest first; the first token of a term is trained towards the base"
                + " model's prediction for its replacement, its other tokens take no loss.")
        DataSource anchors) {}
