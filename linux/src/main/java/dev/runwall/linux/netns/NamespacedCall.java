package dev.runwall.linux.netns;

/**
 * Work to run inside another network namespace. Like {@link java.util.concurrent.Callable}, but the
 * checked exception it throws reaches the caller unchanged.
 */
@FunctionalInterface
public interface NamespacedCall<T, E extends Exception> {
    T call() throws E;
}
