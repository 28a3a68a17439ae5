package dev.runwall.linux.nflog;

/** The netfilter hook the logging rule ran in. */
public enum Hook {
    PRE_ROUTING, INPUT, FORWARD, OUTPUT, POST_ROUTING, UNKNOWN;

    /** Maps the kernel's hook number ({@code NF_INET_*}, also used by the bridge family). */
    public static Hook of(int number) {
        return switch (number) {
            case 0 -> PRE_ROUTING;
            case 1 -> INPUT;
            case 2 -> FORWARD;
            case 3 -> OUTPUT;
            case 4 -> POST_ROUTING;
            default -> UNKNOWN;
        };
    }
}
