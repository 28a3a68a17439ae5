package dev.runwall.workflow.internal.pin;

import dev.runwall.workflow.ImageDigests;
import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RepoRefs;
import dev.runwall.workflow.Rule;
import dev.runwall.workflow.internal.FileContext;
import dev.runwall.workflow.internal.model.Job;
import dev.runwall.workflow.internal.model.Step;
import dev.runwall.workflow.internal.model.UsesRef;
import dev.runwall.workflow.internal.patch.ExpectedChange;
import dev.runwall.workflow.internal.patch.ScalarText;
import dev.runwall.workflow.internal.patch.TextEdit;
import dev.runwall.workflow.internal.refs.MemoRefs;
import dev.runwall.workflow.internal.yaml.YamlScalar;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pins every {@code uses: owner/repo[/path]@ref} to the commit SHA with the most specific tag as a
 * comment, and checks and repairs the version comment of references already pinned.
 */
public final class Pinner {
    private final MemoRefs refs;
    private final ImageDigests digests;
    private final Map<String, Object> digestMemo = new ConcurrentHashMap<>();

    public Pinner(MemoRefs refs, ImageDigests digests) {
        this.refs = refs;
        this.digests = digests;
    }

    public void plan(FileContext ctx) {
        for (Job job : ctx.workflow().jobs()) {
            if (job.uses() != null) {
                pin(ctx, job.uses());
            }
        }
        for (Step step : ctx.workflow().allSteps()) {
            if (step.uses() != null) {
                pin(ctx, step.uses());
            }
        }
    }

    private void pin(FileContext ctx, YamlScalar uses) {
        if (!ctx.claim(uses)) {
            return;
        }
        switch (UsesRef.parse(uses.value())) {
            case UsesRef.Local l -> { }
            case UsesRef.Docker d -> pinImage(ctx, uses, d.image());
            case UsesRef.Invalid i -> ctx.report(Rule.INVALID_REFERENCE, "'" + i.text() + "': " + i.reason(), uses, false);
            case UsesRef.Remote r -> pinRemote(ctx, uses, r);
        }
    }

    private void pinImage(FileContext ctx, YamlScalar uses, String image) {
        if (image.contains("@sha256:")) {
            return;
        }
        Object found = digestMemo.computeIfAbsent(image, i -> {
            try {
                return digests.digest(i).<Object>map(x -> x).orElse("no digest found (offline, or an unknown image)");
            } catch (IOException e) {
                return new IOException(e.getMessage());
            }
        });
        String message = "docker://" + image + " is not pinned to a digest";
        if (!(found instanceof String digest) || !digest.startsWith("sha256:")) {
            String why = found instanceof IOException e ? "the registry could not be asked: " + e.getMessage() : (String) found;
            ctx.report(Rule.DOCKER_IMAGE_UNPINNED, message + "; " + why + "; pin it by hand or run online", uses, false);
            return;
        }
        String newValue = "docker://" + image + "@" + digest;
        String written = ScalarText.render(uses.style(), newValue);
        if (!ctx.options().pin() || written == null || uses.span().line() != ctx.source().lineOf(uses.span().end())) {
            ctx.report(Rule.DOCKER_IMAGE_UNPINNED, message + " (" + digest + ")", uses, false);
            return;
        }
        ctx.patch().add(new ExpectedChange.ScalarValue(uses, newValue),
                new TextEdit(uses.span().valueStart(), uses.span().end(), written));
        ctx.report(Rule.DOCKER_IMAGE_UNPINNED, message + "; pinned to " + digest, uses, true);
    }

    private void pinRemote(FileContext ctx, YamlScalar uses, UsesRef.Remote ref) {
        RepoRefs repo;
        try {
            repo = refs.refs(ref.repoKey());
        } catch (RefResolutionException e) {
            String what = ref.pinned() ? "cannot check the version comment of " : "cannot pin ";
            ctx.report(Rule.UNRESOLVED_REFERENCE, what + ref + ": " + e.getMessage(), uses, false);
            return;
        }
        VersionCommentSlot slot = VersionCommentSlot.of(ctx, uses);
        if (ref.pinned()) {
            checkVersionComment(ctx, uses, ref, repo, slot);
            return;
        }
        Optional<RepoRefs.Resolved> resolved = repo.resolve(ref.ref());
        if (resolved.isEmpty()) {
            ctx.report(Rule.UNRESOLVED_REFERENCE, ref + ": no tag or branch '" + ref.ref() + "' in " + ref.repoKey()
                    + "; use an existing tag or a full commit SHA", uses, false);
            return;
        }
        RepoRefs.Resolved target = resolved.get();
        String message = ref + " is not pinned to a commit SHA (" + target.comment() + " is " + target.sha() + ")";
        if (!ctx.options().pin()) {
            ctx.report(Rule.UNPINNED_REFERENCE, message, uses, false);
            return;
        }
        String newValue = ref.withRef(target.sha()).toString();
        String written = uses.span().line() == ctx.source().lineOf(uses.span().end())
                ? ScalarText.render(uses.style(), newValue) : null;
        if (written == null) {
            ctx.report(Rule.UNPINNED_REFERENCE, message + "; not edited: the value is not a one-line plain or quoted scalar",
                    uses, false);
            return;
        }
        ctx.patch().add(new ExpectedChange.ScalarValue(uses, newValue),
                new TextEdit(uses.span().valueStart(), uses.span().end(), written));
        ctx.report(Rule.UNPINNED_REFERENCE, message, uses, true);
        if (slot.usable()) {
            addVersionComment(ctx, slot, repo, target.comment());
        } else {
            ctx.report(Rule.MISSING_VERSION_COMMENT, ref.action() + "@" + target.sha().substring(0, 12) + "… is "
                    + target.comment() + "; the version comment cannot be placed: " + slot.problem(), uses, false);
        }
    }

    private static void addVersionComment(FileContext ctx, VersionCommentSlot slot, RepoRefs repo, String version) {
        TrailingComment comment = slot.comment();
        if (comment.kind() == TrailingComment.Kind.COMMENT && comment.versionFor(repo) != null) {
            ctx.patch().addCommentEdit(new TextEdit(comment.versionStart(), comment.versionEnd(), version));
        } else {
            // keep every other comment on the line (e.g. "# zizmor: ignore[...]") after ours
            ctx.patch().addCommentEdit(TextEdit.insert(slot.offset(), " # " + version));
        }
    }

    private static void checkVersionComment(FileContext ctx, YamlScalar uses, UsesRef.Remote ref, RepoRefs repo,
            VersionCommentSlot slot) {
        String sha = ref.ref();
        Optional<String> best = repo.mostSpecificTag(sha, null).or(() -> branchAt(repo, sha));
        if (!slot.usable()) {
            if (best.isPresent()) {
                ctx.report(Rule.MISSING_VERSION_COMMENT, ref.action() + "@" + sha.substring(0, 12) + "… is " + best.get()
                        + "; a version comment cannot be placed or checked: " + slot.problem(), uses, false);
            }
            return;
        }
        TrailingComment comment = slot.comment();
        String stated = comment.versionFor(repo);
        if (stated != null) {
            if (repo.names(stated, sha)) {
                return;
            }
            String message = ref.action() + "@" + sha.substring(0, 12) + "…: the comment says " + stated
                    + (repo.knows(stated) ? ", which points at another commit" : ", which is not a tag or branch");
            boolean fix = best.isPresent() && ctx.options().pin();
            if (fix) {
                ctx.patch().addCommentEdit(new TextEdit(comment.versionStart(), comment.versionEnd(), best.get()));
            }
            ctx.report(Rule.STALE_VERSION_COMMENT, message + (best.isPresent() ? "; the commit is " + best.get()
                    : "; no tag or branch points at the commit"), uses, fix);
            return;
        }
        if (best.isPresent()) {
            boolean fix = ctx.options().pin();
            if (fix) {
                addVersionComment(ctx, slot, repo, best.get());
            }
            ctx.report(Rule.MISSING_VERSION_COMMENT, ref.action() + "@" + sha.substring(0, 12) + "… is "
                    + best.get() + "; the line has no version comment", uses, fix);
        }
    }

    private static Optional<String> branchAt(RepoRefs repo, String sha) {
        return repo.branches().entrySet().stream().filter(e -> e.getValue().equals(sha)).map(e -> e.getKey())
                .sorted().findFirst();
    }
}
