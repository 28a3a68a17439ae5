/**
 * Socket owner lookups through NETLINK_SOCK_DIAG (inet_diag):
 * {@link dev.runwall.linux.sockdiag.SocketDiagnostics#lookup} finds the socket of an address pair
 * (inode and uid) in microseconds; {@link dev.runwall.linux.sockdiag.SocketDiagnostics#dump} lists
 * all.
 */
package dev.runwall.linux.sockdiag;
