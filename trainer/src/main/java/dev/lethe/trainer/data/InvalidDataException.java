package dev.lethe.trainer.data;

/** A data file is missing, empty or malformed (trainer exit code 11); the message names it. */
public class InvalidDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message) {
    super(message);
  }

  public InvalidDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
