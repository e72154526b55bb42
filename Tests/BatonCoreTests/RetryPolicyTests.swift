import Testing
@testable import BatonCore
import BatonModel

@Suite("RetryPolicy")
struct RetryPolicyTests {
    func policy(_ taskDefJSON: String, stepRetryCount: Int? = nil) throws -> RetryPolicy {
        var step = WorkflowTask(name: "t", taskReferenceName: "t")
        step.retryCount = stepRetryCount
        return RetryPolicy(definition: try taskDef(taskDefJSON), step: step)
    }

    @Test func conductorDefaults() throws {
        let policy = try policy(#"{"name": "t"}"#)
        #expect(policy.retryCount == 3)
        #expect(policy.logic == .fixed)
        #expect(policy.delaySeconds(after: 0) == 60)
        #expect(policy.delaySeconds(after: 2) == 60)
    }

    @Test func theStepRetryCountOverridesTheDefinition() throws {
        #expect(try policy(#"{"name": "t", "retryCount": 5}"#, stepRetryCount: 1).retryCount == 1)
        #expect(try policy(#"{"name": "t", "retryCount": 5}"#).retryCount == 5)
    }

    @Test func allowsRetryWhileAttemptsRemain() throws {
        let policy = try policy(#"{"name": "t", "retryCount": 2}"#)
        #expect(policy.allowsRetry(after: 0))
        #expect(policy.allowsRetry(after: 1))
        #expect(!policy.allowsRetry(after: 2))
        #expect(try !self.policy(#"{"name": "t", "retryCount": 0}"#).allowsRetry(after: 0))
    }

    @Test func fixedDelay() throws {
        let policy = try policy(#"{"name": "t", "retryLogic": "FIXED", "retryDelaySeconds": 10}"#)
        #expect((0..<4).map(policy.delaySeconds(after:)) == [10, 10, 10, 10])
    }

    @Test func linearBackoff() throws {
        let policy = try policy(#"{"name": "t", "retryLogic": "LINEAR_BACKOFF", "retryDelaySeconds": 5, "backoffScaleFactor": 2}"#)
        #expect((0..<4).map(policy.delaySeconds(after:)) == [10, 20, 30, 40])
    }

    @Test func exponentialBackoff() throws {
        let policy = try policy(#"{"name": "t", "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 5}"#)
        #expect((0..<5).map(policy.delaySeconds(after:)) == [5, 10, 20, 40, 80])
    }

    @Test func maxRetryDelayCapsEveryLogic() throws {
        let exponential = try policy(
            #"{"name": "t", "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 5, "maxRetryDelaySeconds": 15}"#)
        #expect((0..<4).map(exponential.delaySeconds(after:)) == [5, 10, 15, 15])
        let linear = try policy(
            #"{"name": "t", "retryLogic": "LINEAR_BACKOFF", "retryDelaySeconds": 4, "maxRetryDelaySeconds": 10}"#)
        #expect((0..<4).map(linear.delaySeconds(after:)) == [4, 8, 10, 10])
        let fixed = try policy(#"{"name": "t", "retryDelaySeconds": 30, "maxRetryDelaySeconds": 20}"#)
        #expect(fixed.delaySeconds(after: 0) == 20)
    }

    @Test func hugeBackoffDoesNotOverflow() throws {
        var random = SeededRandom(seed: 3)
        let uncapped = try policy(#"{"name": "t", "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 5, "retryCount": 1000}"#)
        #expect(uncapped.delaySeconds(after: 80) > 0)
        #expect(uncapped.delayMilliseconds(after: 80, random: &random) > 0)
        let capped = try policy(
            #"{"name": "t", "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 5, "maxRetryDelaySeconds": 3600}"#)
        #expect(capped.delaySeconds(after: 200) == 3600)
        #expect(capped.delayMilliseconds(after: 200, random: &random) == 3_600_000)
    }

    @Test func millisecondsWithoutJitter() throws {
        var random = SeededRandom(seed: 1)
        let policy = try policy(#"{"name": "t", "retryDelaySeconds": 7}"#)
        #expect(policy.delayMilliseconds(after: 0, random: &random) == 7000)
    }

    @Test func jitterStaysWithinItsBoundsAndVaries() throws {
        var random = SeededRandom(seed: 99)
        let policy = try policy(#"{"name": "t", "retryDelaySeconds": 2, "backoffJitterMs": 500}"#)
        let delays = (0..<300).map { _ in policy.delayMilliseconds(after: 0, random: &random) }
        #expect(delays.allSatisfy { (2000...2500).contains($0) })
        #expect(Set(delays).count > 50)
        #expect(delays.contains { $0 < 2100 } && delays.contains { $0 > 2400 })
    }

    @Test func jitterIsAddedAfterTheCap() throws {
        var random = SeededRandom(seed: 5)
        let policy = try policy(
            #"{"name": "t", "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 10, "maxRetryDelaySeconds": 10, "backoffJitterMs": 100}"#)
        let delays = (0..<50).map { _ in policy.delayMilliseconds(after: 3, random: &random) }
        #expect(delays.allSatisfy { (10_000...10_100).contains($0) })
    }
}
