/**
 * Network namespaces per thread: {@link dev.runwall.linux.netns.NetworkNamespaces#runOnThreadIn}
 * runs code on a dedicated platform thread that joined a namespace with {@code setns}, so sockets
 * can be opened there; {@link dev.runwall.linux.netns.NamespaceThread} keeps such a thread for
 * several calls.
 */
package dev.runwall.linux.netns;
