package dev.runwall.dns.internal;

import dev.runwall.core.policy.DomainName;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Turns names read from the wire into the strings the policy and the events use. */
public final class DomainNames {
    private DomainNames() {}

    /**
     * @param text the normalised host name, or the lower-case presentation form when {@code hostName} is false
     *     (escaped bytes stay escaped, so such a name can never equal a policy entry)
     */
    public record Domain(String text, boolean hostName) {}

    public static Domain of(Name name) {
        if (name.equals(Name.root)) {
            return new Domain(".", false);
        }
        String presentation = name.toString(true).toLowerCase(Locale.ROOT);
        Optional<String> normalized = DomainName.tryNormalize(presentation);
        return normalized.map(n -> new Domain(n, true)).orElseGet(() -> new Domain(presentation, false));
    }
}
