package dev.runwall.linux.nflog;

import java.util.OptionalInt;

/**
 * Interface indexes of a logged packet, as far as the hook knows them. The physical ones are set
 * for packets crossing a bridge (the bridge port, where {@code in}/{@code out} is the bridge).
 */
public record Interfaces(OptionalInt in, OptionalInt out, OptionalInt physicalIn, OptionalInt physicalOut) {
    public static final Interfaces NONE =
            new Interfaces(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
}
