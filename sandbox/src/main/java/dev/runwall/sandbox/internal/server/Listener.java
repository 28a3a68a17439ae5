package dev.runwall.sandbox.internal.server;

import java.io.Closeable;

/** A bound port of the sandbox internet; bound on construction, serving after {@link #start()}. */
sealed interface Listener extends Closeable permits TcpListener, UdpListener {
    void start();

    /** For the server log, e.g. {@code http tcp 198.18.1.10 port 443}. */
    String describe();
}
