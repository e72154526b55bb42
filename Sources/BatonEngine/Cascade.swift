import BatonCore
import BatonModel
import BatonStore

/// The decisions one event sets off across executions, gathered in memory and committed as one
/// all-or-nothing unit: the execution the event was applied to (the root), every execution its
/// linked effects start, and every execution those effects notify or terminate, followed in turn.
///
/// A member decided more than once (a parent whose child ends within the decision that starts it)
/// keeps its latest state and all its effects; its commit still names the revision first read.
struct Cascade {
    struct Member {
        /// The execution as read, `nil` for one this cascade starts.
        var previous: StoredExecution?
        /// Everything decided about it so far.
        var decision: Decision
        /// How many starts away from the root it is.
        var depth: Int
    }

    private(set) var order: [String] = []
    private var members: [String: Member] = [:]
    /// Linked effects not followed yet, with the id of the member that emitted each.
    private var pending: [(source: String, effect: Effect)] = []

    init(root: Decision, previous: StoredExecution?) {
        add(root, previous: previous, depth: 0)
    }

    var root: Decision { members[order[0]]!.decision }

    /// The member `workflowId` as it now stands, if it is one.
    func workflow(_ workflowId: String) -> Workflow? { members[workflowId]?.decision.workflow }

    func depth(of workflowId: String) -> Int { members[workflowId]?.depth ?? 0 }

    /// Takes the next linked effect to follow.
    mutating func next() -> (source: String, effect: Effect)? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    /// Adds an execution with its first decision here (a new one, or one read to be decided on).
    mutating func add(_ decision: Decision, previous: StoredExecution?, depth: Int) {
        let id = decision.workflow.workflowId
        order.append(id)
        members[id] = Member(previous: previous, decision: decision, depth: depth)
        queue(decision)
    }

    /// Adds an execution read from the store, not decided on yet.
    mutating func include(_ stored: StoredExecution, depth: Int) {
        add(.unchanged(stored.workflow), previous: stored, depth: depth)
    }

    /// Folds a further decision of a member into it: its newer state, its effects after the earlier ones.
    mutating func fold(_ decision: Decision) {
        let id = decision.workflow.workflowId
        guard var member = members[id] else { return }
        member.decision.workflow = decision.workflow
        member.decision.effects += decision.effects
        member.decision.isNoOp = member.decision.isNoOp && decision.isNoOp
        members[id] = member
        queue(decision)
    }

    private mutating func queue(_ decision: Decision) {
        let id = decision.workflow.workflowId
        pending += decision.effects.filter(\.isLinked).map { (id, $0) }
    }

    /// The commit of the whole: the root's, with every other member that changed linked to it.
    func commit(at time: Int, taskLogs: [TaskExecLog]) -> Commit {
        let root = members[order[0]]!
        var commit = Commit(root.decision, previous: root.previous, at: time, taskLogs: taskLogs)
        commit.linked = order.dropFirst().compactMap { id in
            guard let member = members[id], !member.decision.isNoOp else { return nil }
            return Commit(member.decision, previous: member.previous, at: time)
        }
        return commit
    }
}
