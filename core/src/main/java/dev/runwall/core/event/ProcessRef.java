package dev.runwall.core.event;

/** A process in a parent chain. */
public record ProcessRef(int pid, String name, String exe) {}
