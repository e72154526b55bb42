import Testing
@testable import BatonCore
import BatonModel

@Suite("Task domains")
struct TaskDomainTests {
    /// Workers of `taskType` polled lately in `domains`; a poll at the cutoff is too old.
    func active(_ taskType: String, _ domains: [String], stale: [String] = []) -> ActiveDomains {
        var polls = Dictionary(uniqueKeysWithValues: domains.map { ($0, 2_000) })
        for domain in stale { polls[domain] = 1_000 }
        return ActiveDomains(lastPolls: [taskType: polls], cutoff: 1_000)
    }

    func domain(_ taskToDomain: [String: String], _ active: ActiveDomains, taskType: String = "t") -> String? {
        TaskDomains.domain(for: taskType, in: taskToDomain, active: active)
    }

    @Test func theFirstDomainWithAnActiveWorkerWins() {
        let list = ["t": "a,b,NO_DOMAIN"]
        #expect(domain(list, active("t", ["b"])) == "b")
        #expect(domain(list, active("t", ["a", "b"])) == "a")
        #expect(domain(list, active("t", ["b"], stale: ["a"])) == "b")
    }

    @Test func withNoActiveWorkerTheLastEntryDecides() {
        #expect(domain(["t": "a,b,NO_DOMAIN"], ActiveDomains()) == nil)
        #expect(domain(["t": "a, b"], ActiveDomains()) == "b")
        #expect(domain(["t": "a,b,no_domain"], active("t", [], stale: ["a", "b"])) == nil)
        #expect(domain(["t": "NO_DOMAIN"], active("t", ["NO_DOMAIN"])) == nil)
    }

    @Test func aSingleDomainIsThatDomainWhoeverPolls() {
        #expect(domain(["t": "a"], ActiveDomains()) == "a")
        #expect(!TaskDomains.dependsOnWorkers(["t": "a", "*": " b "]))
        #expect(TaskDomains.dependsOnWorkers(["t": "a", "*": "b,NO_DOMAIN"]))
    }

    @Test func workersOfAnotherTaskTypeDoNotCount() {
        #expect(domain(["t": "a,b"], active("other", ["a"])) == "b")
    }

    @Test func theTaskTypesOwnEntryWinsOverTheStar() {
        let map = ["*": "x,y", "t": "a,NO_DOMAIN"]
        #expect(domain(map, active("t", ["x"])) == nil)
        #expect(domain(map, active("u", ["x"]), taskType: "u") == "x")
        #expect(domain(map, ActiveDomains(), taskType: "u") == "y")
        #expect(domain(["t": "a"], ActiveDomains(), taskType: "u") == nil)
    }

    @Test func eachStepAndEachRetryIsQueuedWhereWorkersPollAtThatTime() throws {
        let definitions = [try taskDef(#"{"name": "reserve", "retryCount": 1, "retryDelaySeconds": 0}"#)]
        var harness = Harness(
            try orderDefinition(), taskToDomain: ["*": "blue,green,NO_DOMAIN"], taskDefs: definitions)
        harness.environment.activeDomains = active("reserve", ["green"])
        let start = try harness.start()
        #expect(start.enqueued.map(\.queueName) == ["green:reserve"])
        harness.environment.activeDomains = active("reserve", ["blue"])
        let retry = try harness.fail("reserve")
        #expect(harness.attempts("reserve").map(\.domain) == ["green", "blue"])
        #expect(retry.enqueued.map(\.queueName) == ["blue:reserve"])
        harness.environment.activeDomains = ActiveDomains()
        try harness.run("reserve")
        #expect(try harness.latest("charge").domain == nil)
    }

    @Test func aRerunTaskIsQueuedWhereWorkersPollNow() throws {
        var harness = Harness(try orderDefinition(), taskToDomain: ["reserve": "blue,green"])
        harness.environment.activeDomains = active("reserve", ["blue"])
        try harness.start()
        for step in ["reserve", "charge", "ship"] { try harness.run(step) }
        harness.environment.activeDomains = active("reserve", ["green"])
        let rerun = try harness.send(.rerun(RerunWorkflowRequest(reRunFromTaskId: try harness.latest("reserve").taskId)))
        #expect(rerun.enqueued.map(\.queueName) == ["green:reserve"])
    }
}
