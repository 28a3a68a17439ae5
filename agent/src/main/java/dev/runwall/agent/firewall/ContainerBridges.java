package dev.runwall.agent.firewall;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gateway addresses of the bridges in this network namespace (Docker's {@code docker0}, user-defined
 * {@code br-*} networks, any other bridge): containers behind them get the agent as their resolver there.
 * A bridge is an interface with a {@code bridge} directory in sysfs; only its global addresses count (a
 * link-local address needs a scope no resolver configuration carries).
 */
public final class ContainerBridges {
    private final Path sysClassNet;

    public ContainerBridges(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    public static ContainerBridges system() {
        return new ContainerBridges(Path.of("/sys/class/net"));
    }

    /** Names of the bridges, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(sysClassNet)) {
            return List.of();
        }
        try (Stream<Path> links = Files.list(sysClassNet)) {
            return links.filter(l -> Files.isDirectory(l.resolve("bridge")))
                    .map(l -> l.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code listen}, plus {@code port} on every bridge gateway not already in it. */
    public List<java.net.InetSocketAddress> withGateways(List<java.net.InetSocketAddress> listen, int port) {
        List<java.net.InetSocketAddress> out = new ArrayList<>(listen);
        for (InetAddress gateway : gatewayAddresses()) {
            var a = new java.net.InetSocketAddress(gateway, port);
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The global addresses of every bridge that is up. */
    public List<InetAddress> gatewayAddresses() {
        List<InetAddress> out = new ArrayList<>();
        for (String name : names()) {
            try {
                NetworkInterface nic = NetworkInterface.getByName(name);
                if (nic == null || !nic.isUp()) {
                    continue;
                }
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    InetAddress address = a.getAddress();
                    if (!address.isLinkLocalAddress() && !address.isLoopbackAddress()) {
                        out.add(InetAddress.getByAddress(address.getAddress())); // drop the scope id
                    }
                }
            } catch (SocketException | java.net.UnknownHostException e) {
                // a bridge that vanished meanwhile has no gateway to serve
            }
        }
        return out;
    }
}
