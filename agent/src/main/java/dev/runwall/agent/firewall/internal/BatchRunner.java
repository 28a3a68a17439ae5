package dev.runwall.agent.firewall.internal;

import dev.runwall.linux.nft.NftException;

/** Runs one nft batch (text syntax) atomically: {@code Nft::run} in the agent, a recorder in unit tests. */
@FunctionalInterface
public interface BatchRunner {
    void run(String batch) throws NftException;
}
