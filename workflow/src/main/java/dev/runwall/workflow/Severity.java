package dev.runwall.workflow;

/** How serious a finding is; the names match SARIF levels. */
public enum Severity {
    ERROR("error"), WARNING("warning"), NOTE("note");

    private final String sarifLevel;

    Severity(String sarifLevel) {
        this.sarifLevel = sarifLevel;
    }

    public String sarifLevel() {
        return sarifLevel;
    }
}
