package dev.lethe.trainer.data;

import dev.lethe.trainer.files.ReadErrors;

/**
 * A data file is missing, empty or malformed (trainer exit code 11); the message names it, and the
 * line and column, and never quotes it ({@link ReadErrors}). No cause: a parser's exception quotes
 * the file, and the message goes into the job's status.
 */
public class InvalidDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message) {
    super(message);
  }
}
