import Testing
@testable import BatonCore
import BatonModel

@Suite("Task limits")
struct TaskLimitsTests {
    @Test func aDefinitionWithoutLimitsHasNone() throws {
        #expect(TaskLimits(try taskDef(#"{"name": "t"}"#)) == nil)
        #expect(TaskLimits(try taskDef(#"{"name": "t"}"#).withDefaults()) == nil)
        #expect(TaskLimits(try taskDef(#"{"name": "t", "concurrentExecLimit": 0, "rateLimitPerFrequency": 0}"#)) == nil)
        #expect(TaskLimits(try taskDef(#"{"name": "t", "rateLimitPerFrequency": 5, "rateLimitFrequencyInSeconds": 0}"#)) == nil)
    }

    @Test func theConcurrencyLimitLeavesWhatIsNotInProgress() throws {
        let limits = try #require(TaskLimits(try taskDef(#"{"name": "t", "concurrentExecLimit": 2}"#)))
        #expect(limits.allowance(5, inProgress: 0, startedInWindow: 100) == 2)
        #expect(limits.allowance(5, inProgress: 1, startedInWindow: 0) == 1)
        #expect(limits.allowance(5, inProgress: 2, startedInWindow: 0) == 0)
        #expect(limits.allowance(1, inProgress: 0, startedInWindow: 0) == 1)
        // Lowered while more run: nothing, rather than a negative count.
        #expect(limits.allowance(5, inProgress: 4, startedInWindow: 0) == 0)
    }

    @Test func theRateLimitCountsStartsInTheWindow() throws {
        let limits = try #require(TaskLimits(try taskDef(#"{"name": "t", "rateLimitPerFrequency": 3, "rateLimitFrequencyInSeconds": 2}"#)))
        #expect(limits.windowStart(at: 10_000) == 8_001)
        #expect(limits.allowance(5, inProgress: 50, startedInWindow: 0) == 3)
        #expect(limits.allowance(5, inProgress: 0, startedInWindow: 2) == 1)
        #expect(limits.allowance(5, inProgress: 0, startedInWindow: 3) == 0)
    }

    @Test func theRateWindowDefaultsToOneSecond() throws {
        let limits = try #require(TaskLimits(try taskDef(#"{"name": "t", "rateLimitPerFrequency": 1}"#)))
        #expect(limits.windowStart(at: 10_000) == 9_001)
    }

    @Test func bothLimitsApplyTogether() throws {
        let limits = try #require(TaskLimits(try taskDef(
            #"{"name": "t", "concurrentExecLimit": 4, "rateLimitPerFrequency": 3, "rateLimitFrequencyInSeconds": 60}"#)))
        #expect(limits.allowance(10, inProgress: 0, startedInWindow: 0) == 3)
        #expect(limits.allowance(10, inProgress: 3, startedInWindow: 1) == 1)
        #expect(limits.allowance(10, inProgress: 0, startedInWindow: 3) == 0)
    }
}
