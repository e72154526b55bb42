public import BatonModel

/// A time by which something must have happened to an execution, or Baton acts.
enum Deadline {
    /// A scheduled attempt was not polled within the definition's `pollTimeoutSeconds`.
    case poll(taskIndex: Int)
    /// A polled attempt heard nothing from its worker within `responseTimeoutSeconds`.
    case response(taskIndex: Int)
    /// A started attempt did not finish within `timeoutSeconds`.
    case task(taskIndex: Int)
    /// The workflow did not finish within its `timeoutSeconds`.
    case workflow
    /// A WAIT attempt's time has come (its `waitTimeout`): it completes.
    case wait(taskIndex: Int)

    /// The order in which deadlines passing at the same time are acted on.
    var precedence: Int {
        switch self {
        case .workflow: 0
        case .task: 1
        case .wait: 2
        case .poll: 3
        case .response: 4
        }
    }
}

extension Workflow {
    /// Every pending deadline with its time, epoch milliseconds. An ended workflow has none; a
    /// paused one keeps only its own timeout, as in Conductor.
    func deadlines() -> [(at: Int, deadline: Deadline)] {
        guard !status.isTerminal else { return [] }
        var found: [(at: Int, deadline: Deadline)] = []
        let definition = workflowDefinition
        // A compensating workflow has already failed: its own timeout no longer applies.
        if let seconds = definition.timeoutSeconds, seconds > 0, definition.timeoutPolicy == .timeOutWorkflow, compensation == nil {
            let since = lastRetriedTime > 0 ? lastRetriedTime : createTime
            found.append((since + seconds * 1000, .workflow))
        }
        for (index, task) in tasks.enumerated() where status == .running && !task.status.isTerminal {
            if let until = task.waitTimeout { found.append((until, .wait(taskIndex: index))) }
            guard let taskDef = task.workflowTask.taskDefinition else { continue }
            let policy = taskDef.timeoutPolicy ?? .timeOutWorkflow
            let delay = task.startDelayInSeconds * 1000
            if task.status == .scheduled, let seconds = taskDef.pollTimeoutSeconds, seconds > 0, policy != .alertOnly {
                // A scheduled attempt carries its start (or retry) delay in both startDelayInSeconds and
                // callbackAfterSeconds; count it once.
                found.append((task.scheduledTime + delay + seconds * 1000, .poll(taskIndex: index)))
            }
            if task.status == .inProgress, task.responseTimeoutSeconds > 0 {
                let since = task.updateTime > 0 ? task.updateTime : task.scheduledTime
                found.append((since + (task.responseTimeoutSeconds + task.callbackAfterSeconds) * 1000, .response(taskIndex: index)))
            }
            if task.startTime > 0, let seconds = taskDef.timeoutSeconds, seconds > 0, policy != .alertOnly {
                found.append((task.startTime + delay + seconds * 1000, .task(taskIndex: index)))
            }
        }
        return found
    }

    /// When the engine must next wake this execution, if ever.
    public var nextDeadline: Int? {
        deadlines().map(\.at).min()
    }
}

extension DecisionRun {
    /// Acts on every deadline that has passed by `now`, in the order they passed; at the same
    /// moment the workflow's and the task's own timeouts come first (as Conductor checks them).
    mutating func expireDeadlines() {
        let passed = workflow.deadlines().filter { $0.at <= now }
            .sorted { ($0.at, $0.deadline.precedence) < ($1.at, $1.deadline.precedence) }
        for (_, deadline) in passed {
            guard !workflow.status.isTerminal else { return }
            switch deadline {
            case .workflow:
                let seconds = workflow.workflowDefinition.timeoutSeconds ?? 0
                end(.timedOut, reason: "Workflow timed out after \(seconds) seconds (timeoutPolicy TIME_OUT_WF)")
            case .wait(let index):
                endWait(at: index)
            case .poll(let index):
                let seconds = workflow.tasks[index].workflowTask.taskDefinition?.pollTimeoutSeconds ?? 0
                timeOutTask(at: index, reason: "Task poll timed out after \(seconds) seconds", usePolicy: true)
            case .response(let index):
                let seconds = workflow.tasks[index].responseTimeoutSeconds
                timeOutTask(at: index, reason: "Task heard nothing from its worker within responseTimeoutSeconds \(seconds)", usePolicy: false)
            case .task(let index):
                let seconds = workflow.tasks[index].workflowTask.taskDefinition?.timeoutSeconds ?? 0
                timeOutTask(at: index, reason: "Task timed out after \(seconds) seconds", usePolicy: true)
            }
        }
    }

    /// Marks an attempt TIMED_OUT. With the definition's policy TIME_OUT_WF the workflow times out
    /// with it; otherwise the attempt is retried as any failure is.
    mutating func timeOutTask(at index: Int, reason: String, usePolicy: Bool) {
        guard !workflow.tasks[index].status.isTerminal else { return }
        workflow.tasks[index].status = .timedOut
        workflow.tasks[index].reasonForIncompletion = reason
        workflow.tasks[index].endTime = now
        workflow.tasks[index].updateTime = now
        if isWorkerTask(workflow.tasks[index]) { effects.append(.dequeue(taskId: workflow.tasks[index].taskId)) }
        let policy = workflow.tasks[index].workflowTask.taskDefinition?.timeoutPolicy ?? .timeOutWorkflow
        if usePolicy, policy == .timeOutWorkflow {
            workflow.tasks[index].executed = true
            end(.timedOut, reason: reason, failedTask: workflow.tasks[index])
        }
    }
}
