package dev.runwall.dns.internal.cache;

import static dev.runwall.dns.Messages.name;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

class ResponseCacheTest {
    private long now = 1_000_000_000_000L;
    private final MonotonicClock clock = () -> now;

    private static CacheKey key(String n) {
        return new CacheKey(name(n), Type.A, DClass.IN, false, false);
    }

    private void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    @Test
    void servesUntilTheTtlRunsOutWithTheAgeInWholeSeconds() {
        ResponseCache<String> cache = new ResponseCache<>(10, clock);
        cache.put(key("a.example"), "answer", 30);

        advanceMillis(29_999);
        ResponseCache.Hit<String> hit = cache.get(key("a.example"));
        advanceMillis(1);
        ResponseCache.Hit<String> expired = cache.get(key("a.example"));

        assertThat(hit.value()).isEqualTo("answer");
        assertThat(hit.ageSeconds()).isEqualTo(29);
        assertThat(expired).isNull();
        assertThat(cache.size()).as("expired entries are removed").isZero();
    }

    @Test
    void keysIgnoreLetterCaseButNotTypeClassOrDnssecBits() {
        ResponseCache<String> cache = new ResponseCache<>(10, clock);
        cache.put(key("A.Example"), "answer", 30);

        assertThat(cache.get(key("a.example"))).isNotNull();
        assertThat(cache.get(new CacheKey(name("a.example"), Type.AAAA, DClass.IN, false, false))).isNull();
        assertThat(cache.get(new CacheKey(name("a.example"), Type.A, DClass.CH, false, false))).isNull();
        assertThat(cache.get(new CacheKey(name("a.example"), Type.A, DClass.IN, true, false))).isNull();
        assertThat(cache.get(new CacheKey(name("a.example"), Type.A, DClass.IN, false, true))).isNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondCapacity() {
        ResponseCache<String> cache = new ResponseCache<>(2, clock);
        cache.put(key("a.example"), "a", 30);
        cache.put(key("b.example"), "b", 30);
        cache.get(key("a.example"));
        cache.put(key("c.example"), "c", 30);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(key("b.example"))).isNull();
        assertThat(cache.get(key("a.example"))).isNotNull();
        assertThat(cache.get(key("c.example"))).isNotNull();
    }

    @Test
    void zeroTtlAndZeroCapacityStoreNothing() {
        ResponseCache<String> cache = new ResponseCache<>(10, clock);
        ResponseCache<String> off = new ResponseCache<>(0, clock);
        cache.put(key("a.example"), "a", 0);
        off.put(key("a.example"), "a", 30);

        assertThat(cache.get(key("a.example"))).isNull();
        assertThat(off.get(key("a.example"))).isNull();
    }
}
