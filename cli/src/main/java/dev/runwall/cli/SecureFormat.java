package dev.runwall.cli;

/** Output formats of {@code runwall secure}. */
enum SecureFormat {
    text, json, sarif
}
