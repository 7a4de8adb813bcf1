package dev.lethe.bench.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthetic unlearning benchmark in the shape of TOFU (locuslab/TOFU;
 * docs/metrics.md#evaluation-sets): fictitious people with ten QA each, forget splits of the last
 * 1/5/10% of them with the matching retain splits, holdout people never trained on, and real-world
 * facts for model utility. The same size and seed give the same data, byte for byte once written.
 * Immutable.
 *
 * <p>File names: {@link #FULL_FILE}, {@link #RETAIN_EVAL_FILE}, {@link #WORLD_FACTS_FILE}, {@link
 * #README_FILE}, and per split {@link Split#forgetFile()}, {@link Split#retainFile()}, {@link
 * Split#holdoutFile()}; {@link #files()} maps every JSONL file name to its QA.
 */
public final class SyntheticBenchmark {
  public static final String FULL_FILE = "full.jsonl";
  public static final String RETAIN_EVAL_FILE = "retain_eval.jsonl";
  public static final String WORLD_FACTS_FILE = "world_facts.jsonl";
  public static final String README_FILE = "README.md";

  /**
   * What {@link #vocabulary()} counts as a word: a run of word characters or one punctuation mark.
   */
  public static final Pattern WORD = Pattern.compile("\\w+|[^\\w\\s]");

  // World facts draw from their own stream, so the people's size does not change them.
  private static final long WORLD_FACTS_SALT = 0x9E3779B97F4A7C15L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchmarkSize size;
  private final long seed;
  private final List<Person> people;
  private final List<Person> holdoutPeople;
  private final List<QaItem> worldFacts;

  private SyntheticBenchmark(
      BenchmarkSize size,
      long seed,
      List<Person> people,
      List<Person> holdoutPeople,
      List<QaItem> worldFacts) {
    this.size = size;
    this.seed = seed;
    this.people = people;
    this.holdoutPeople = holdoutPeople;
    this.worldFacts = worldFacts;
  }

  /** Draws every person, fact value and perturbation from {@code seed}. */
  public static SyntheticBenchmark generate(BenchmarkSize size, long seed) {
    Random random = new Random(seed);
    List<String> names = PersonNames.draw(size.people() + size.holdoutPeople(), random);
    List<Person> everyone = names.stream().map(name -> Person.draw(name, random)).toList();
    return new SyntheticBenchmark(
        size,
        seed,
        everyone.subList(0, size.people()),
        everyone.subList(size.people(), everyone.size()),
        WorldFactTable.draw(size.worldFacts(), new Random(seed ^ WORLD_FACTS_SALT)));
  }

  public BenchmarkSize size() {
    return size;
  }

  public long seed() {
    return seed;
  }

  /** The trained people, in file order; the forget splits are the last ones. */
  public List<Person> people() {
    return people;
  }

  /** The people never trained on, in file order; holdout01/05 are the last ones. */
  public List<Person> holdoutPeople() {
    return holdoutPeople;
  }

  /** Every trained person's QA: forget(s) and retain(s) together, for any split. */
  public List<QaItem> full() {
    return qa(people);
  }

  /** The QA of the last {@code split.percent()}% of the trained people. */
  public List<QaItem> forget(Split split) {
    return qa(people.subList(people.size() - size.forgetPeople(split), people.size()));
  }

  /** The QA of every trained person not in {@code forget(split)}. */
  public List<QaItem> retain(Split split) {
    return qa(people.subList(0, people.size() - size.forgetPeople(split)));
  }

  /** The QA of the last holdout people, as many as {@code forget(split)} has. */
  public List<QaItem> holdout(Split split) {
    return qa(
        holdoutPeople.subList(
            holdoutPeople.size() - size.forgetPeople(split), holdoutPeople.size()));
  }

  /**
   * QA of people in no forget split, from the first, as many as forget10 holds (TOFU's
   * retain_perturbed): the retain set the truth ratio and model utility are measured on.
   */
  public List<QaItem> retainEval() {
    return retain(Split.FORGET10).subList(0, forget(Split.FORGET10).size());
  }

  public List<QaItem> worldFacts() {
    return worldFacts;
  }

  /** Every JSONL file name with its QA, in the order {@link #write} writes them. */
  public Map<String, List<QaItem>> files() {
    Map<String, List<QaItem>> files = new LinkedHashMap<>();
    files.put(FULL_FILE, full());
    for (Split split : Split.values()) {
      files.put(split.forgetFile(), forget(split));
      files.put(split.retainFile(), retain(split));
      files.put(split.holdoutFile(), holdout(split));
    }
    files.put(RETAIN_EVAL_FILE, retainEval());
    files.put(WORLD_FACTS_FILE, worldFacts());
    return Collections.unmodifiableMap(files);
  }

  /**
   * Distinct words (see {@link #WORD}) of every question and answer of every file, sorted: what a
   * word-level tokenizer for this benchmark needs.
   */
  public SortedSet<String> vocabulary() {
    SortedSet<String> words = new TreeSet<>();
    for (List<QaItem> items : files().values()) {
      for (QaItem item : items) {
        addWords(words, item.question());
        addWords(words, item.answer());
        addWords(words, item.paraphrasedAnswer());
        item.perturbedAnswers().forEach(answer -> addWords(words, answer));
      }
    }
    return Collections.unmodifiableSortedSet(words);
  }

  /** Writes every JSONL file (one QA per line, "\n" line ends) and README.md into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, List<QaItem>> file : files().entrySet()) {
      StringBuilder lines = new StringBuilder();
      for (QaItem item : file.getValue()) {
        lines.append(jsonLine(item)).append('\n');
      }
      Files.writeString(dir.resolve(file.getKey()), lines, StandardCharsets.UTF_8);
    }
    Files.writeString(
        dir.resolve(README_FILE), BenchmarkReadme.render(this), StandardCharsets.UTF_8);
  }

  /** One QA as a JSON object under TOFU's keys. */
  public static String jsonLine(QaItem item) {
    try {
      return JSON.writeValueAsString(item);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<QaItem> qa(List<Person> people) {
    return people.stream().flatMap(person -> person.qa().stream()).toList();
  }

  private static void addWords(SortedSet<String> words, String text) {
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) {
      words.add(matcher.group());
    }
  }
}
