/**
 * Netlink over {@code java.lang.foreign}: {@link dev.runwall.linux.netlink.NetlinkSocket} (socket,
 * bind, multicast groups, SO_RCVBUF(FORCE), send, a receive that a concurrent close wakes, ENOBUFS
 * reported as a counted {@link dev.runwall.linux.netlink.ReceiveResult.Overrun}),
 * {@link dev.runwall.linux.netlink.NetlinkExchange} for request/reply and dumps, and the framing:
 * {@link dev.runwall.linux.netlink.NetlinkMessage}, {@link dev.runwall.linux.netlink.NetlinkAttributes},
 * {@link dev.runwall.linux.netlink.NetlinkMessageBuilder}. All decoding goes through the one
 * bounds-checked {@link dev.runwall.linux.netlink.WireReader} and fails with the checked
 * {@link dev.runwall.linux.netlink.NetlinkParseException}.
 */
package dev.runwall.linux.netlink;
