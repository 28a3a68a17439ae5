/** The libc downcalls (FFM, errno captured per call). Not for use outside the linux module. */
package dev.runwall.linux.netlink.internal;
