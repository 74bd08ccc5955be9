package dev.specter.testing;

public record TestUser(long id, String name, String password, String token) {
}
