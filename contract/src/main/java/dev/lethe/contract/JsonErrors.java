package dev.lethe.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;

/**
 * What is wrong with a JSON document, and where, in our own words: for documents whose content the
 * reader of the message may not see (a user's data files, read by the trainer; what a trainer pod
 * wrote, read by the operator). Never Jackson's message, which quotes the document ({@code
 * Unrecognized token 'sk_live_...'}), nor a field name or value from it.
 */
public final class JsonErrors {
  /** Jackson's syntax errors by how its message starts, and what we say instead. */
  private static final Map<String, String> SYNTAX =
      Map.ofEntries(
          Map.entry("Unrecognized token", "a word that is not a JSON value"),
          Map.entry("Unexpected character", "an unexpected character"),
          Map.entry("Unexpected end-of-input", "it ends too early"),
          Map.entry("Unexpected close marker", "a closing bracket that does not match"),
          Map.entry("Invalid UTF-8", "bytes that are not UTF-8"),
          Map.entry("Invalid UTF-32", "bytes that are not UTF-32"),
          Map.entry("Illegal unquoted character", "a control character inside a string"),
          Map.entry("Unrecognized character escape", "an unknown escape inside a string"),
          Map.entry("Non-standard token", "NaN or Infinity, which JSON does not allow"),
          Map.entry("Invalid numeric value", "a malformed number"),
          Map.entry("Leading zeroes not allowed", "a malformed number"),
          Map.entry("Duplicate field", "a field given twice"));

  private JsonErrors() {}

  /** {@code not valid JSON (it ends too early) at line 3, column 14}. */
  public static String describe(JsonProcessingException e) {
    String place = place(e);
    return what(e) + (place.isEmpty() ? "" : " at " + place);
  }

  /** {@code line 3, column 14}, or empty when Jackson does not know where. */
  public static String place(JsonProcessingException e) {
    return place(e.getLocation());
  }

  /** {@code line 3, column 14}, or empty for an unknown location. */
  public static String place(JsonLocation at) {
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return "line " + at.getLineNr() + (at.getColumnNr() < 1 ? "" : ", column " + at.getColumnNr());
  }

  /** What is wrong, e.g. {@code not valid JSON (a word that is not a JSON value)}. */
  public static String what(JsonProcessingException e) {
    if (e instanceof JsonMappingException
        && e.getCause() instanceof JsonProcessingException cause
        && cause != e) {
      return what(cause); // a syntax error met while mapping a field: the syntax error says more
    }
    if (e instanceof JsonEOFException) {
      return "not valid JSON (it ends too early)";
    }
    if (e instanceof InputCoercionException) {
      return "a number out of range for its field";
    }
    if (e instanceof StreamConstraintsException) {
      return "a document too large or too deeply nested";
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      // The allowed names are our own fields; the unknown one is the document's.
      return "a field that is not allowed here (allowed: "
          + String.join(
              ", ", unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList())
          + ")";
    }
    if (e instanceof MismatchedInputException mismatch) {
      return "a value of the wrong type" + expected(mismatch.getTargetType());
    }
    if (e instanceof ValueInstantiationException) {
      return "fields that are missing or not allowed"; // the record's constructor refused them
    }
    if (e instanceof JsonMappingException) {
      return "a value that is not allowed here";
    }
    String jackson = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    return SYNTAX.entrySet().stream()
        .filter(s -> jackson.startsWith(s.getKey()))
        .map(s -> "not valid JSON (" + s.getValue() + ")")
        .findFirst()
        .orElse("not valid JSON");
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return " (expected a number)";
    }
    if (type == String.class) {
      return " (expected a string)";
    }
    if (type == Boolean.class || type == boolean.class) {
      return " (expected true or false)";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return " (expected a list)";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return " (expected an object)";
    }
    return "";
  }
}
