package dev.runwall.cli;

/** The bypass suite in audit mode: every attempt works and is reported {@code audited}. */
class BypassAuditIT extends BypassSuite {
    @Override
    String mode() {
        return "audit";
    }
}
