package dev.runwall.workflow.internal.perm;

/** One scope a job needs, and why (shown with {@code --explain} and in findings). */
public record Grant(Scope scope, Level level, String reason) {}
