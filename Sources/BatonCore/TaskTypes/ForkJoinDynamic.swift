import BatonModel
import Foundation

/// FORK_JOIN_DYNAMIC: forks tasks decided at run time, one task per branch; the JOIN after it
/// waits for all of them. Two forms, as in Conductor:
///
/// - `dynamicForkTasksParam` names the input parameter holding the tasks (WorkflowTask JSON,
///   each with `name` and `taskReferenceName`), and `dynamicForkTasksInputParamName` the one
///   holding each task's input by reference name;
/// - input `forkTaskName` (and optionally `forkTaskType`) with `forkTaskInputs`, a list: one
///   task per element, named `_forkTaskName_i`, its input the element (or `{input: element}`)
///   plus `__index`.
///
/// The fork attempt completes at once with `forkedTasks` (the reference names) in its input.
extension DecisionRun {
    mutating func scheduleDynamicFork(_ draft: Draft) {
        let forked: [(WorkflowTask, [String: JSONValue])]
        switch Self.dynamicForkTasks(of: draft.step, input: draft.input) {
        case .success(let tasks): forked = tasks
        case .failure(let error):
            return end(.failed, reason: "FORK_JOIN_DYNAMIC '\(draft.step.taskReferenceName)': \(error.message)")
        }
        var fork = draft
        fork.input["forkedTasks"] = .array(forked.map { .string($0.0.taskReferenceName) })
        addSystemTask(fork, status: .completed)
        for (step, input) in forked {
            runResolved(Draft(step: step, taskId: environment.ids.next(), input: input))
        }
    }

    /// The tasks to fork and their inputs, or why there are none.
    static func dynamicForkTasks(
        of step: WorkflowTask, input: [String: JSONValue]
    ) -> Result<[(WorkflowTask, [String: JSONValue])], DefinitionError> {
        var forked: [(WorkflowTask, [String: JSONValue])] = []
        if let name = input["forkTaskName"]?.stringValue ?? input["forkTaskType"]?.stringValue {
            let typeName = input["forkTaskType"]?.stringValue ?? TaskType.simple.rawValue
            guard let type = TaskType(rawValue: typeName), leafTypes.contains(type) else {
                return .failure(DefinitionError("forkTaskType \(typeName) cannot be forked dynamically"))
            }
            guard let inputs = input["forkTaskInputs"]?.arrayValue else {
                return .failure(DefinitionError("forkTaskInputs must be a list"))
            }
            for (index, element) in inputs.enumerated() {
                var task = WorkflowTask(name: name, taskReferenceName: "_\(name)_\(index)", type: type)
                task.optional = step.optional
                var taskInput = element.objectValue ?? ["input": element]
                taskInput["__index"] = .int(Int64(index))
                forked.append((task, taskInput))
            }
            return .success(forked)
        }
        let tasksParameter = step.dynamicForkTasksParam ?? ""
        guard let list = input[tasksParameter]?.arrayValue else {
            return .failure(DefinitionError("input parameter '\(tasksParameter)' (dynamicForkTasksParam) holds no list of tasks"))
        }
        let inputs = input[step.dynamicForkTasksInputParamName ?? ""]?.objectValue ?? [:]
        for (index, element) in list.enumerated() {
            guard let task = try? JSONDecoder().decode(WorkflowTask.self, from: JSONEncoder().encode(element)),
                !task.taskReferenceName.isEmpty
            else {
                return .failure(DefinitionError("\(tasksParameter)[\(index)] is not a task with a name and a taskReferenceName"))
            }
            guard let type = task.taskType, leafTypes.contains(type) else {
                return .failure(DefinitionError("\(tasksParameter)[\(index)] has type \(task.type ?? "?"), which cannot be forked dynamically"))
            }
            forked.append((task, inputs[task.taskReferenceName]?.objectValue ?? [:]))
        }
        let references = forked.map(\.0.taskReferenceName)
        guard Set(references).count == references.count else {
            return .failure(DefinitionError("two forked tasks share a taskReferenceName"))
        }
        return .success(forked)
    }
}
