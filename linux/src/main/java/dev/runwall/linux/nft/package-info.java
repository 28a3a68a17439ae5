/**
 * nftables through libnftables in-process: {@link dev.runwall.linux.nft.Nft#run} for text batches,
 * {@link dev.runwall.linux.nft.Nft#runJson} for JSON, {@link dev.runwall.linux.nft.NftException}
 * with nft's error text. A context acts on the network namespace it was created in.
 */
package dev.runwall.linux.nft;
