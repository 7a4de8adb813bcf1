package dev.lethe.trainer.files;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lethe.contract.JsonErrors;
import java.io.CharConversionException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What went wrong reading a file from the user's storage (data, anchors, a reference evaluation, a
 * model directory), in our words: the file, the line and column where there are some, and what is
 * wrong. Never an exception's own message: Jackson's, the JDK decoders' and the tokenizers
 * library's quote the file, and whoever reads the job's status or the trainer's log may not be
 * allowed to read the file. Exceptions built from these messages do not chain the cause either.
 */
public final class ReadErrors {
  private ReadErrors() {}

  /**
   * {@code /data/forget.jsonl line 3, column 14: not valid JSON (an unexpected character)}, or
   * {@code /data/forget.jsonl: cannot be read (permission denied)}.
   */
  public static String describe(Object file, IOException e) {
    if (e instanceof JsonProcessingException json) {
      return at(file, json.getLocation()) + ": " + JsonErrors.what(json);
    }
    if (file instanceof Path path && Files.isDirectory(path)) {
      return file + ": is a directory, not a file";
    }
    return file + ": " + problem(e);
  }

  /** {@code /data/anchors.json line 3, column 14}, or the file alone where the place is unknown. */
  public static String at(Object file, JsonLocation location) {
    String place = JsonErrors.place(location);
    return file + (place.isEmpty() ? "" : " " + place);
  }

  /** What is wrong with reading a file, without the exception's message. */
  static String problem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot be read (permission denied)";
    }
    if (e instanceof CharacterCodingException || e instanceof CharConversionException) {
      return "not valid UTF-8";
    }
    if (e instanceof FileNotFoundException) {
      return "does not exist or cannot be opened"; // the JDK's one exception for both
    }
    return "cannot be read (" + e.getClass().getSimpleName() + ")";
  }
}
