package dev.lethe.trainer.train;

/** The loss became NaN or infinite (trainer exit code 14); the message has the step and parts. */
public class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
