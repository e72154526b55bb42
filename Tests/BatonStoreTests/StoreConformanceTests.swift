import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// The one store suite: every case runs against each real database in ``StoreKind``.
@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("task definitions: save, read, replace, delete", arguments: StoreKind.allCases)
    func taskDefinitions(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            var definition = TaskDef(name: "charge")
            definition.retryCount = 2
            definition.extra["inputSchema"] = ["name": "charge-input", "version": 1]
            try await store.saveTaskDefs([definition, TaskDef(name: "ship")])
            #expect(try await store.taskDef(named: "charge") == definition)
            definition.retryCount = 5
            try await store.saveTaskDefs([definition])
            #expect(try await store.taskDef(named: "charge")?.retryCount == 5)
            #expect(try await store.taskDefs().map(\.name) == ["charge", "ship"])
            #expect(try await store.deleteTaskDef(named: "ship"))
            #expect(try await !store.deleteTaskDef(named: "ship"))
            #expect(try await store.taskDef(named: "ship") == nil)
        }
    }

    @Test("workflow definitions: versions, latest, overwrite conflict", arguments: StoreKind.allCases)
    func workflowDefinitions(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            try await store.saveWorkflowDef(Fixtures.definition(version: 1), overwrite: false)
            try await store.saveWorkflowDef(Fixtures.definition(version: 2, steps: ["a"]), overwrite: false)
            await #expect(throws: StoreError.self) {
                try await store.saveWorkflowDef(Fixtures.definition(version: 2), overwrite: false)
            }
            #expect(try await store.workflowDef(named: "order", version: nil)?.version == 2)
            #expect(try await store.workflowDef(named: "order", version: 1)?.tasks.count == 2)
            try await store.saveWorkflowDef(Fixtures.definition(version: 2, steps: ["a", "b", "c"]), overwrite: true)
            #expect(try await store.workflowDef(named: "order", version: 2)?.tasks.count == 3)
            #expect(try await store.workflowDefs().count == 2)
            #expect(try await store.deleteWorkflowDef(named: "order", version: 2))
            #expect(try await store.workflowDef(named: "order", version: nil)?.version == 1)
        }
    }

    @Test("a commit writes state, queue entries, wake-up and change log together", arguments: StoreKind.allCases)
    func commitTogether(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (decision, commit) = try Fixtures.started()
            #expect(try await store.commit([commit]) == [.committed(revision: 1)])
            let stored = try #require(try await store.execution(id: decision.workflow.workflowId))
            #expect(stored.workflow == decision.workflow)
            #expect(stored.revision == 1)
            #expect(try await store.queueSizes() == ["reserve": 1])
            let changes = try await store.changes(after: 0, limit: 10)
            #expect(changes.map(\.event.kind) == [.workflow, .task])
            #expect(changes.map(\.event.status) == ["RUNNING", "SCHEDULED"])
            #expect(try await store.workflowId(ofTask: decision.workflow.tasks[0].taskId) == decision.workflow.workflowId)
        }
    }

    @Test("a stale commit changes nothing, and fails alone in its batch", arguments: StoreKind.allCases)
    func staleCommit(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (first, create) = try Fixtures.started()
            let (other, createOther) = try Fixtures.started()
            _ = try await store.commit([create])
            let stored = try #require(try await store.execution(id: first.workflow.workflowId))
            let taskId = stored.workflow.tasks[0].taskId
            let (_, poll) = try Fixtures.next(stored, .taskPolled(taskId: taskId, workerId: "w1"))
            let (_, terminate) = try Fixtures.next(stored, .terminate(reason: "stop"))
            let before = try await store.changes(after: 0, limit: 100).count
            let outcomes = try await store.commit([poll, terminate, createOther])
            #expect(outcomes == [.committed(revision: 2), .conflict, .committed(revision: 1)])
            let after = try #require(try await store.execution(id: first.workflow.workflowId))
            #expect(after.workflow.status == .running)
            #expect(after.workflow.tasks[0].status == .inProgress)
            #expect(try await store.execution(id: other.workflow.workflowId) != nil)
            let written = try await store.changes(after: 0, limit: 100).count - before
            #expect(written == poll.changes.count + createOther.changes.count)
            #expect(try await store.commit([create]) == [.conflict])
        }
    }

    @Test("a stale commit in a batch writes no queue entry, index row, log, wake-up or change", arguments: StoreKind.allCases)
    func staleCommitWritesNothing(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (first, create) = try Fixtures.started()
            _ = try await store.commit([create])
            let stored = try #require(try await store.execution(id: first.workflow.workflowId))
            let taskId = stored.workflow.tasks[0].taskId
            try await store.appendTaskLogs([TaskExecLog(log: "kept", taskId: taskId, createdTime: 1)])
            // A commit carrying every kind of write, decided on a revision the execution no longer has.
            var (_, stale) = try Fixtures.next(stored, .terminate(reason: "stop"))
            stale.expectedRevision = stored.revision + 7
            stale.effects += [
                .enqueue(QueueEntry(taskId: "stale-task", workflowId: first.workflow.workflowId, taskType: "stale",
                                    domain: nil, priority: 0, visibleAt: 0)),
                .dequeue(taskId: taskId),
            ]
            stale.wakeAt = 1
            stale.taskLogs = [TaskExecLog(log: "stale", taskId: taskId, createdTime: 2)]
            stale.removedTaskIds = [taskId]
            let (second, createSecond) = try Fixtures.started(Fixtures.definition("refund", steps: ["refund"]))
            let before = try await store.changes(after: 0, limit: 100)

            #expect(try await store.commit([stale, createSecond]) == [.conflict, .committed(revision: 1)])

            let after = try #require(try await store.execution(id: first.workflow.workflowId))
            #expect(after.revision == stored.revision)
            #expect(after.workflow == stored.workflow)
            #expect(try await store.queueSizes() == ["reserve": 1, "refund": 1])
            #expect(try await store.taskLogs(taskId: taskId).map(\.log) == ["kept"])
            #expect(try await store.workflowId(ofTask: taskId) == first.workflow.workflowId)
            #expect(try await store.nextWakeUp() != 1)
            let written = try await store.changes(after: before.last?.sequence ?? 0, limit: 100)
            #expect(written.map(\.event.workflowId) == createSecond.changes.map { _ in second.workflow.workflowId })
        }
    }

    @Test("claims: priority first, visible only, never the same entry twice while leased", arguments: StoreKind.allCases)
    func claims(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let definition = Fixtures.definition(steps: ["work"])
            var ids: [String: Int] = [:]
            for priority in [0, 5, 9] {
                let (decision, commit) = try Fixtures.started(definition, priority: priority)
                _ = try await store.commit([commit])
                ids[decision.workflow.workflowId] = priority
            }
            let first = try await store.claim(taskType: "work", domain: nil, count: 2, now: 5_000, leaseMillis: 1_000)
            #expect(first.map { ids[$0.workflowId] } == [9, 5])
            async let a = store.claim(taskType: "work", domain: nil, count: 5, now: 5_000, leaseMillis: 1_000)
            async let b = store.claim(taskType: "work", domain: nil, count: 5, now: 5_000, leaseMillis: 1_000)
            let concurrent = try await a + b
            #expect(concurrent.count == 1)
            #expect(ids[concurrent[0].workflowId] == 0)
            #expect(try await store.claim(taskType: "work", domain: nil, count: 5, now: 5_500, leaseMillis: 1_000).isEmpty)
            let expired = try await store.claim(taskType: "work", domain: nil, count: 5, now: 6_001, leaseMillis: 1_000)
            #expect(expired.count == 3)
            #expect(try await store.claim(taskType: "work", domain: "eu", count: 5, now: 9_000, leaseMillis: 1_000).isEmpty)
        }
    }

    @Test("a polled attempt leaves the queue; a retry with delay is invisible until due", arguments: StoreKind.allCases)
    func retryVisibility(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            var definition = Fixtures.definition(steps: ["work"])
            var taskDef = TaskDef(name: "work")
            taskDef.retryDelaySeconds = 10
            definition.tasks[0].taskDefinition = taskDef
            let (decision, commit) = try Fixtures.started(definition)
            _ = try await store.commit([commit])
            let id = decision.workflow.workflowId
            let claim = try #require(try await store.claim(taskType: "work", domain: nil, count: 1, now: 1_500, leaseMillis: 30_000).first)
            var stored = try #require(try await store.execution(id: id))
            _ = try await store.commit([try Fixtures.next(stored, .taskPolled(taskId: claim.taskId, workerId: "w"), now: 1_500).1])
            #expect(try await store.queueSizes().isEmpty)
            stored = try #require(try await store.execution(id: id))
            let failed = TaskResult(taskId: claim.taskId, workflowInstanceId: id, status: .failed)
            _ = try await store.commit([try Fixtures.next(stored, .taskUpdated(failed), now: 2_000).1])
            #expect(try await store.claim(taskType: "work", domain: nil, count: 1, now: 11_999, leaseMillis: 1).isEmpty)
            #expect(try await store.claim(taskType: "work", domain: nil, count: 1, now: 12_000, leaseMillis: 1).count == 1)
        }
    }

    @Test("due executions are claimed once until their lease passes", arguments: StoreKind.allCases)
    func dueExecutions(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (decision, created) = try Fixtures.started()
            var commit = created
            commit.wakeAt = 3_000
            _ = try await store.commit([commit])
            #expect(try await store.nextWakeUp() == 3_000)
            #expect(try await store.claimDueExecutions(now: 2_999, leaseMillis: 1_000, limit: 10).isEmpty)
            #expect(try await store.claimDueExecutions(now: 3_000, leaseMillis: 1_000, limit: 10) == [decision.workflow.workflowId])
            #expect(try await store.claimDueExecutions(now: 3_500, leaseMillis: 1_000, limit: 10).isEmpty)
            #expect(try await store.claimDueExecutions(now: 4_000, leaseMillis: 1_000, limit: 10) == [decision.workflow.workflowId])
        }
    }

    @Test("search by name, status, correlation id, time and text, with paging", arguments: StoreKind.allCases)
    func search(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            for index in 0..<5 {
                let (_, commit) = try Fixtures.started(
                    Fixtures.definition(index < 3 ? "order" : "refund"), correlationId: "o-\(index)",
                    input: ["sku": .string("sku-\(index)")], now: 1_000 + index)
                _ = try await store.commit([commit])
            }
            #expect(try await store.search(ExecutionQuery(workflowNames: ["order"])).totalHits == 3)
            let byCorrelation = try await store.search(ExecutionQuery(correlationIds: ["o-4"]))
            #expect(byCorrelation.results.map(\.workflowName) == ["refund"])
            #expect(byCorrelation.results[0].tasks.isEmpty)
            #expect(try await store.search(ExecutionQuery(statuses: [.completed])).totalHits == 0)
            #expect(try await store.search(ExecutionQuery(startedAfter: 1_002)).totalHits == 2)
            #expect(try await store.search(ExecutionQuery(freeText: "SKU-3")).results.map(\.correlationId) == ["o-3"])
            let page = try await store.search(ExecutionQuery(sort: [.init(field: .startTime, ascending: true)], offset: 1, limit: 2))
            #expect(page.totalHits == 5)
            #expect(page.results.map(\.correlationId) == ["o-1", "o-2"])
            #expect(try await store.search(ExecutionQuery(freeText: "100%_")).totalHits == 0)
        }
    }

    @Test("the task index follows every attempt: in progress and started counts per task type", arguments: StoreKind.allCases)
    func taskCounts(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let definition = Fixtures.definition(steps: ["reserve", "charge"])
            var executions: [StoredExecution] = []
            for _ in 0..<3 {
                let (decision, commit) = try Fixtures.started(definition)
                _ = try await store.commit([commit])
                executions.append(StoredExecution(workflow: decision.workflow, revision: 1))
            }
            #expect(try await store.taskCounts(taskType: "reserve", since: 0) == TaskCounts(inProgress: 0, startedSince: 0))
            // Two polled at 2000 and 3000, the third never.
            var polled: [StoredExecution] = []
            for (stored, time) in zip(executions, [2_000, 3_000]) {
                let (decision, commit) = try Fixtures.next(stored, .taskPolled(taskId: stored.workflow.tasks[0].taskId, workerId: "w"), now: time)
                #expect(try await store.commit([commit]) == [.committed(revision: 2)])
                polled.append(StoredExecution(workflow: decision.workflow, revision: 2))
            }
            #expect(try await store.taskCounts(taskType: "reserve", since: 0) == TaskCounts(inProgress: 2, startedSince: 2))
            #expect(try await store.taskCounts(taskType: "reserve", since: 2_500) == TaskCounts(inProgress: 2, startedSince: 1))
            #expect(try await store.taskCounts(taskType: "charge", since: 0) == TaskCounts(inProgress: 0, startedSince: 0))

            // The first completes: no longer in progress, still started in the window; its next step is scheduled.
            let first = polled[0]
            let (completed, commit) = try Fixtures.next(
                first, .taskUpdated(TaskResult(taskId: first.workflow.tasks[0].taskId, workflowInstanceId: first.workflow.workflowId, status: .completed)),
                now: 4_000)
            #expect(commit.changedTaskIds.count == 2)  // the completed attempt and the new one, not every attempt
            _ = try await store.commit([commit])
            #expect(try await store.taskCounts(taskType: "reserve", since: 1_000) == TaskCounts(inProgress: 1, startedSince: 2))
            // A restart drops the attempts: they leave the index.
            let (_, restart) = try Fixtures.next(
                StoredExecution(workflow: completed.workflow, revision: 3), .terminate(reason: "stop"), now: 5_000)
            _ = try await store.commit([restart])
            let ended = try #require(try await store.execution(id: first.workflow.workflowId))
            let (_, restarted) = try Fixtures.next(ended, .restart(definition: nil), now: 6_000)
            #expect(!restarted.removedTaskIds.isEmpty)
            _ = try await store.commit([restarted])
            #expect(try await store.taskCounts(taskType: "reserve", since: 1_000) == TaskCounts(inProgress: 1, startedSince: 1))
        }
    }

    @Test("logs, poll data and removal", arguments: StoreKind.allCases)
    func logsPollDataRemoval(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (decision, commit) = try Fixtures.started()
            _ = try await store.commit([commit])
            let taskId = decision.workflow.tasks[0].taskId
            try await store.appendTaskLogs([TaskExecLog(log: "first", taskId: taskId, createdTime: 1), TaskExecLog(log: "second", taskId: taskId, createdTime: 2)])
            #expect(try await store.taskLogs(taskId: taskId).map(\.log) == ["first", "second"])
            try await store.recordPoll(taskType: "reserve", domain: nil, workerId: "w1", time: 10)
            try await store.recordPoll(taskType: "reserve", domain: nil, workerId: "w2", time: 20)
            #expect(try await store.pollData(taskType: "reserve") == [PollData(queueName: "reserve", domain: nil, workerId: "w2", lastPollTime: 20)])
            #expect(try await store.removeExecution(id: decision.workflow.workflowId))
            #expect(try await store.execution(id: decision.workflow.workflowId) == nil)
            #expect(try await store.taskLogs(taskId: taskId).isEmpty)
            #expect(try await store.queueSizes().isEmpty)
            #expect(try await !store.removeExecution(id: decision.workflow.workflowId))
        }
    }

    @Test("what was committed is there after reopening", arguments: StoreKind.allCases)
    func reopen(kind: StoreKind) async throws {
        try await kind.withStore { store, location in
            let (decision, commit) = try Fixtures.started()
            _ = try await store.commit([commit])
            try await store.saveTaskDefs([TaskDef(name: "reserve")])
            try await kind.withReopened(location) { (reopened: any Store) async throws in
                #expect(try await reopened.execution(id: decision.workflow.workflowId)?.workflow == decision.workflow)
                #expect(try await reopened.taskDef(named: "reserve") != nil)
                #expect(try await reopened.queueSizes() == ["reserve": 1])
            }
        }
    }

    @Test("an idempotency key belongs to one execution; only FAIL_ON_RUNNING takes it over, from an ended one", arguments: StoreKind.allCases)
    func idempotencyKeys(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            func creation(takesOverEnded: Bool) throws -> (Decision, Commit) {
                var (decision, commit) = try Fixtures.started()
                commit.idempotencyKey = IdempotencyKeyClaim(key: "order-7", takesOverEnded: takesOverEnded)
                return (decision, commit)
            }
            let (_, claim) = try creation(takesOverEnded: false)
            let (_, rival) = try creation(takesOverEnded: false)
            let (_, takeover) = try creation(takesOverEnded: true)
            // One batch, two creations with one key: exactly one takes it (which one is the store's choice).
            let outcomes = try await store.commit([claim, rival])
            #expect(outcomes.filter { $0 == .conflict }.count == 1)
            let (holder, loser) = outcomes[0] == .conflict ? (rival, claim) : (claim, rival)
            #expect(try await store.workflowId(forIdempotencyKey: "order-7") == holder.workflow.workflowId)
            #expect(try await store.execution(id: loser.workflow.workflowId) == nil)
            #expect(try await store.commit([takeover]) == [.conflict])  // the holder still runs

            let stored = try #require(try await store.execution(id: holder.workflow.workflowId))
            _ = try await store.commit([try Fixtures.next(stored, .terminate(reason: "done")).1])
            #expect(try await store.commit([loser]) == [.conflict])  // FAIL and RETURN_EXISTING never take over
            #expect(try await store.commit([takeover]) == [.committed(revision: 1)])
            #expect(try await store.workflowId(forIdempotencyKey: "order-7") == takeover.workflow.workflowId)
        }
    }

    @Test("a claim never takes more entries than it asked for", arguments: StoreKind.allCases)
    func claimTakesNoMoreThanAsked(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let definition = Fixtures.definition(steps: ["work"])
            var commits: [Commit] = []
            for index in 0..<120 { commits.append(try Fixtures.started(definition, priority: index % 4).1) }
            _ = try await store.commit(commits)
            var taken: Set<String> = []
            for count in [1, 2, 3, 1, 5, 1, 8] {
                let claims = try await store.claim(taskType: "work", domain: nil, count: count, now: 5_000, leaseMillis: 60_000)
                #expect(claims.count == count)
                taken.formUnion(claims.map(\.taskId))
            }
            #expect(taken.count == 21)
        }
    }
}
