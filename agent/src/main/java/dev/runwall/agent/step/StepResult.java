package dev.runwall.agent.step;

/** How a step ended. */
public record StepResult(String stepId, String name, int exitCode) {}
