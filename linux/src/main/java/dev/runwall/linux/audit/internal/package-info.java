/** Audit record text parsing, rule and status encoding, event assembly by serial. */
package dev.runwall.linux.audit.internal;
