package dev.runwall.sandbox.internal.server;

import java.nio.file.Path;
import java.util.Optional;

/** The command line of the internet server: {@code --zone FILE --ready-file FILE [--query-log FILE]}. */
record ServerOptions(Path zone, Path readyFile, Optional<Path> queryLog) {

    static ServerOptions parse(String[] args) {
        Path zone = null;
        Path ready = null;
        Path log = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            Path value = Path.of(args[++i]);
            switch (args[i - 1]) {
                case "--zone" -> zone = value;
                case "--ready-file" -> ready = value;
                case "--query-log" -> log = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        if (zone == null || ready == null) {
            throw new IllegalArgumentException("usage: InternetServer --zone FILE --ready-file FILE [--query-log FILE]");
        }
        return new ServerOptions(zone, ready, Optional.ofNullable(log));
    }

    /** The arguments that {@link #parse} reads back (used by the sandbox that starts the server). */
    java.util.List<String> toArguments() {
        var args = new java.util.ArrayList<String>(java.util.List.of("--zone", zone.toString(), "--ready-file", readyFile.toString()));
        queryLog.ifPresent(q -> args.addAll(java.util.List.of("--query-log", q.toString())));
        return args;
    }
}
