package dev.runwall.linux.audit;

/**
 * What an {@link AuditEventReader} could not deliver whole. All counts are since the reader opened.
 *
 * @param socketOverruns   times the kernel found our socket buffer full (ENOBUFS): at least one
 *                         record lost each time
 * @param kernelLost       records the kernel itself dropped (backlog full, rate limit, memory):
 *                         the growth of the status {@code lost} counter, system-wide
 * @param incompleteEvents events closed by timeout rather than by their end record
 * @param malformedRecords records whose text did not parse (kept as raw text)
 */
public record AuditLoss(long socketOverruns, long kernelLost, long incompleteEvents, long malformedRecords) {}
