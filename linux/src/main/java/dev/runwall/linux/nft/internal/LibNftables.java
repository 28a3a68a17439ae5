package dev.runwall.linux.nft.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Downcall handles into {@code libnftables.so.1} (Debian package {@code libnftables1}, which the
 * {@code nftables} package depends on). The library is loaded once per JVM and never unloaded.
 *
 * <p>Calls on one context must not overlap: libnftables contexts are not thread-safe, callers
 * serialise (see {@code Nft}).
 */
@SuppressWarnings("restricted") // the point of this class; the JVM runs with --enable-native-access
public final class LibNftables {
    public static final String LIBRARY = "libnftables.so.1";
    public static final int OUTPUT_JSON = 1 << 4;
    public static final int OUTPUT_HANDLE = 1 << 3;
    public static final int OUTPUT_ECHO = 1 << 5;

    private final MethodHandle ctxNew;
    private final MethodHandle ctxFree;
    private final MethodHandle bufferOutput;
    private final MethodHandle bufferError;
    private final MethodHandle outputBuffer;
    private final MethodHandle errorBuffer;
    private final MethodHandle runCommand;
    private final MethodHandle getOutputFlags;
    private final MethodHandle setOutputFlags;

    private LibNftables(SymbolLookup library) {
        Linker linker = Linker.nativeLinker();
        ctxNew = handle(linker, library, "nft_ctx_new", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        ctxFree = handle(linker, library, "nft_ctx_free", FunctionDescriptor.ofVoid(ADDRESS));
        bufferOutput = handle(linker, library, "nft_ctx_buffer_output", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        bufferError = handle(linker, library, "nft_ctx_buffer_error", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        outputBuffer = handle(linker, library, "nft_ctx_get_output_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        errorBuffer = handle(linker, library, "nft_ctx_get_error_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        runCommand = handle(linker, library, "nft_run_cmd_from_buffer", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getOutputFlags = handle(linker, library, "nft_ctx_output_get_flags", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setOutputFlags = handle(linker, library, "nft_ctx_output_set_flags", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    }

    /** Loads the library, or returns empty when it is not installed. */
    public static Optional<LibNftables> load() {
        try {
            return Optional.of(new LibNftables(SymbolLookup.libraryLookup(LIBRARY, Arena.global())));
        } catch (IllegalArgumentException notFound) {
            return Optional.empty();
        }
    }

    /** {@code nft_ctx_new(NFT_CTX_DEFAULT)}; NULL on allocation failure. */
    public MemorySegment newContext() {
        try {
            return (MemorySegment) ctxNew.invokeExact(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void freeContext(MemorySegment ctx) {
        try {
            ctxFree.invokeExact(ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Makes output and errors go to in-memory buffers instead of stdout/stderr. */
    public int bufferOutputAndErrors(MemorySegment ctx) {
        try {
            int rc = (int) bufferOutput.invokeExact(ctx);
            return rc != 0 ? rc : (int) bufferError.invokeExact(ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code nft_run_cmd_from_buffer}: 0 on success. */
    public int run(MemorySegment ctx, MemorySegment commandText) {
        try {
            return (int) runCommand.invokeExact(ctx, commandText);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Output buffered since the previous call (libnftables rewinds the buffer when it is read). */
    public String takeOutput(MemorySegment ctx) {
        try {
            return text((MemorySegment) outputBuffer.invokeExact(ctx));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public String takeErrors(MemorySegment ctx) {
        try {
            return text((MemorySegment) errorBuffer.invokeExact(ctx));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int outputFlags(MemorySegment ctx) {
        try {
            return (int) getOutputFlags.invokeExact(ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void setOutputFlags(MemorySegment ctx, int flags) {
        try {
            setOutputFlags.invokeExact(ctx, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static String text(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup library, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no symbol " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("libnftables call failed", t);
    }
}
