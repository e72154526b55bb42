public import BatonStore
import ServiceLifecycle

/// The change feed: the change log read from a cursor, at once or waiting for what comes next.
extension Engine {
    /// The change events after `since` that match `filter`, up to `limit`.
    ///
    /// Throws ``EngineError/gone(_:)`` when retention has deleted events after `since`: the reader
    /// would miss them.
    public func changes(since: Int64, limit: Int, filter: ChangeFilter) async throws(EngineError) -> ChangePage {
        let page = try await storeCall { try await store.changes(after: since, limit: limit, matching: filter) }
        if since < page.prunedThrough {
            throw .gone(
                "change events up to seq \(page.prunedThrough) were deleted by retention; since=\(since) is too old. "
                    + "Read from since=\(page.prunedThrough) (or since=now) and rebuild what you keep from current state")
        }
        return page
    }

    /// Like ``changes(since:limit:filter:)``, but waits up to `timeout` for a first matching event
    /// when there is none yet (a long poll); the answer may then be empty. A graceful shutdown ends
    /// the wait with what there is, so that open polls do not hold the server's stop until they time out.
    public func waitForChanges(
        since: Int64, limit: Int, filter: ChangeFilter, timeout: Duration
    ) async throws(EngineError) -> ChangePage {
        let deadline = ContinuousClock.now + timeout
        let stopping = StopFlag()
        let answer = await withGracefulShutdownHandler { () async -> Result<ChangePage, EngineError> in
            var since = since
            while true {
                let generation = changeBell.generation
                let page: ChangePage
                do throws(EngineError) {
                    page = try await changes(since: since, limit: limit, filter: filter)
                } catch {
                    return .failure(error)
                }
                let remaining = ContinuousClock.now.duration(to: deadline)
                if !page.changes.isEmpty || remaining <= .zero || Task.isCancelled || stopping.isStopped { return .success(page) }
                // Nothing matched up to here: continue after it, so that the next look reads only what is new.
                since = page.lastSequence
                await changeBell.wait(after: generation, timeout: remaining)
            }
        } onGracefulShutdown: { [changeBell] in
            stopping.stop()
            changeBell.ring()
        }
        return try answer.get()
    }

    /// The generation of the change log's bell: pass it to ``waitForChangeLog(after:timeout:)``.
    public var changeLogGeneration: UInt64 { changeBell.generation }

    /// Waits until the change log grows after `generation` was read, or `timeout` passes.
    public func waitForChangeLog(after generation: UInt64, timeout: Duration) async {
        await changeBell.wait(after: generation, timeout: timeout)
    }

    /// The newest sequence number of the change log (`since=now`).
    public func latestChangeSequence() async throws(EngineError) -> Int64 {
        try await storeCall { try await store.latestChangeSequence() }
    }
}

extension Engine {
    /// Deletes the change events written before `time` (epoch milliseconds); returns how many.
    public func pruneChanges(before time: Int) async throws(EngineError) -> Int {
        try await storeCall { try await store.pruneChanges(before: time) }
    }
}

extension Engine {
    /// Wakes everyone waiting for the change log to grow (they look again and find what there
    /// is): a stream that is ending, at shutdown, uses it to stop waiting.
    public func wakeChangeReaders() {
        changeBell.ring()
    }
}
