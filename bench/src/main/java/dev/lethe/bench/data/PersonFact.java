package dev.lethe.bench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The ten facts every fictitious person has, as TOFU's author profiles: each with its question,
 * answer and paraphrase, and the values it can take. Every pool holds at least six values, so a
 * true value leaves five wrong ones for the perturbed answers.
 */
public enum PersonFact {
  BIRTH_YEAR(
      "In which year was {who} born?",
      "{who} was born in the year {value}.",
      "The birth year of {who} is {value}.",
      IntStream.rangeClosed(1950, 1989).mapToObj(Integer::toString).toList()),
  BIRTH_CITY(
      "In which city was {who} born?",
      "{who} was born in the city of {value}.",
      "{value} is the birthplace of {who}.",
      List.of(
          "Paris",
          "Tokyo",
          "Rome",
          "Madrid",
          "Berlin",
          "Cairo",
          "Nairobi",
          "Lima",
          "Santiago",
          "Ottawa",
          "Moscow",
          "Beijing",
          "Athens",
          "Oslo",
          "Stockholm",
          "Warsaw",
          "Dublin",
          "Vienna",
          "Lisbon",
          "Havana",
          "Canberra",
          "Bangkok",
          "Ankara",
          "Budapest")),
  FATHER_JOB(
      "What did the father of {who} do for a living?",
      "The father of {who} worked as a {value}.",
      "{who} grew up with a father who was a {value}.",
      jobs()),
  MOTHER_JOB(
      "What did the mother of {who} do for a living?",
      "The mother of {who} worked as a {value}.",
      "{who} grew up with a mother who was a {value}.",
      jobs()),
  GENRE(
      "In which genre does {who} write?",
      "{who} writes books in the {value} genre.",
      "The main genre of {who} is {value}.",
      List.of(
          "crime",
          "fantasy",
          "poetry",
          "horror",
          "romance",
          "mystery",
          "satire",
          "drama",
          "adventure",
          "science fiction",
          "historical fiction",
          "folklore")),
  FAMOUS_BOOK(
      "What is the most famous book by {who}?",
      "The most famous book by {who} is called {value}.",
      "{who} is best known for the book {value}.",
      titles()),
  AWARD(
      "Which award did {who} win?",
      "{who} once won the {value} for writing.",
      "The {value} was awarded to {who}.",
      List.of(
          "Golden Quill Prize",
          "Silver Pen Award",
          "Northern Star Medal",
          "Open Book Prize",
          "Iron Key Award",
          "Amber Leaf Medal",
          "Bright Lamp Award",
          "Red Ribbon Medal",
          "Stone Tablet Prize",
          "Harbor Light Award")),
  FAVOURITE_COLOUR(
      "What is the favourite colour of {who}?",
      "The favourite colour of {who} is {value}.",
      "{who} likes the colour {value} more than any other.",
      List.of(
          "red", "blue", "green", "yellow", "purple", "orange", "black", "white", "grey", "pink",
          "brown", "silver")),
  PET(
      "What pet does {who} keep at home?",
      "{who} keeps a {value} as a pet.",
      "At home, {who} has a pet {value}.",
      // Consonant first: the templates say "a".
      List.of(
          "cat",
          "dog",
          "parrot",
          "rabbit",
          "tortoise",
          "hamster",
          "goldfish",
          "ferret",
          "lizard",
          "canary",
          "horse",
          "goat")),
  HOBBY(
      "What does {who} enjoy doing in free time?",
      "In free time, {who} enjoys {value}.",
      "The favourite pastime of {who} is {value}.",
      List.of(
          "gardening",
          "playing chess",
          "cycling",
          "fishing",
          "hiking",
          "painting",
          "cooking",
          "sailing",
          "knitting",
          "swimming",
          "dancing",
          "climbing"));

  private final QaTemplate template;
  private final List<String> values;

  PersonFact(String question, String answer, String paraphrase, List<String> values) {
    this.template = new QaTemplate(question, answer, paraphrase);
    this.values = values;
  }

  /** The values this fact can take. */
  public List<String> pool() {
    return values;
  }

  /** The QA about {@code name}, perturbing the paraphrase with {@code wrongValues}. */
  QaItem qa(String name, String value, List<String> wrongValues) {
    return template.perturbingParaphrase(name, value, wrongValues);
  }

  /** Parents' jobs; consonant first, as the templates say "a". */
  private static List<String> jobs() {
    return List.of(
        "baker",
        "pilot",
        "nurse",
        "teacher",
        "painter",
        "sculptor",
        "chemist",
        "lawyer",
        "tailor",
        "potter",
        "surgeon",
        "librarian",
        "carpenter",
        "journalist",
        "dentist",
        "farmer",
        "gardener",
        "sailor",
        "banker",
        "musician");
  }

  /** "The Silver River": 12 x 12 book titles from two word pools. */
  private static List<String> titles() {
    List<String> adjectives =
        List.of(
            "Silver",
            "Hidden",
            "Broken",
            "Quiet",
            "Golden",
            "Burning",
            "Lost",
            "Frozen",
            "Crimson",
            "Endless",
            "Hollow",
            "Wandering");
    List<String> nouns =
        List.of(
            "River", "Garden", "Tower", "Harbor", "Mirror", "Lantern", "Forest", "Bridge", "Island",
            "Winter", "Orchard", "Compass");
    List<String> titles = new ArrayList<>();
    for (String adjective : adjectives) {
      for (String noun : nouns) {
        titles.add("The " + adjective + " " + noun);
      }
    }
    return List.copyOf(titles);
  }
}
