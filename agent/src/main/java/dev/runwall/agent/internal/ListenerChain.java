package dev.runwall.agent.internal;

import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import dev.runwall.dns.ReleaseRefusedException;
import dev.runwall.dns.Resolution;
import java.util.List;

/**
 * Several proxy listeners as one, called in order. {@code beforeRelease} stops at the first refusal (the
 * answer is withheld anyway); the other moments reach every listener.
 */
public final class ListenerChain implements DnsProxyListener {
    private final List<DnsProxyListener> listeners;

    public ListenerChain(List<DnsProxyListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void queryReceived(QueryContext query) {
        for (DnsProxyListener l : listeners) {
            l.queryReceived(query);
        }
    }

    @Override
    public void beforeWaiting() {
        for (DnsProxyListener l : listeners) {
            l.beforeWaiting();
        }
    }

    @Override
    public void beforeRelease(QueryContext query, Resolution resolution) throws ReleaseRefusedException {
        for (DnsProxyListener l : listeners) {
            l.beforeRelease(query, resolution);
        }
    }

    @Override
    public void queryCompleted(QueryContext query, QueryOutcome outcome) {
        for (DnsProxyListener l : listeners) {
            l.queryCompleted(query, outcome);
        }
    }
}
