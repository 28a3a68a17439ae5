package dev.runwall.workflow;

import java.io.IOException;
import java.util.Optional;

/** Where {@code docker://image:tag} references get their content digest ({@code sha256:…}). */
public interface ImageDigests {
    /** Never finds a digest: images are reported, not pinned (offline). */
    ImageDigests NONE = image -> Optional.empty();

    /** The digest {@code image} (as written after {@code docker://}) points at now, empty when unknown. */
    Optional<String> digest(String image) throws IOException;
}
