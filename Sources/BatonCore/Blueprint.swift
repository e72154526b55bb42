public import BatonModel

/// Where every step of a definition sits, at any depth: its container (the top level, a fork
/// branch, a switch case, a loop body) and its position there. "What comes next" asks it.
public struct Blueprint: Sendable {
    /// A list of steps run one after the other.
    public enum Container: Hashable, Sendable {
        case top
        /// Branch `index` of the FORK_JOIN `fork`.
        case branch(fork: String, index: Int)
        /// The case `key` of the SWITCH (or DECISION) `switch`; `nil` for its `defaultCase`.
        case switchCase(switch: String, key: String?)
        /// The body of the DO_WHILE `loop`.
        case loopBody(loop: String)

        /// The reference name of the step that owns the container; `nil` for the top level.
        public var owner: String? {
            switch self {
            case .top: nil
            case .branch(let fork, _): fork
            case .switchCase(let owner, _): owner
            case .loopBody(let loop): loop
            }
        }
    }

    /// Where one step sits.
    public struct Place: Sendable {
        public var container: Container
        public var index: Int
        public var step: WorkflowTask
    }

    private var lists: [Container: [WorkflowTask]] = [:]
    private var places: [String: Place] = [:]

    public init(_ tasks: [WorkflowTask]) {
        add(tasks, in: .top)
    }

    private mutating func add(_ tasks: [WorkflowTask], in container: Container) {
        lists[container] = tasks
        for (index, step) in tasks.enumerated() {
            let reference = step.taskReferenceName
            places[reference] = places[reference] ?? Place(container: container, index: index, step: step)
            for (child, steps) in Self.children(of: step) { add(steps, in: child) }
        }
    }

    /// The containers a step owns, with their steps: fork branches, switch cases, a loop body.
    public static func children(of step: WorkflowTask) -> [(Container, [WorkflowTask])] {
        let reference = step.taskReferenceName
        switch step.taskType {
        case .forkJoin:
            return (step.forkTasks ?? []).enumerated().map { (.branch(fork: reference, index: $0.offset), $0.element) }
        case .switch, .decision:
            let cases = (step.decisionCases ?? [:]).sorted { $0.key < $1.key }
                .map { (Container.switchCase(switch: reference, key: $0.key), $0.value) }
            return cases + [(.switchCase(switch: reference, key: nil), step.defaultCase ?? [])]
        case .doWhile:
            return [(.loopBody(loop: reference), step.loopOver ?? [])]
        default:
            return []
        }
    }

    /// Where the step named `reference` (a definition's reference name) sits.
    public func place(of reference: String) -> Place? { places[reference] }

    /// The step named `reference`.
    public func step(_ reference: String) -> WorkflowTask? { places[reference]?.step }

    /// The steps of `container`, in order.
    public func steps(in container: Container) -> [WorkflowTask] { lists[container] ?? [] }

    /// The step after `reference` in its own container; `nil` when it is the last there.
    public func step(after reference: String) -> WorkflowTask? {
        guard let place = places[reference] else { return nil }
        let siblings = steps(in: place.container)
        return place.index + 1 < siblings.count ? siblings[place.index + 1] : nil
    }

    /// The step before `reference` in its own container; `nil` when it is the first there.
    public func step(before reference: String) -> WorkflowTask? {
        guard let place = places[reference], place.index > 0 else { return nil }
        return steps(in: place.container)[place.index - 1]
    }

    /// The DO_WHILE whose body holds `reference`, at any depth.
    public func enclosingLoop(of reference: String) -> String? {
        var current = places[reference]?.container
        while let container = current {
            if case .loopBody(let loop) = container { return loop }
            current = container.owner.flatMap { places[$0]?.container }
        }
        return nil
    }

    /// The reference name a task attempt has in the definition, without the `__N` suffixes of
    /// the loop iterations it ran in.
    public static func definitionReference(of task: Task) -> String {
        task.workflowTask.taskReferenceName
    }
}
