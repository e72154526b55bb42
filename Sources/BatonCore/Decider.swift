public import BatonModel

/// The pure heart of Baton: given an execution and an event, the execution that follows and
/// the effects to commit with it.
///
/// Nothing here reads a clock, a database or the network; ``Environment`` brings the time, ids,
/// randomness and task definitions in. A workflow that fails is a normal decision; an event that
/// cannot apply (resume a running workflow, update an unknown task) throws ``DecisionError`` and
/// changes nothing.
public enum Decider {
    public static func decide(
        _ workflow: Workflow, on event: WorkflowEvent, in environment: inout Environment
    ) throws(DecisionError) -> Decision {
        var run = DecisionRun(workflow: workflow, environment: environment)
        try run.apply(event)
        if !workflow.status.isTerminal, let notification = run.parentNotification() {
            run.effects.append(notification)
        }
        environment = run.environment
        return Decision(
            workflow: run.workflow, effects: run.effects, deliveredTask: run.deliveredTask,
            isNoOp: run.effects.isEmpty && run.workflow == workflow
        )
    }
}

/// One decision under way: the execution being changed and the effects gathered so far.
struct DecisionRun {
    var workflow: Workflow
    var environment: Environment
    var effects: [Effect] = []
    var deliveredTask: Task?
    /// An operator's terminate asked for the failure workflow (Orkes's `triggerFailureWorkflow`).
    var failureWorkflowOnTerminate = false
    /// Where each step of the definition sits; rebuilt when the definition changes (restart).
    var blueprint: Blueprint

    init(workflow: Workflow, environment: Environment) {
        self.workflow = workflow
        self.environment = environment
        self.blueprint = Blueprint(workflow.workflowDefinition.tasks)
    }

    var now: Int { environment.now }

    mutating func apply(_ event: WorkflowEvent) throws(DecisionError) {
        switch event {
        case .start: reconcile()
        case .taskPolled(let taskId, let workerId): poll(taskId: taskId, workerId: workerId)
        case .taskUpdated(let result): try update(with: result)
        case .timer:
            expireDeadlines()
            reconcile()
        case .pause: try pause()
        case .resume: try resume()
        case .terminate(let reason, let compensate, let trigger):
            try terminate(reason: reason, compensate: compensate, triggerFailureWorkflow: trigger)
        case .retry: try retryWorkflow()
        case .restart(let definition): try restart(with: definition)
        case .rerun(let request): try rerun(request)
        case .skipTask(let referenceName, let request): try skipTask(referenceName, request)
        case .updateVariables(let variables, let appendArray): try updateVariables(variables, appendArray: appendArray)
        case .childEnded(let end): try childEnded(end)
        case .workflowStarted(let taskId, let workflowId): try workflowStarted(taskId: taskId, workflowId: workflowId)
        case .startFailed(let taskId, let reason): try startFailed(taskId: taskId, reason: reason)
        }
    }

    func index(ofTask taskId: String) -> Int? {
        workflow.tasks.firstIndex { $0.taskId == taskId }
    }

    /// Carries the consequences of every ended task that has not been acted on yet: the next
    /// step, a retry, or the end of the workflow; then lets every open JOIN look at its branches,
    /// and again, until nothing moves. The workflow completes when nothing is left to do at the
    /// top level: every attempt has ended and been acted on.
    mutating func reconcile() {
        guard workflow.status == .running else { return }
        if workflow.tasks.isEmpty {
            if let first = workflow.workflowDefinition.tasks.first {
                begin(first)
            }
        }
        var moved = true
        while moved, workflow.status == .running {
            moved = false
            var index = 0
            while index < workflow.tasks.count, workflow.status == .running {
                let task = workflow.tasks[index]
                if task.status.isTerminal, !task.executed {
                    moved = true
                    workflow.tasks[index].executed = true
                    if task.compensationFor != nil, task.status.isSuccessful {
                        compensateNext()
                    } else if task.status.isSuccessful {
                        scheduleNext(after: task.referenceTaskName)
                    } else {
                        handleFailure(ofTaskAt: index)
                    }
                }
                index += 1
            }
            if workflow.status == .running, evaluateJoins() { moved = true }
        }
        if workflow.status == .running, workflow.compensation == nil,
            workflow.tasks.allSatisfy({ $0.status.isTerminal && $0.executed })
        {
            end(.completed, reason: nil)
        }
    }

    /// Ends the workflow: cancels what is still pending and computes the output, unless it is
    /// given (a TERMINATE's `workflowOutput`).
    mutating func end(
        _ status: WorkflowStatus, reason: String?, failedTask: Task? = nil, output: [String: JSONValue]? = nil, compensate: Bool = true
    ) {
        if compensate, status != .completed, beginCompensation(cause: status, reason: reason, failedTask: failedTask) { return }
        if workflow.compensation?.state == .running {
            // Ended from outside (an operator's terminate) while compensating.
            let time = now
            workflow.compensation?.state = .failed
            workflow.compensation?.endTime = time
        }
        workflow.status = status
        workflow.reasonForIncompletion = reason
        workflow.endTime = now
        workflow.updateTime = now
        recordFailure(of: failedTask)
        cancelPendingTasks()
        workflow.output = output ?? computedOutput()
        startFailureWorkflow(failedTaskId: failedTask?.taskId ?? workflow.compensation?.failedTaskId)
    }

    /// Names a failed task among the workflow's failed references and task names.
    mutating func recordFailure(of failedTask: Task?) {
        guard let failedTask else { return }
        if !workflow.failedReferenceTaskNames.contains(failedTask.referenceTaskName) {
            workflow.failedReferenceTaskNames.append(failedTask.referenceTaskName)
        }
        if !workflow.failedTaskNames.contains(failedTask.taskDefName) {
            workflow.failedTaskNames.append(failedTask.taskDefName)
        }
    }

    /// Cancels every attempt still pending and takes worker tasks out of their queues.
    mutating func cancelPendingTasks() {
        for index in workflow.tasks.indices where !workflow.tasks[index].status.isTerminal {
            workflow.tasks[index].status = .canceled
            workflow.tasks[index].endTime = now
            workflow.tasks[index].updateTime = now
            workflow.tasks[index].executed = true
            if isWorkerTask(workflow.tasks[index]) { effects.append(.dequeue(taskId: workflow.tasks[index].taskId)) }
            terminateChild(of: workflow.tasks[index])
        }
    }

    /// The workflow's `outputParameters` resolved, or the last task's output when it declares none.
    func computedOutput() -> [String: JSONValue] {
        let parameters = workflow.workflowDefinition.outputParameters ?? [:]
        guard !parameters.isEmpty else { return workflow.tasks.last?.outputData ?? [:] }
        return (try? ParameterContext(workflow: workflow).resolve(parameters)) ?? [:]
    }
}
