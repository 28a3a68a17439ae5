package dev.runwall.workflow;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/** An HTTP client built on first use: building one sets up TLS, which a run served from the cache never needs. */
final class LazyHttpClient implements Supplier<HttpClient> {
    private volatile HttpClient client;

    static Supplier<HttpClient> standard() {
        return new LazyHttpClient();
    }

    @Override
    public HttpClient get() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    client = c;
                }
            }
        }
        return c;
    }
}
