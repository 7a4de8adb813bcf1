package dev.lethe.charts.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs an Argo CD health check script the way Argo CD does: the resource in the global {@code obj},
 * the script's returned table read for {@code status} and {@code message}. Each assessment gets
 * fresh globals, so one cannot see what another left behind.
 */
final class ArgoHealthCheck {
  /** What the script returned. */
  record Health(String status, String message) {}

  private final String script;
  private final String name;

  private ArgoHealthCheck(String script, String name) {
    this.script = script;
    this.name = name;
  }

  static ArgoHealthCheck load(Path file) throws IOException {
    return new ArgoHealthCheck(Files.readString(file), file.getFileName().toString());
  }

  Health assess(JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", LuaTables.of(resource));
    LuaValue result = globals.load(script, name).call();
    if (!result.istable()) {
      throw new IllegalStateException(name + " returned " + result.typename() + ", not a table");
    }
    return new Health(text(result.get("status")), text(result.get("message")));
  }

  private static String text(LuaValue value) {
    return value.isnil() ? null : value.tojstring();
  }
}
