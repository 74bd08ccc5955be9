package dev.specter.api;

import io.javalin.config.RoutesConfig;

/** The routes of one API under its prefix, such as the Phantom REST API's, for {@link HttpApi} to serve. */
public interface ApiRoutes {
    String prefix();

    /** Whether a route under the prefix is served without authentication. */
    boolean isPublic(String matchedPath);

    void register(RoutesConfig routes);
}
