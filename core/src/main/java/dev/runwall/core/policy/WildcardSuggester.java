package dev.runwall.core.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Suggests {@code *.parent:port} where at least {@code min} distinct names under one parent were called on
 * the same port (CDN shards, regional hosts). The deepest such parent wins, so {@code *.cdn.example.com} is
 * preferred to {@code *.example.com}.
 *
 * <p>Deliberately conservative: never a wildcard directly under a top-level domain or a common two-level
 * public suffix ({@code co.uk}), and never under a suffix where anyone can get a subdomain (shared hosting,
 * object storage, tunnels): {@code *.blob.core.windows.net} would let a compromised step send data to the
 * attacker's own storage account. Such names stay listed one by one.
 */
final class WildcardSuggester {
    private static final Set<String> TWO_LEVEL_SUFFIXES = Set.of("co.uk", "org.uk", "ac.uk", "gov.uk", "com.au",
            "net.au", "org.au", "co.jp", "ne.jp", "or.jp", "com.br", "com.cn", "com.tr", "co.in", "co.nz", "co.za",
            "com.mx", "com.sg", "com.hk", "com.tw", "co.kr");
    private static final Set<String> ANYONE_CAN_REGISTER = Set.of("github.io", "gitlab.io", "herokuapp.com",
            "netlify.app", "vercel.app", "pages.dev", "workers.dev", "r2.dev", "azurewebsites.net", "core.windows.net",
            "cloudfront.net", "amazonaws.com", "appspot.com", "firebaseapp.com", "web.app", "ngrok.io",
            "ngrok-free.app", "ngrok.app", "trycloudflare.com", "fly.dev", "onrender.com", "glitch.me", "repl.co",
            "webhook.site", "pipedream.net", "burpcollaborator.net", "oastify.com", "interact.sh", "oast.fun",
            "requestcatcher.com", "supabase.co", "deno.dev");

    private WildcardSuggester() {}

    /** @param endpoints {@code host:port} entries; addresses and existing wildcards are ignored */
    static List<WildcardSuggestion> suggest(Collection<String> endpoints, int min) {
        if (min < 2) {
            return List.of();
        }
        Map<String, Set<String>> byParentAndPort = new LinkedHashMap<>();
        for (String e : endpoints) {
            int colon = e.lastIndexOf(':');
            if (colon <= 0 || e.startsWith("[") || e.startsWith("*")) {
                continue;
            }
            String host = e.substring(0, colon);
            String port = e.substring(colon + 1);
            if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
                continue; // an IPv4 address
            }
            for (String parent = parentOf(host); parent != null; parent = parentOf(parent)) {
                byParentAndPort.computeIfAbsent(parent + ":" + port, k -> new TreeSet<>()).add(e);
            }
        }
        List<String> candidates = new ArrayList<>(byParentAndPort.keySet());
        candidates.sort(Comparator.comparingInt(WildcardSuggester::labels).reversed().thenComparing(Comparator.naturalOrder()));
        Set<String> covered = new HashSet<>();
        List<WildcardSuggestion> out = new ArrayList<>();
        for (String key : candidates) {
            String parent = key.substring(0, key.lastIndexOf(':'));
            if (!allowed(parent)) {
                continue;
            }
            List<String> names = byParentAndPort.get(key).stream().filter(n -> !covered.contains(n)).toList();
            if (names.size() >= min) {
                covered.addAll(names);
                out.add(new WildcardSuggestion("*." + key, names));
            }
        }
        out.sort(Comparator.comparing(WildcardSuggestion::pattern));
        return out;
    }

    private static boolean allowed(String parent) {
        if (labels(parent) < 2 || TWO_LEVEL_SUFFIXES.contains(parent)) {
            return false;
        }
        for (String shared : ANYONE_CAN_REGISTER) {
            // under such a suffix, or above it (*.windows.net would also cover *.blob.core.windows.net)
            if (parent.equals(shared) || parent.endsWith("." + shared) || shared.endsWith("." + parent)) {
                return false;
            }
        }
        return true;
    }

    private static String parentOf(String host) {
        int dot = host.indexOf('.');
        return dot < 0 || dot == host.length() - 1 ? null : host.substring(dot + 1);
    }

    private static int labels(String name) {
        int n = 1;
        for (int i = 0; i < name.length(); i++) {
            n += name.charAt(i) == '.' ? 1 : 0;
        }
        return n;
    }
}
