package dev.runwall.agent.step;

/**
 * Who a GitHub Actions step is, as the runner tells its step process through the environment.
 *
 * @param action {@code GITHUB_ACTION}: {@code __run}, {@code __run_2}, {@code __actions_checkout} or the
 *     step's {@code id}; the steps of a composite action carry their composite step's value. The step id.
 * @param repository {@code GITHUB_ACTION_REPOSITORY} ({@code actions/checkout}), empty for {@code run:}
 * @param ref {@code GITHUB_ACTION_REF} ({@code v4}), empty for {@code run:}
 */
public record RunnerStepIdentity(String action, String repository, String ref) {
    /** A readable step name: {@code owner/repo@ref} for an action, else the {@code GITHUB_ACTION} value. */
    public String displayName() {
        if (repository != null && !repository.isEmpty()) {
            return repository + (ref == null || ref.isEmpty() ? "" : "@" + ref);
        }
        return action;
    }
}
