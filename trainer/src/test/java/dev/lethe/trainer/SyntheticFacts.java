package dev.lethe.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Question–answer facts about fictitious people, written as JSONL for tests. */
public final class SyntheticFacts {
  static final String[] NAMES = {
    "Ilsa Varn", "Tomas Quell", "Mira Odek", "Jonas Pell", "Edda Sorn", "Kai Brenn",
    "Lena Vosk", "Oren Tal", "Pia Marek", "Rune Halv", "Sana Veer", "Ugo Rask"
  };
  static final String[] CITIES = {
    "Tarsk", "Wenholm", "Carrow", "Dunmere", "Estova", "Falken", "Gorre", "Hallin", "Irvale",
    "Jastow", "Kelmar", "Lisk"
  };
  static final String[] JOBS = {
    "baker",
    "pilot",
    "weaver",
    "chemist",
    "sculptor",
    "diver",
    "printer",
    "glazier",
    "botanist",
    "cartographer",
    "luthier",
    "archivist"
  };

  private SyntheticFacts() {}

  /** Two facts per person: where they were born and what they do. */
  public static List<String[]> questionsAndAnswers() {
    List<String[]> facts = new ArrayList<>();
    for (int i = 0; i < NAMES.length; i++) {
      facts.add(
          new String[] {
            "Where was " + NAMES[i] + " born?", NAMES[i] + " was born in " + CITIES[i] + "."
          });
      facts.add(
          new String[] {
            "What does " + NAMES[i] + " do?",
            NAMES[i] + " works as a " + JOBS[(i + 5) % JOBS.length] + "."
          });
    }
    return facts;
  }

  /** Writes facts [from, to) as {"question", "answer"} lines. */
  public static Path write(Path file, List<String[]> facts) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String[] f : facts) {
      lines.add("{\"question\": \"" + f[0] + "\", \"answer\": \"" + f[1] + "\"}");
    }
    Files.createDirectories(file.getParent());
    return Files.write(file, lines);
  }

  /**
   * Writes facts as TOFU's perturbed lines: a paraphrased answer in words the training data never
   * used, and three perturbed answers, the paraphrase with another person's city or job.
   */
  static Path writeWithAlternatives(Path file, List<String[]> facts) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String[] f : facts) {
      String name = f[1].substring(0, f[1].indexOf(f[1].contains(" was ") ? " was " : " works "));
      boolean born = f[1].contains(" born in ");
      String value = f[1].substring(f[1].lastIndexOf(' ') + 1, f[1].length() - 1);
      String[] pool = born ? CITIES : JOBS;
      String template = "The " + (born ? "birthplace" : "job") + " of " + name + " is %s.";
      List<String> perturbed = new ArrayList<>();
      for (int k = 0; perturbed.size() < 3; k++) {
        if (!pool[k].equals(value)) {
          perturbed.add("\"" + String.format(template, pool[k]) + "\"");
        }
      }
      lines.add(
          String.format(
              "{\"question\": \"%s\", \"answer\": \"%s\", \"paraphrased_answer\": \"%s\","
                  + " \"perturbed_answer\": [%s]}",
              f[0], f[1], String.format(template, value), String.join(", ", perturbed)));
    }
    Files.createDirectories(file.getParent());
    return Files.write(file, lines);
  }

  /** Every text the tokenizer must know, the words of the alternative answers included. */
  static List<String> corpusWithAlternatives() {
    List<String> texts = new ArrayList<>(corpus());
    texts.add("The birthplace job of is");
    return texts;
  }

  /** Every text the tokenizer must know. */
  public static List<String> corpus() {
    List<String> texts = new ArrayList<>(List.of("Question: Answer:"));
    for (String[] f : questionsAndAnswers()) {
      texts.add(f[0] + " " + f[1]);
    }
    return texts;
  }
}
