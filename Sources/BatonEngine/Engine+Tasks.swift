import BatonCore
public import BatonModel
public import BatonStore

/// The worker side: polls, reports, logs and queue facts.
extension Engine {
    /// How long a claimed queue entry stays hidden while its poll is being committed. Short, so that
    /// entries claimed just before a crash come back soon; a claim that outlives it is harmless,
    /// as only a SCHEDULED attempt is ever handed over and the poll's commit checks the revision.
    static let claimLeaseMillis = 5_000

    /// Hands up to `count` task attempts of `taskType` to a worker, waiting up to `timeout` for
    /// one to become available. Each attempt handed over is IN_PROGRESS and out of the queue.
    /// A task type whose definition sets limits (``TaskLimits``) hands out no more than they allow;
    /// the attempts held back wait in the queue.
    public func poll(
        taskType: String, domain: String?, workerId: String?, count: Int, timeout: Duration
    ) async throws(EngineError) -> [Task] {
        let deadline = ContinuousClock.now + timeout
        let domain = domain.flatMap { $0.isEmpty ? nil : $0 }
        let time = clock.now()
        try await storeCall { try await store.recordPoll(taskType: taskType, domain: domain, workerId: workerId, time: time) }
        activeWorkers.record(taskType: taskType, domain: domain, time: time)
        var delivered: [Task] = []
        while true {
            let (claimed, tasks) = try await take(count - delivered.count, of: taskType, in: domain, for: workerId)
            delivered += tasks
            let remaining = ContinuousClock.now.duration(to: deadline)
            if delivered.count >= count || (!delivered.isEmpty && claimed == 0) || remaining <= .zero {
                return delivered
            }
            if claimed == 0 {
                await signals.wait(WakeUp.queue(QueueEntry.queueName(taskType, domain: domain)), timeout: min(remaining, .milliseconds(250)))
            }
        }
    }

    /// Claims up to `count` entries of a queue and delivers them; answers how many it claimed and
    /// the attempts it delivered. A limited task type is taken one poll at a time in this process,
    /// so that concurrent polls together stay within its limits.
    private func take(
        _ count: Int, of taskType: String, in domain: String?, for workerId: String?
    ) async throws(EngineError) -> (claimed: Int, delivered: [Task]) {
        guard let limits = taskDefinitions.withLock({ $0[taskType] }).flatMap(TaskLimits.init) else {
            return try await claimAndDeliver(count, of: taskType, in: domain, for: workerId)
        }
        return try await limitLocks.withLock(taskType) { () async throws(EngineError) -> (claimed: Int, delivered: [Task]) in
            let now = clock.now()
            let counts = try await storeCall { try await store.taskCounts(taskType: taskType, since: limits.windowStart(at: now)) }
            let allowed = limits.allowance(count, inProgress: counts.inProgress, startedInWindow: counts.startedSince)
            guard allowed > 0 else { return (0, []) }
            return try await claimAndDeliver(allowed, of: taskType, in: domain, for: workerId)
        }
    }

    private func claimAndDeliver(
        _ count: Int, of taskType: String, in domain: String?, for workerId: String?
    ) async throws(EngineError) -> (claimed: Int, delivered: [Task]) {
        let claims = try await storeCall {
            try await store.claim(
                taskType: taskType, domain: domain, count: count, now: clock.now(), leaseMillis: Self.claimLeaseMillis)
        }
        return (claims.count, try await deliver(claims, to: workerId))
    }

    /// Commits the polls of claimed entries together; an entry whose attempt has ended meanwhile
    /// is dropped rather than delivered.
    private func deliver(_ claims: [QueueClaim], to workerId: String?) async throws(EngineError) -> [Task] {
        guard !claims.isEmpty else { return [] }
        let outcomes = await withTaskGroup(of: Result<Task?, EngineError>.self) { group in
            for claim in claims {
                group.addTask {
                    do throws(EngineError) {
                        let decision = try await self.apply(
                            .taskPolled(taskId: claim.taskId, workerId: workerId), to: claim.workflowId)
                        return .success(decision.deliveredTask)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var outcomes: [Result<Task?, EngineError>] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        var tasks: [Task] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let task): if let task { tasks.append(task) }
            case .failure(.notFound): continue  // the execution was removed after the claim
            case .failure(let error): throw error
            }
        }
        return tasks.sorted { $0.workflowPriority > $1.workflowPriority }
    }

    /// Applies a worker's report and returns the attempt as it now stands.
    @discardableResult
    public func update(_ result: TaskResult) async throws(EngineError) -> Task {
        let workflowId = try await workflowId(for: result)
        let logs = (result.logs ?? []).map { log in
            TaskExecLog(log: log.log, taskId: result.taskId, createdTime: log.createdTime ?? clock.now())
        }
        let decision = try await apply(.taskUpdated(result), to: workflowId, taskLogs: logs)
        guard let task = decision.workflow.tasks.first(where: { $0.taskId == result.taskId }) else {
            throw .notFound("Task not found for taskId: \(result.taskId)")
        }
        return task
    }

    /// Applies a report and, when the attempt has ended, hands the worker its next task of the
    /// same type at once (Conductor's `update-v2`).
    public func updateAndPoll(_ result: TaskResult) async throws(EngineError) -> Task? {
        let task = try await update(result)
        guard task.status.isTerminal, result.extendLease != true else { return nil }
        return try await poll(
            taskType: task.taskDefName, domain: task.domain, workerId: result.workerId ?? task.workerId, count: 1,
            timeout: .zero
        ).first
    }

    /// Completes (or fails) the latest pending attempt of a task reference, as
    /// `POST /api/tasks/{workflowId}/{ref}/{status}` does. Returns `nil` when none is pending.
    public func update(
        workflowId: String, referenceName: String, status: TaskStatus, output: [String: JSONValue], workerId: String?,
        reason: String? = nil
    ) async throws(EngineError) -> Task? {
        let workflow = try await workflow(id: workflowId)
        guard let pending = workflow.tasks.last(where: { $0.referenceTaskName == referenceName && !$0.status.isTerminal }) else {
            return nil
        }
        var result = TaskResult(taskId: pending.taskId, workflowInstanceId: workflowId, status: status)
        result.outputData = pending.outputData.merging(output) { $1 }
        result.workerId = workerId
        result.reasonForIncompletion = reason
        return try await update(result)
    }

    /// One page of the task attempts `query` matches.
    public func searchTasks(_ query: TaskQuery) async throws(EngineError) -> SearchResult<Task> {
        try await storeCall { try await store.searchTasks(query) }
    }

    /// The attempt `taskId`, from the execution it belongs to.
    public func task(id taskId: String) async throws(EngineError) -> Task {
        guard let workflowId = try await storeCall({ try await store.workflowId(ofTask: taskId) }),
            let task = try await workflow(id: workflowId).tasks.first(where: { $0.taskId == taskId })
        else {
            throw .notFound("Task not found for taskId: \(taskId)")
        }
        return task
    }

    private func workflowId(for result: TaskResult) async throws(EngineError) -> String {
        if let id = result.workflowInstanceId, !id.isEmpty { return id }
        guard let id = try await storeCall({ try await store.workflowId(ofTask: result.taskId) }) else {
            throw .notFound("Task not found for taskId: \(result.taskId)")
        }
        return id
    }

    /// Appends a log line to an attempt (`POST /api/tasks/{taskId}/log`).
    public func appendLog(taskId: String, line: String) async throws(EngineError) {
        _ = try await task(id: taskId)
        let log = TaskExecLog(log: line, taskId: taskId, createdTime: clock.now())
        try await storeCall { try await store.appendTaskLogs([log]) }
    }

    public func taskLogs(taskId: String) async throws(EngineError) -> [TaskExecLog] {
        try await storeCall { try await store.taskLogs(taskId: taskId) }
    }

    public func queueSizes() async throws(EngineError) -> [String: Int] {
        try await storeCall { try await store.queueSizes() }
    }

    public func pollData(taskType: String?) async throws(EngineError) -> [PollData] {
        try await storeCall { try await store.pollData(taskType: taskType) }
    }
}
