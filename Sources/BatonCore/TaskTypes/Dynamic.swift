import BatonModel

/// DYNAMIC: runs the task whose name the input parameter `dynamicTaskNameParam` holds, under the
/// dynamic step's reference name and with its input. A worker task by default; a system task
/// that runs on its own (WAIT, HUMAN, INLINE, NOOP, ...) when the name is that type's.
extension DecisionRun {
    mutating func scheduleDynamic(_ draft: Draft) {
        let reference = draft.step.taskReferenceName
        let parameter = draft.step.dynamicTaskNameParam ?? ""
        guard let name = draft.input[parameter]?.stringValue, !name.isEmpty else {
            return end(.failed, reason: "DYNAMIC '\(reference)': input parameter '\(parameter)' (dynamicTaskNameParam) holds no task name")
        }
        var resolved = draft.step
        resolved.name = name
        guard let type = Self.dynamicType(named: name) else {
            return end(.failed, reason: "DYNAMIC '\(reference)': task type \(name) cannot run as a dynamic task")
        }
        resolved.type = type.rawValue
        runResolved(Draft(step: resolved, taskId: draft.taskId, input: draft.input))
    }

    /// The type a dynamically named task runs as: SIMPLE unless the name is a leaf system type;
    /// `nil` for a type that owns other steps (they would not be in the definition).
    static func dynamicType(named name: String) -> TaskType? {
        guard let type = TaskType(rawValue: name) else { return .simple }
        return leafTypes.contains(type) ? type : nil
    }

    /// Types that own no other steps and can be created at run time (DYNAMIC, FORK_JOIN_DYNAMIC).
    static let leafTypes: Set<TaskType> = [.simple, .wait, .human, .noop, .setVariable, .terminate, .inline, .lambda, .jsonJQTransform]

    /// Schedules a step made at run time, keeping the id and input already drawn for it.
    mutating func runResolved(_ draft: Draft) {
        switch draft.step.taskType {
        case .wait: scheduleWait(draft)
        case .human: scheduleHuman(draft)
        case .noop: scheduleNoop(draft)
        case .setVariable: scheduleSetVariable(draft)
        case .terminate: scheduleTerminate(draft)
        case .inline: scheduleInline(draft)
        case .lambda: scheduleLambda(draft)
        case .jsonJQTransform: scheduleJQTransform(draft)
        default: scheduleWorkerTask(draft)
        }
    }
}
