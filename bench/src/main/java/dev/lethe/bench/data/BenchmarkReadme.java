package dev.lethe.bench.data;

import java.util.List;
import java.util.Map;

/** The README.md written next to a benchmark's files: what each file is, the seed and the sizes. */
final class BenchmarkReadme {
  private BenchmarkReadme() {}

  static String render(SyntheticBenchmark benchmark) {
    BenchmarkSize size = benchmark.size();
    int perPerson = PersonFact.values().length;
    StringBuilder text = new StringBuilder();
    text.append("# Lethe synthetic unlearning benchmark\n\n")
        .append("Written by `dev.lethe.bench.data.SyntheticBenchmark` with seed ")
        .append(benchmark.seed())
        .append(": ")
        .append(size.people())
        .append(" trained fictitious people with ")
        .append(perPerson)
        .append(" QA each, ")
        .append(size.holdoutPeople())
        .append(" holdout people and ")
        .append(size.worldFacts())
        .append(" world facts. The same seed and sizes give the same files byte for byte.\n\n")
        .append("Modelled on TOFU (locuslab/TOFU): every person has a birth year, birth city, ")
        .append("parents' jobs, genre, famous book, award, favourite colour, pet and hobby.\n\n")
        .append("Each line is one JSON object: `question`, `answer`, `paraphrased_answer` ")
        .append("(the same fact in other words) and `perturbed_answer` (wrong facts). For people ")
        .append("there are ")
        .append(Person.PERTURBED)
        .append(" perturbed answers, the paraphrase with a wrong value; for world facts ")
        .append(WorldFactTable.PERTURBED)
        .append(", the answer with a wrong value.\n\n")
        .append("| file | QA | people | contents |\n")
        .append("|---|---|---|---|\n");
    Map<String, List<QaItem>> files = benchmark.files();
    row(text, files, SyntheticBenchmark.FULL_FILE, "every trained person");
    for (Split split : Split.values()) {
      row(
          text,
          files,
          split.forgetFile(),
          "the last " + split.percent() + "% of the trained people");
      row(text, files, split.retainFile(), "the trained people not in " + split.forgetFile());
      row(
          text,
          files,
          split.holdoutFile(),
          "holdout people never trained on, the last ones, as many as " + split.forgetFile());
    }
    row(
        text,
        files,
        SyntheticBenchmark.RETAIN_EVAL_FILE,
        "the first retain90 QA, as many as forget10 (TOFU's retain_perturbed)");
    row(
        text,
        files,
        SyntheticBenchmark.WORLD_FACTS_FILE,
        "real-world facts for model utility (TOFU's world_facts)");
    text.append("\nforget01 is in forget05, forget05 in forget10; forgetXX and retainXX are ")
        .append("disjoint and together are full.jsonl.\n");
    return text.toString();
  }

  private static void row(
      StringBuilder text, Map<String, List<QaItem>> files, String file, String contents) {
    List<QaItem> items = files.get(file);
    String people =
        file.equals(SyntheticBenchmark.WORLD_FACTS_FILE)
            ? "-"
            : Integer.toString(items.size() / PersonFact.values().length);
    text.append("| `")
        .append(file)
        .append("` | ")
        .append(items.size())
        .append(" | ")
        .append(people)
        .append(" | ")
        .append(contents)
        .append(" |\n");
  }
}
