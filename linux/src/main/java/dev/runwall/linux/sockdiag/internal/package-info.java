/** inet_diag request encoding and reply decoding. */
package dev.runwall.linux.sockdiag.internal;
