public import ServiceLifecycle
import BatonStore
import Foundation
import Synchronization

/// Delivers change events to registered webhooks: one loop per webhook, each under a lease in
/// the store, so that of several servers exactly one delivers a webhook's events at a time, and a
/// slow or dead endpoint holds up only its own webhook.
///
/// Every few seconds (and at once when a webhook is registered here) the service looks for
/// webhooks nobody delivers and claims them; a server that dies leaves its leases to run out,
/// and one that stops gives them back.
public final class WebhookService: Service, Sendable {
    /// Timing of deliveries and leases.
    public struct Settings: Sendable {
        /// The wait before the second attempt; it doubles after each failure.
        public var firstRetryDelay: Duration
        /// The longest wait between attempts.
        public var maxRetryDelay: Duration
        /// How long an event is retried before it is given up.
        public var maxRetryDuration: Duration
        /// How long one POST may take.
        public var requestTimeout: Duration
        /// How long a claim on a webhook holds without renewal.
        public var leaseDuration: Duration
        /// How often the service looks for webhooks to claim.
        public var claimPeriod: Duration

        public init(
            firstRetryDelay: Duration = .seconds(1), maxRetryDelay: Duration = .seconds(300),
            maxRetryDuration: Duration = .seconds(86_400), requestTimeout: Duration = .seconds(10),
            leaseDuration: Duration = .seconds(30), claimPeriod: Duration = .seconds(5)
        ) {
            self.firstRetryDelay = firstRetryDelay
            self.maxRetryDelay = maxRetryDelay
            self.maxRetryDuration = maxRetryDuration
            self.requestTimeout = requestTimeout
            self.leaseDuration = leaseDuration
            self.claimPeriod = claimPeriod
        }
    }

    /// The wake-up the service waits on for newly registered webhooks.
    static let wakeUp = "webhooks"

    let engine: Engine
    let sender: any WebhookSender
    let settings: Settings
    /// This service's name on leases.
    let owner = "webhooks-" + UUID().uuidString.lowercased()
    private let running = Mutex<Set<String>>([])
    private let stopping = StopFlag()

    public init(engine: Engine, sender: any WebhookSender, settings: Settings = .init()) {
        self.engine = engine
        self.sender = sender
        self.settings = settings
    }

    var isStopping: Bool { stopping.isStopped || !_Concurrency.Task.keepsRunning }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !isStopping {
                    for webhook in await unclaimed() {
                        guard let progress = await claim(webhook) else { continue }
                        group.addTask {
                            var delivery = WebhookDelivery(service: self, webhook: webhook, progress: progress)
                            await delivery.run()
                            self.running.withLock { _ = $0.remove(webhook.id) }
                        }
                    }
                    await engine.signals.wait(Self.wakeUp, timeout: settings.claimPeriod)
                }
            }
        } onGracefulShutdown: {
            self.stopping.stop()
            self.engine.signals.ring(Self.wakeUp)
            self.engine.changeBell.ring()
        }
    }

    /// Registered webhooks that no loop of this service delivers.
    private func unclaimed() async -> [Webhook] {
        do {
            let all = try await engine.store.webhooks()
            return running.withLock { running in all.filter { !running.contains($0.id) } }
        } catch {
            engine.logger.warning("webhooks: listing: \(error)")
            return []
        }
    }

    private func claim(_ webhook: Webhook) async -> WebhookProgress? {
        do {
            guard
                let progress = try await engine.store.claimWebhook(
                    id: webhook.id, owner: owner, now: engine.clock.now(), leaseMillis: settings.leaseDuration.millis)
            else { return nil }
            running.withLock { _ = $0.insert(webhook.id) }
            return progress
        } catch {
            engine.logger.warning("webhooks: claiming \(webhook.id): \(error)")
            return nil
        }
    }
}

extension Duration {
    /// Whole milliseconds.
    var millis: Int { Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000) }
}
