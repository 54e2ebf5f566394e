package io.github.samegan.examples.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's pages and static files: {@code /} (to the study), {@code /study}, {@code
 * /study/results}, {@code /study/static/NAME} and {@code /favicon.ico}. They are a fixed list of
 * the server's own resources, read once; nothing else on disk or on the class path can be reached.
 */
final class StaticPages {
  private static final String RESOURCES = "/samegan/study/";
  private static final Map<String, String> STATIC =
      Map.of(
          "study.css", "text/css; charset=utf-8",
          "study.js", "text/javascript; charset=utf-8",
          "results.js", "text/javascript; charset=utf-8",
          "favicon.svg", "image/svg+xml");
  private static final String CSP =
      "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Map<String, byte[]> resources = new LinkedHashMap<>();

  /** Reads the resources. */
  StaticPages() {
    for (String name : List.of("index.html", "results.html")) {
      resources.put(name, resource(name));
    }
    for (String name : STATIC.keySet()) {
      resources.put(name, resource(name));
    }
  }

  /** Adds the routes. */
  void register(Javalin app) {
    app.get("/", ctx -> ctx.redirect("/study"));
    app.get("/study", ctx -> html(ctx, "index.html"));
    app.get("/study/static/{name}", this::staticFile);
    app.get(
        "/favicon.ico",
        ctx -> {
          ctx.header("Cache-Control", "max-age=3600");
          ctx.contentType("image/svg+xml").result(resources.get("favicon.svg"));
        });
    app.get("/study/results", ctx -> html(ctx, "results.html"));
  }

  private void staticFile(Context ctx) {
    String name = ctx.pathParam("name");
    String type = STATIC.get(name);
    if (type == null) {
      throw new ApiException(404, "Not found");
    }
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(type).result(resources.get(name));
  }

  private void html(Context ctx, String name) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.contentType("text/html; charset=utf-8").result(resources.get(name));
  }

  private static byte[] resource(String name) {
    try (InputStream in = StaticPages.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCES + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
