package dev.lethe.trainer.eval;

/** The model gave a NaN or infinite log-probability while being evaluated. */
public class NonFiniteOutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NonFiniteOutputException(String message) {
    super(message);
  }
}
