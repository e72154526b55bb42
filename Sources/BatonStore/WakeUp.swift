import BatonCore

/// The names of wake-ups: what a long poll, the timer loop or a waiting client waits on, and what
/// a commit rings, in its own process and, through a shared store, in the other servers.
public enum WakeUp {
    /// A queue gained an entry.
    public static func queue(_ queueName: String) -> String { "q:" + queueName }
    /// An execution changed.
    public static func execution(_ workflowId: String) -> String { "w:" + workflowId }
    /// A wake-up time was set sooner than the timer loop would look again on its own.
    public static let timers = "timers"

    /// The change log gained events: change-feed long polls, streams and webhook loops look again.
    public static let changes = "changes"

    /// Task definitions changed: engines reload the ones they keep at hand.
    public static let definitions = "definitions"

    /// How far ahead the timer loop looks on its own: a wake-up time beyond it needs no ring.
    public static let timerHorizonMillis = 1000

    /// The wake-ups a commit of `workflow` with `effects` and `wakeAt`, made at `time`, rings.
    static func keys(workflowId: String, effects: [Effect], wakeAt: Int?, time: Int, changed: Bool = false) -> [String] {
        var keys = [execution(workflowId)]
        if changed { keys.append(changes) }
        for effect in effects {
            if case .enqueue(let entry) = effect { keys.append(queue(entry.queueName)) }
        }
        if let wakeAt, wakeAt < time + timerHorizonMillis { keys.append(timers) }
        return keys
    }
}
