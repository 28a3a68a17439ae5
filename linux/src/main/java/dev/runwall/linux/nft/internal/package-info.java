/** Downcall handles into libnftables.so.1. */
package dev.runwall.linux.nft.internal;
