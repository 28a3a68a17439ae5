package dev.runwall.cli;

/** The bypass suite in block mode: every attempt fails and is reported {@code blocked}. */
class BypassBlockIT extends BypassSuite {
    @Override
    String mode() {
        return "block";
    }
}
