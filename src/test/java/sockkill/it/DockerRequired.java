package sockkill.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs container tests only where a Docker engine answers. Where CI asks for them
 * (SOCKKILL_REQUIRE_DOCKER=1, set by .ci/run) a missing engine fails the build; on a developer's
 * machine without Docker the tests are skipped with a one-line reason.
 */
final class DockerRequired implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        if ("1".equals(System.getenv("SOCKKILL_REQUIRE_DOCKER"))) {
            throw new AssertionError("no Docker engine answers, and SOCKKILL_REQUIRE_DOCKER=1 says the container "
                    + "tests must run (is dockerd started?)");
        }
        return ConditionEvaluationResult.disabled("no Docker engine: the container tests need one "
                + "(set SOCKKILL_REQUIRE_DOCKER=1 to make this an error)");
    }
}
