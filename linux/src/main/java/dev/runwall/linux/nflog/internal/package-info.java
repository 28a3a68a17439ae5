/** nfnetlink_log messages, IP/TCP/UDP/ICMP header decoding, loss accounting. */
package dev.runwall.linux.nflog.internal;
