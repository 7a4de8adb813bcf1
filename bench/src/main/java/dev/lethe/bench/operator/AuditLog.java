package dev.lethe.bench.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's audit log (JSON lines), read as it grows: one {@link ApiRequest} per request of
 * one user. A request has an event at ResponseComplete, and a watch one at ResponseStarted too
 * (RequestReceived is not logged); both carry its auditID, so each request counts once, watches
 * that are still open included.
 */
final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String user;
  private final Map<String, ApiRequest> requests = new LinkedHashMap<>();
  private long offset;

  AuditLog(Path file, String user) {
    this.file = file;
    this.user = user;
  }

  /** Reads what was appended since the last call; every request of the user so far. */
  synchronized List<ApiRequest> read() throws IOException {
    if (Files.exists(file)) {
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        long length = in.length();
        if (length > offset) {
          byte[] bytes = new byte[(int) (length - offset)];
          in.seek(offset);
          in.readFully(bytes);
          String text = new String(bytes, StandardCharsets.UTF_8);
          int complete = text.lastIndexOf('\n') + 1; // a line being written waits for next time
          text.substring(0, complete).lines().forEach(this::add);
          offset += text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
        }
      }
    }
    return new ArrayList<>(requests.values());
  }

  private void add(String line) {
    if (line.isBlank()) {
      return;
    }
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException("not an audit event: " + line, e);
    }
    if (!user.equals(event.path("user").path("username").asText())) {
      return;
    }
    JsonNode object = event.path("objectRef");
    String resource =
        object.hasNonNull("resource")
            ? object.get("resource").asText()
                + (object.hasNonNull("subresource") ? "/" + object.get("subresource").asText() : "")
            : event.path("requestURI").asText().replaceFirst("\\?.*", "");
    ApiRequest request =
        new ApiRequest(
            event.path("verb").asText(),
            resource,
            Instant.parse(event.path("requestReceivedTimestamp").asText()),
            event.path("responseStatus").path("code").asInt(0),
            event.path("stage").asText().equals("ResponseComplete")
                ? Instant.parse(event.path("stageTimestamp").asText())
                : null);
    // ResponseComplete, which comes last, has the final status code.
    requests.put(event.path("auditID").asText(), request);
  }
}
