import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import Testing

extension StoreConformanceTests {
    @Test("change feed: filters, pages, the position after an empty match, data payloads", arguments: StoreKind.allCases)
    func changeFeedFilters(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (order, createOrder) = try Fixtures.started(correlationId: "o-1", input: ["sku": "A"])
            let (refund, createRefund) = try Fixtures.started(Fixtures.definition("refund", steps: ["refund"]))
            _ = try await store.commit([createOrder, createRefund])
            let all = try await store.changes(after: 0, limit: 100, matching: .all)
            #expect(all.changes.count == 4)
            #expect(all.changes.map(\.sequence) == all.changes.map(\.sequence).sorted())
            #expect(all.lastSequence == all.changes.last?.sequence)
            #expect(all.prunedThrough == 0)
            #expect(try await store.latestChangeSequence() == all.lastSequence)
            let started = try #require(all.changes.first { $0.event.workflowId == order.workflow.workflowId && $0.event.kind == .workflow })
            #expect(started.event.data?["input"] == ["sku": "A"])

            let byName = try await store.changes(after: 0, limit: 100, matching: ChangeFilter(workflowNames: ["refund"]))
            #expect(Set(byName.changes.map(\.event.workflowId)) == [refund.workflow.workflowId])
            let byCorrelation = try await store.changes(after: 0, limit: 100, matching: ChangeFilter(correlationIds: ["o-1"]))
            #expect(Set(byCorrelation.changes.map(\.event.workflowId)) == [order.workflow.workflowId])
            let byId = try await store.changes(after: 0, limit: 100, matching: ChangeFilter(workflowIds: [order.workflow.workflowId]))
            #expect(byId.changes.count == 2)
            let workflowsOnly = try await store.changes(
                after: 0, limit: 100, matching: ChangeFilter(selectors: [ChangeSelector(kind: .workflow)]))
            #expect(workflowsOnly.changes.map(\.event.kind) == [.workflow, .workflow])
            let scheduled = try await store.changes(
                after: 0, limit: 100, matching: ChangeFilter(selectors: [try #require(ChangeSelector("task.SCHEDULED"))]))
            #expect(scheduled.changes.count == 2)

            // Nothing matches: the position still moves to the head, so the reader does not scan again.
            let none = try await store.changes(after: 0, limit: 100, matching: ChangeFilter(workflowNames: ["nope"]))
            #expect(none.changes.isEmpty)
            #expect(none.lastSequence == all.lastSequence)
            // A full page continues after its last event.
            let page = try await store.changes(after: 0, limit: 3, matching: .all)
            #expect(page.lastSequence == page.changes[2].sequence)
            let rest = try await store.changes(after: page.lastSequence, limit: 3, matching: .all)
            #expect(page.changes + rest.changes == all.changes)
        }
    }

    @Test("change retention: pruning by time moves the watermark, is idempotent, keeps numbering", arguments: StoreKind.allCases)
    func changeRetention(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let (_, old) = try Fixtures.started(now: 1_000)
            let (_, recent) = try Fixtures.started(now: 9_000)
            _ = try await store.commit([old])
            _ = try await store.commit([recent])
            let before = try await store.changes(after: 0, limit: 100, matching: .all)
            let lastOld = before.changes.filter { $0.event.time == 1_000 }.map(\.sequence).max() ?? 0
            #expect(try await store.pruneChanges(before: 5_000) == 2)
            #expect(try await store.pruneChanges(before: 5_000) == 0)
            let after = try await store.changes(after: 0, limit: 100, matching: .all)
            #expect(after.prunedThrough == lastOld)
            #expect(after.changes.allSatisfy { $0.event.time == 9_000 })
            #expect(try await store.pruneChanges(before: 100_000) == 2)
            let latest = try await store.latestChangeSequence()
            #expect(latest == before.lastSequence)
            let empty = try await store.changes(after: latest, limit: 100, matching: .all)
            #expect(empty.changes.isEmpty)
            #expect(empty.prunedThrough == latest)
            let (_, next) = try Fixtures.started(now: 200_000)
            _ = try await store.commit([next])
            #expect(try await store.changes(after: latest, limit: 100, matching: .all).changes.allSatisfy { $0.sequence > latest })
        }
    }
}
