public import BatonModel

/// Something that happened to an execution; ``Decider`` answers each with a ``Decision``.
public enum WorkflowEvent: Sendable {
    /// The execution was just created and has scheduled nothing yet.
    case start
    /// A worker's poll claimed the queue entry of a task attempt.
    case taskPolled(taskId: String, workerId: String?)
    /// A worker (or a client) reported on a task attempt.
    case taskUpdated(TaskResult)
    /// A deadline of the execution may have passed (the time is the environment's `now`).
    case timer
    /// Operator actions.
    case pause
    case resume
    /// Terminates; with `compensate`, a definition with a compensation policy compensates first;
    /// with `triggerFailureWorkflow` (Orkes), the definition's failure workflow starts as on a failure.
    case terminate(reason: String?, compensate: Bool = false, triggerFailureWorkflow: Bool = false)
    case retry(resumeSubworkflowTasks: Bool)
    /// Runs the execution again from its first step; a definition replaces the one it ran.
    case restart(definition: WorkflowDef?)
    case rerun(RerunWorkflowRequest)
    case skipTask(referenceName: String, SkipTaskRequest)
    /// Sets workflow variables (an event handler's `update_workflow_variables`); with
    /// `appendArray`, an array value extends the array a variable holds instead of replacing it.
    case updateVariables([String: JSONValue], appendArray: Bool)
    /// The child execution of a SUB_WORKFLOW task ended.
    case childEnded(ChildEnd)
    /// The execution a task asked for (``Effect/startWorkflow(_:)``) was started...
    case workflowStarted(taskId: String, workflowId: String)
    /// ... or could not be (its definition is missing or invalid).
    case startFailed(taskId: String, reason: String)
}
