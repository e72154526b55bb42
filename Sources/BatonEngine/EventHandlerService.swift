import BatonCore
import BatonModel
public import ServiceLifecycle
import BatonStore
import Foundation

/// Runs Conductor's event handlers on the events EVENT tasks publish to the change log.
///
/// The service follows the log from a durable cursor under a lease in the store, so that of
/// several servers one processes the events at a time, and one that dies is taken over when its
/// lease runs out. For each EVENT completion it finds the active handlers of the event's name,
/// checks their conditions and carries out their actions, then moves the cursor past the event.
///
/// At least once: a crash between an action and the cursor's move runs the event's actions
/// again. A `start_workflow` carries an idempotency key made of the event's sequence number, the
/// handler and the action's place, so it starts one workflow however often it runs; completing
/// or failing a task that has already ended, and terminating a workflow that has, change nothing.
/// A store that fails leaves the cursor where it is, and the event is processed again.
public final class EventHandlerService: Service, Sendable {
    /// The cursor's name in the store; the migration that added event handlers created it at the
    /// log's head, so handlers answer events from then on.
    static let cursorName = "event-handlers"
    static let pageSize = 100

    let engine: Engine
    let leaseDuration: Duration
    let claimPeriod: Duration
    /// This service's name on the lease.
    let owner = "event-handlers-" + UUID().uuidString.lowercased()
    private let stopping = StopFlag()

    public init(engine: Engine, leaseDuration: Duration = .seconds(30), claimPeriod: Duration = .seconds(5)) {
        self.engine = engine
        self.leaseDuration = leaseDuration
        self.claimPeriod = claimPeriod
    }

    private var isStopping: Bool { stopping.isStopped || !_Concurrency.Task.keepsRunning }

    public func run() async throws {
        await withGracefulShutdownHandler {
            while !isStopping {
                if let cursor = await claim() {
                    await follow(from: cursor)
                }
                // Another server holds the cursor (or the store failed): look again later.
                if !isStopping { await engine.signals.wait(Self.cursorName, timeout: claimPeriod) }
            }
        } onGracefulShutdown: {
            self.stopping.stop()
            self.engine.signals.ring(Self.cursorName)
            self.engine.changeBell.ring()
        }
    }

    private func claim() async -> Int64? {
        do {
            return try await engine.store.claimChangeCursor(
                name: Self.cursorName, owner: owner, now: engine.clock.now(), leaseMillis: leaseDuration.millis)
        } catch {
            engine.logger.warning("event handlers: claiming the cursor: \(error)")
            return nil
        }
    }

    /// Error of a cursor move whose lease was lost: another server processes the events now.
    struct LeaseLost: Error {}

    /// Processes events from `cursor` while the lease holds.
    private func follow(from start: Int64) async {
        var cursor = start
        var leaseRenewedAt = engine.clock.now()
        let completions = ChangeFilter(selectors: [ChangeSelector(kind: .task, status: TaskStatus.completed.rawValue)])
        /// Saves `cursor` and renews the lease.
        func save() async throws {
            let now = engine.clock.now()
            guard
                try await engine.store.moveChangeCursor(
                    name: Self.cursorName, owner: owner, to: cursor, leasedUntil: now + leaseDuration.millis)
            else { throw LeaseLost() }
            leaseRenewedAt = now
        }
        do {
            while !isStopping {
                let generation = engine.changeBell.generation
                let page = try await engine.store.changes(after: cursor, limit: Self.pageSize, matching: completions)
                if cursor < page.prunedThrough {
                    engine.logger.warning(
                        "event handlers: events \(cursor + 1)...\(page.prunedThrough) were deleted by retention before processing")
                }
                for change in page.changes where !isStopping {
                    guard let event = PublishedEvent(change) else { continue }
                    try await process(event, sequence: change.sequence)
                    // Saved at once, so that a restart does not run the event's actions again.
                    cursor = change.sequence
                    try await save()
                }
                guard !isStopping else { break }
                // Everything else needs no record: the cursor passes it here and is saved with the
                // lease's renewal, rather than with a write per change of every workflow.
                cursor = max(cursor, page.lastSequence)
                if page.changes.count >= Self.pageSize { continue }
                if engine.clock.now() - leaseRenewedAt >= leaseDuration.millis / 3 { try await save() }
                await engine.changeBell.wait(after: generation, timeout: leaseDuration / 3)
            }
            try await save()
            try? await engine.store.releaseChangeCursor(name: Self.cursorName, owner: owner)
        } catch is LeaseLost {
            engine.logger.info("event handlers: processing continues elsewhere (lease lost)")
        } catch {
            engine.logger.warning("event handlers: \(error); event \(cursor + 1) will be processed again")
            try? await engine.store.releaseChangeCursor(name: Self.cursorName, owner: owner)
        }
    }

    /// Runs the actions of every active handler of `event` whose condition holds. A condition
    /// that fails and an action that cannot apply are logged and skipped; a failing store throws,
    /// so that the event is processed again.
    private func process(_ event: PublishedEvent, sequence: Int64) async throws(EngineError) {
        let handlers = EventHandling.handlers(for: event.name, in: try await engine.eventHandlers())
        for handler in handlers {
            do throws(ScriptError) {
                guard try await engine.admits(handler, payload: event.payload) else {
                    engine.logger.info("event handler \(handler.name): condition is false for event \(event.name) (seq \(sequence)); skipped")
                    continue
                }
            } catch {
                engine.logger.warning("event handler \(handler.name): condition failed for event \(event.name) (seq \(sequence)): \(error); skipped")
                continue
            }
            for (index, action) in (handler.actions ?? []).enumerated() {
                let label = "event handler \(handler.name) action \(index) (\(action.action ?? "?")) for event \(event.name) (seq \(sequence))"
                do {
                    let order = try EventHandling.order(for: action, of: event)
                    let outcome = try await engine.carryOut(order, idempotencyKey: "event:\(sequence):\(handler.name):\(index)")
                    engine.logger.info("\(label): \(outcome)")
                } catch let error as EngineError {
                    switch error {
                    case .store, .unavailable: throw error
                    default: engine.logger.warning("\(label): \(error)")
                    }
                } catch {
                    engine.logger.warning("\(label): \(error)")
                }
            }
        }
    }
}

extension PublishedEvent {
    /// The event an EVENT task's completion published, if `change` is one.
    init?(_ change: StoredChange) {
        guard change.event.kind == .task, change.event.taskType == "EVENT",
            case .object(let payload)? = change.event.data?["output"], let name = payload["event_produced"]?.stringValue
        else { return nil }
        self.init(name: name, payload: .object(payload), messageId: String(change.sequence))
    }
}
