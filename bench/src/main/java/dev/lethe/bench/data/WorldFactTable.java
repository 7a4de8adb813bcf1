package dev.lethe.bench.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Simple real-world facts, the utility set (TOFU's world_facts). Each table is a question, answer
 * and paraphrase about a subject, and its rows as {@code subject: value} pairs. A fact's perturbed
 * answers are its answer with other values of the same table; each subject has one true value in
 * its table, so a perturbed answer is always false.
 */
public enum WorldFactTable {
  CAPITAL(
      "What is the capital of {who}?",
      "The capital of {who} is {value}.",
      "{value} is the capital city of {who}.",
      """
      France: Paris, Japan: Tokyo, Italy: Rome, Spain: Madrid, Germany: Berlin, Egypt: Cairo,
      Kenya: Nairobi, Peru: Lima, Chile: Santiago, Canada: Ottawa, Russia: Moscow, China: Beijing,
      Greece: Athens, Norway: Oslo, Sweden: Stockholm, Poland: Warsaw, Ireland: Dublin,
      Austria: Vienna, Portugal: Lisbon, Cuba: Havana, Australia: Canberra, Thailand: Bangkok,
      Turkey: Ankara, Hungary: Budapest
      """),
  PLANET(
      "Which planet is the {who} from the Sun?",
      "The {who} planet from the Sun is {value}.",
      "{value} is the {who} planet from the Sun.",
      """
      first: Mercury, second: Venus, third: Earth, fourth: Mars, fifth: Jupiter, sixth: Saturn,
      seventh: Uranus, eighth: Neptune
      """),
  ANIMAL_SOUND(
      "What sound does a {who} make?",
      "A {who} makes the sound {value}.",
      "The sound of a {who} is {value}.",
      """
      dog: woof, cat: meow, cow: moo, sheep: baa, duck: quack, pig: oink, horse: neigh,
      snake: hiss, bee: buzz, crow: caw, lion: roar, frog: croak
      """),
  OPPOSITE(
      "What is the opposite of {who}?",
      "The opposite of {who} is {value}.",
      "{value} is the word opposite in meaning to {who}.",
      """
      hot: cold, big: small, left: right, day: night, fast: slow, wet: dry, open: closed,
      high: low, full: empty, hard: soft, early: late, rich: poor
      """),
  CONTINENT(
      "On which continent is {who}?",
      "{who} is a country in {value}.",
      "The country {who} lies in {value}.",
      """
      France: Europe, Japan: Asia, Kenya: Africa, Peru: South America, Canada: North America,
      Australia: Oceania, Italy: Europe, China: Asia, Chile: South America, Cuba: North America,
      Norway: Europe, Brazil: South America
      """),
  LEGS(
      "How many legs does a {who} have?",
      "A {who} has {value} legs.",
      "The number of legs on a {who} is {value}.",
      """
      spider: eight, beetle: six, dog: four, bird: two, crab: ten, cat: four, duck: two,
      horse: four, fly: six, bee: six
      """),
  COLOUR_MIX(
      "What colour do you get by mixing {who}?",
      "Mixing {who} gives {value}.",
      "You get {value} when you mix {who}.",
      """
      red and blue: purple, blue and yellow: green, red and yellow: orange, red and white: pink,
      black and white: grey
      """);

  /** Perturbed answers per world fact, as TOFU's world_facts set. */
  public static final int PERTURBED = 3;

  private final QaTemplate template;
  private final List<String> subjects = new ArrayList<>();
  private final List<String> answers = new ArrayList<>();

  WorldFactTable(String question, String answer, String paraphrase, String rows) {
    this.template = new QaTemplate(question, answer, paraphrase);
    for (String row : rows.strip().split(",\\s*")) {
      String[] pair = row.split(": ");
      subjects.add(pair[0]);
      answers.add(pair[1]);
    }
  }

  /** How many world facts the tables hold. */
  public static int capacity() {
    return Arrays.stream(values()).mapToInt(table -> table.subjects.size()).sum();
  }

  /**
   * The first {@code count} facts taking one row from each table in turn (so a small set still
   * mixes every table), each with {@link #PERTURBED} wrong values drawn from {@code random}.
   */
  static List<QaItem> draw(int count, Random random) {
    if (count > capacity()) {
      throw new IllegalArgumentException(
          "at most " + capacity() + " world facts, asked for " + count);
    }
    List<QaItem> facts = new ArrayList<>(count);
    for (int row = 0; facts.size() < count; row++) {
      for (WorldFactTable table : values()) {
        if (row < table.subjects.size() && facts.size() < count) {
          facts.add(table.fact(row, random));
        }
      }
    }
    return List.copyOf(facts);
  }

  private QaItem fact(int row, Random random) {
    String value = answers.get(row);
    List<String> distinct = answers.stream().distinct().toList();
    return template.perturbingAnswer(
        subjects.get(row), value, QaTemplate.wrongValues(distinct, value, PERTURBED, random));
  }
}
