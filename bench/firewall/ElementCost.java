import dev.runwall.agent.firewall.Firewall;
import dev.runwall.agent.firewall.FirewallOptions;
import dev.runwall.agent.firewall.FirewallSpec;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.PortSpec;
import dev.runwall.dns.ResolvedAddress;
import dev.runwall.linux.nft.Nft;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The cost of one DNS answer on the firewall's side: AllowedAddressSet.allow for answers of one new address
 * (one element, one nft batch), then the same answers again (skipped: already present). Run by
 * element-cost.sh in a network namespace of its own.
 */
public class ElementCost {
    public static void main(String[] args) throws Exception {
        int answers = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        try (Nft nft = Nft.open()) {
            FirewallSpec spec = new FirewallSpec(EgressMode.BLOCK, "runwall", 21079,
                    List.of(InetAddress.ofLiteral("127.0.0.1")), List.of(), List.of());
            Firewall firewall = Firewall.create(nft, spec, FirewallOptions.defaults());
            firewall.install();
            firewall.prime();
            long[] added = run(firewall, answers);
            long[] skipped = run(firewall, answers);
            System.out.printf("new address, one element per answer: median %d us, p90 %d us, p99 %d us (n=%d)%n",
                    pct(added, 50), pct(added, 90), pct(added, 99), answers);
            System.out.printf("address already present (skipped):   median %d us, p90 %d us, p99 %d us%n",
                    pct(skipped, 50), pct(skipped, 90), pct(skipped, 99));
            System.out.println(firewall.counters());
            firewall.remove();
        }
    }

    private static long[] run(Firewall firewall, int answers) throws Exception {
        long[] nanos = new long[answers];
        for (int i = 0; i < answers; i++) {
            InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 198, 19, (byte) (10 + i / 250),
                    (byte) (i % 250 + 1)});
            long start = System.nanoTime();
            firewall.allowed().allow(List.of(new ResolvedAddress("n" + i + ".bench.test", address, 300)),
                    Set.of(PortSpec.of(443)));
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static long pct(long[] nanos, int p) {
        long[] sorted = Arrays.copyOfRange(nanos, nanos.length / 10, nanos.length); // the first tenth warms up
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1000;
    }
}
