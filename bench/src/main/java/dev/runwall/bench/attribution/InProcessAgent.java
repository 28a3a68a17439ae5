package dev.runwall.bench.attribution;

/** What {@link Overhead} runs in its own JVM beside a job: the attribution stack, or the audit floor. */
interface InProcessAgent extends AutoCloseable {
    /** Waits until what the job caused has been taken in. */
    void drain() throws InterruptedException;

    /** Network syscalls audit delivered so far: the job's, plus any of other work on the host. */
    long auditedNetworkSyscalls();
}
