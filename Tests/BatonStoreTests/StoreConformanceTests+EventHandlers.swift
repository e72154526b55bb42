import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import Testing

extension StoreConformanceTests {
    static func handler(_ name: String, event: String = "conductor:order:published") throws -> EventHandler {
        try JSONDecoder().decode(EventHandler.self, from: Data("""
            {"name": "\(name)", "event": "\(event)", "active": true, "ownerApp": "kept",
             "actions": [{"action": "start_workflow", "start_workflow": {"name": "ship", "input": {"id": "${orderId}"}}, "note": 1}]}
            """.utf8))
    }

    @Test("event handlers: added once, replaced, listed by name, deleted; unknown fields kept", arguments: StoreKind.allCases)
    func eventHandlerRegistry(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let second = try Self.handler("b-second")
            let first = try Self.handler("a-first")
            try await store.addEventHandler(second)
            try await store.addEventHandler(first)
            await #expect(throws: StoreError.self) { try await store.addEventHandler(first) }
            #expect(try await store.eventHandlers() == [first, second])
            #expect(try await store.eventHandlers()[0].extra["ownerApp"] == "kept")
            #expect(try await store.eventHandlers()[0].actions?[0].extra["note"] == 1)

            var inactive = first
            inactive.active = false
            inactive.event = "conductor:other"
            #expect(try await store.updateEventHandler(inactive))
            #expect(try await !store.updateEventHandler(try Self.handler("missing")))
            #expect(try await store.eventHandlers() == [inactive, second])

            #expect(try await store.deleteEventHandler(named: first.name))
            #expect(try await !store.deleteEventHandler(named: first.name))
            #expect(try await store.eventHandlers() == [second])
        }
    }

    @Test("change cursors: start at the log's head, one owner at a time, moves need the lease", arguments: StoreKind.allCases)
    func changeCursors(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.commit([try Fixtures.started().1])
            let head = try await store.latestChangeSequence()
            #expect(head > 0)
            #expect(try await store.claimChangeCursor(name: "reader", owner: "a", now: 1_000, leaseMillis: 10_000) == head)
            #expect(try await store.claimChangeCursor(name: "reader", owner: "b", now: 5_000, leaseMillis: 10_000) == nil)
            #expect(try await store.moveChangeCursor(name: "reader", owner: "a", to: head + 5, leasedUntil: 20_000))
            #expect(try await !store.moveChangeCursor(name: "reader", owner: "b", to: head + 9, leasedUntil: 20_000))
            // Renewing the lease keeps the cursor.
            #expect(try await store.moveChangeCursor(name: "reader", owner: "a", to: nil, leasedUntil: 20_000))
            #expect(try await store.claimChangeCursor(name: "reader", owner: "b", now: 15_000, leaseMillis: 10_000) == nil)

            // The lease runs out: another owner resumes where the first left off.
            #expect(try await store.claimChangeCursor(name: "reader", owner: "b", now: 20_001, leaseMillis: 10_000) == head + 5)
            #expect(try await !store.moveChangeCursor(name: "reader", owner: "a", to: head + 9, leasedUntil: 40_000))
            try await store.releaseChangeCursor(name: "reader", owner: "b")
            #expect(try await store.claimChangeCursor(name: "reader", owner: "a", now: 20_002, leaseMillis: 10_000) == head + 5)

            // The event handlers' cursor was created with the schema, at the head of an empty log.
            #expect(try await store.claimChangeCursor(name: "event-handlers", owner: "a", now: 0, leaseMillis: 1_000) == 0)
        }
    }
}
