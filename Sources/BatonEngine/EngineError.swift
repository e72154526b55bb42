import BatonCore
public import BatonStore

/// Why the engine refused or could not carry out a request. The server maps each case to an
/// HTTP status once, in one place.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// The request names something that does not exist (404).
    case notFound(String)
    /// The request conflicts with the current state (409).
    case conflict(String)
    /// The request is malformed or asks for something impossible (400).
    case invalid(String)
    /// The store failed (500).
    case store(StoreError)
    /// The server is stopping and takes no more changes (503).
    case unavailable(String)
    /// What was asked for existed once and is gone for good: change events retention deleted (410).
    case gone(String)

    public var description: String {
        switch self {
        case .notFound(let message), .conflict(let message), .invalid(let message), .unavailable(let message),
            .gone(let message):
            return message
        case .store(let error):
            return error.description
        }
    }

    init(_ error: DecisionError) {
        switch error {
        case .conflict(let message): self = .conflict(message)
        case .notFound(let message): self = .notFound(message)
        case .invalid(let message): self = .invalid(message)
        }
    }

    init(_ error: StoreError) {
        switch error {
        case .conflict(let message): self = .conflict(message)
        case .database: self = .store(error)
        }
    }
}
