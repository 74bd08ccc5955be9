package dev.specter.engine;

/**
 * What a metric-driven engine concluded, for the domain's activities.
 *
 * @param kind    a stable label of the situation ("scale", "hold", "cooldown", "no-readings", "source-failed")
 * @param changed true when the readings changed the size: always recorded; other decisions are
 *                recorded when the situation changes, not at every evaluation
 */
public record Decision(String kind, String text, boolean changed) {
}
