package dev.runwall.workflow.internal.refs;

import dev.runwall.workflow.GitHubEndpoint;
import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RepoRefs;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Lists a repository's tags and branches in one request over the git smart-HTTP protocol (JGit's
 * {@code ls-remote}); annotated tags come peeled from the server ({@code ^{}}), nested ones too.
 */
public final class GitLsRemote {
    private final GitHubEndpoint endpoint;
    private final int timeoutSeconds;

    public GitLsRemote(GitHubEndpoint endpoint, int timeoutSeconds) {
        this.endpoint = endpoint;
        this.timeoutSeconds = timeoutSeconds;
    }

    public RepoRefs list(String ownerRepo) throws RefResolutionException {
        String url = endpoint.serverUrl() + "/" + ownerRepo + ".git";
        Collection<Ref> refs;
        try {
            var command = Git.lsRemoteRepository().setRemote(url).setHeads(true).setTags(true).setTimeout(timeoutSeconds);
            if (endpoint.token() != null) {
                command.setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", endpoint.token()));
            }
            refs = command.call();
        } catch (InvalidRemoteException e) {
            throw new RefResolutionException("git: " + ownerRepo + " not found at " + endpoint.serverUrl(), e);
        } catch (TransportException e) {
            throw new RefResolutionException("git: cannot list the refs of " + ownerRepo + " at " + endpoint.serverUrl()
                    + " (" + firstLine(e.getMessage()) + ")" + (endpoint.token() == null
                            ? "; if the repository is private, set GITHUB_TOKEN" : ""), e);
        } catch (GitAPIException | RuntimeException e) {
            throw new RefResolutionException("git: listing the refs of " + ownerRepo + " failed: " + firstLine(e.getMessage()), e);
        }
        Map<String, String> tags = new HashMap<>();
        Map<String, String> branches = new HashMap<>();
        for (Ref ref : refs) {
            ObjectId peeled = ref.getPeeledObjectId();
            ObjectId id = peeled != null ? peeled : ref.getObjectId();
            if (id == null) {
                continue;
            }
            String name = ref.getName();
            if (name.startsWith("refs/tags/")) {
                tags.put(name.substring("refs/tags/".length()), id.name());
            } else if (name.startsWith("refs/heads/")) {
                branches.put(name.substring("refs/heads/".length()), id.name());
            }
        }
        return new RepoRefs(tags, branches);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
