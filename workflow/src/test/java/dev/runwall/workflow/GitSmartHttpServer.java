package dev.runwall.workflow;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A git smart-HTTP server on 127.0.0.1 (JGit's GitServlet in Jetty) holding fake action
 * repositories, with a fault switch for the failure tests. Nothing leaves the machine.
 */
final class GitSmartHttpServer implements AutoCloseable {
    /** What the server does to git requests. */
    enum Fault { NONE, SERVER_ERROR, NOT_FOUND }

    private final Path root;
    private final Map<String, Repository> repos = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private final Server server;
    private final String contextPath;

    GitSmartHttpServer(Path root, String contextPath) throws Exception {
        this.root = root;
        this.contextPath = contextPath;
        GitServlet git = new GitServlet();
        git.setRepositoryResolver((req, name) -> {
            Repository r = repos.get(name.replaceAll("\\.git$", ""));
            if (r == null) {
                throw new RepositoryNotFoundException(name);
            }
            r.incrementOpen();
            return r;
        });
        ServletContextHandler context = new ServletContextHandler(contextPath);
        Filter faults = (req, resp, chain) -> {
            requests.incrementAndGet();
            switch (fault) {
                case SERVER_ERROR -> ((HttpServletResponse) resp).sendError(500, "injected failure");
                case NOT_FOUND -> ((HttpServletResponse) resp).sendError(404, "injected not found");
                case NONE -> chain.doFilter(req, resp);
            }
        };
        context.addFilter(new FilterHolder(faults), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(git), "/*");
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(context);
        server.start();
    }

    URI url() {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return URI.create("http://127.0.0.1:" + port + contextPath);
    }

    void fault(Fault f) {
        fault = f;
    }

    int requests() {
        return requests.get();
    }

    /** A repository {@code ownerRepo} with one commit per entry of {@code commits}; returns the helper to tag them. */
    FakeRepo create(String ownerRepo) throws Exception {
        Path dir = Files.createDirectories(root.resolve(ownerRepo));
        Git g = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        // an identity in the config keeps JGit from looking up the host name (slow without DNS)
        var config = g.getRepository().getConfig();
        config.setString("user", null, "name", "t");
        config.setString("user", null, "email", "t@example.invalid");
        config.save();
        repos.put(ownerRepo, g.getRepository());
        return new FakeRepo(g);
    }

    /** Commits, tags and branches of one fake repository. */
    static final class FakeRepo {
        private final Git git;

        FakeRepo(Git git) {
            this.git = git;
        }

        RevCommit commit(String message) throws Exception {
            return git.commit().setMessage(message).setAllowEmpty(true).setAuthor("t", "t@example.invalid")
                    .setCommitter("t", "t@example.invalid").setSign(false).call();
        }

        void lightweightTag(String name, RevCommit at) throws Exception {
            git.tag().setName(name).setObjectId(at).setAnnotated(false).call();
        }

        RevTag annotatedTag(String name, RevCommit at) throws Exception {
            git.tag().setName(name).setObjectId(at).setAnnotated(true).setMessage("release " + name)
                    .setTagger(new org.eclipse.jgit.lib.PersonIdent("t", "t@example.invalid")).setSigned(false).call();
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                return walk.parseTag(git.getRepository().resolve("refs/tags/" + name));
            }
        }

        /** A tag whose object is another tag: peeling must go through both. */
        void nestedTag(String name, RevTag inner) throws Exception {
            git.tag().setName(name).setObjectId(inner).setAnnotated(true).setMessage("nested " + name)
                    .setTagger(new org.eclipse.jgit.lib.PersonIdent("t", "t@example.invalid")).setSigned(false).call();
        }

        void branch(String name, RevCommit at) throws Exception {
            git.branchCreate().setName(name).setStartPoint(at).setForce(true).call();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        repos.values().forEach(Repository::close);
    }
}
