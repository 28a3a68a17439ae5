package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableHashesTest {
    @TempDir Path tmp;

    @Test
    void eachVersionOfAFileIsHashedOnce() throws Exception {
        Path exe = tmp.resolve("tool");
        Files.writeString(exe, "abc");
        ExecutorService workers = Executors.newSingleThreadExecutor();
        ExecutableHashes hashes = new ExecutableHashes(tmp.resolve("proc"), workers);
        hashes.request(1, exe.toString());
        hashes.request(2, exe.toString());
        workers.shutdown();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hashes.lookup(exe.toString()))
                .hasValue("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // SHA-256("abc")
        assertThat(hashes.computed()).isEqualTo(1);
        assertThat(hashes.lookup("/no/such/exe")).isEmpty();
    }
}
