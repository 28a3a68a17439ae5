package dev.runwall.agent.audit;

import dev.runwall.agent.process.ProcessImage;
import dev.runwall.agent.process.ProcessNode;
import dev.runwall.linux.audit.Syscall;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A process called connect/sendto/sendmsg/sendmmsg with an IPv4 or IPv6 destination: what explains a flow.
 *
 * @param serial the audit event's serial (orders sightings as the kernel emitted them)
 * @param node the calling process in the process table
 * @param image what the process ran at that moment
 * @param success whether the call succeeded (a refused connect still sent a SYN; an unreachable one did not)
 * @param exit the syscall's return value (a negative errno on failure), or 0 when not reported
 */
public record SyscallSighting(Instant time, long serial, Syscall syscall, ProcessNode node, ProcessImage image,
        InetSocketAddress destination, boolean success, long exit) {}
