import BatonCore
import BatonModel
import Synchronization

/// Compiled jq programs kept for reuse, by query.
///
/// Compiling is the slow part of a jq run (libjq 1.6 compiles its builtins with every program,
/// about 10 ms), while starting a compiled program on new input is cheap. A program is taken out
/// while it runs and put back after, so no two runs share a `jq_state`.
final class JQPrograms: Sendable {
    /// How many idle programs are kept at most.
    let capacity: Int
    private let idle = Mutex<[String: [JQProgram]]>([:])

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// Runs `query` on `input` with an idle compiled program, or a newly compiled one.
    func run(_ query: String, on input: JSONValue) throws(ScriptError) -> [JSONValue] {
        let program: JQProgram
        if let kept = take(query) { program = kept } else { program = try JQProgram(compiling: query) }
        defer { putBack(program, for: query) }
        return try program.run(on: input)
    }

    private func take(_ query: String) -> JQProgram? {
        idle.withLock { $0[query]?.popLast() }
    }

    /// Keeps `program` for the next run of `query`, making room by dropping another query's.
    private func putBack(_ program: JQProgram, for query: String) {
        idle.withLock { idle in
            if idle.values.reduce(0, { $0 + $1.count }) >= capacity, let victim = idle.keys.first(where: { $0 != query }) ?? idle.keys.first {
                idle[victim]?.removeLast()
                if idle[victim]?.isEmpty == true { idle[victim] = nil }
            }
            idle[query, default: []].append(program)
        }
    }
}
