/**
 * The Linux audit subsystem: {@link dev.runwall.linux.audit.AuditClient} manages our own keyed
 * rules (never anybody else's) and the audit status; {@link dev.runwall.linux.audit.AuditEventReader}
 * reads the read-only multicast group and delivers {@link dev.runwall.linux.audit.AuditEvent}s of
 * typed {@link dev.runwall.linux.audit.AuditRecord}s. Record text is parsed behind the checked
 * {@link dev.runwall.linux.audit.AuditParseException}. Both always work in the initial network
 * namespace, where the kernel multicasts audit records.
 */
package dev.runwall.linux.audit;
