import BatonStore
import Foundation
import PostgresNIO

/// Turns what postgres-nio throws into one-line ``StoreError``s.
///
/// postgres-nio hides the details of its errors from `description` (they may hold data); a store
/// error is for operators, so it names the server's message, the SQLSTATE, or the network reason.
enum PostgresErrors {
    /// SQLSTATEs of a transaction that PostgreSQL aborted and that may succeed when run again.
    static let retryable: Set<String> = ["40001", "40P01"] // serialization_failure, deadlock_detected

    static func storeError(_ error: any Error, at url: PostgresURL) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresTransactionError {
            guard let cause = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError else {
                return .database("PostgreSQL: transaction failed")
            }
            return storeError(cause, at: url)
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState] ?? ""
                return refusesLogin(sqlState: state)
                    ? .database(oneLine("cannot connect to PostgreSQL at \(url.endpoint): \(message)"))
                    : .database(oneLine("PostgreSQL: \(message) (SQLSTATE \(state))"))
            }
            switch error.code {
            case .connectionError, .sslUnsupported, .failedToAddSSLHandler, .unsupportedAuthMechanism,
                 .authMechanismRequiresPassword, .saslError, .serverClosedConnection, .uncleanShutdown:
                let reason = error.underlying.map(networkReason) ?? "\(error.code)"
                return .database(oneLine("cannot connect to PostgreSQL at \(url.endpoint): \(reason)"))
            case .poolClosed:
                return .database("PostgreSQL: the store's connection pool is not running (run the store's services)")
            default:
                return .database(oneLine("PostgreSQL: \(error.code)\(error.underlying.map { ": \(networkReason($0))" } ?? "")"))
            }
        }
        // The connection pool's own errors come from a module postgres-nio does not export.
        if "\(type(of: error))" == "ConnectionPoolError" {
            let text = String(describing: error)
            if text.contains("CircuitBreaker") {
                return .database("cannot connect to PostgreSQL at \(url.endpoint): no connection could be opened for a minute")
            }
            if text.contains("poolShutdown") {
                return .database("PostgreSQL: the store's connection pool is not running (run the store's services)")
            }
        }
        return .database(oneLine("PostgreSQL at \(url.endpoint): \(networkReason(error))"))
    }

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(of error: any Error) -> String? {
        if let error = error as? PostgresTransactionError {
            return (error.closureError ?? error.commitError ?? error.beginError).flatMap(sqlState(of:))
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Class 28 (invalid authorization), 3D000 (no such database), 53300 (too many connections),
    /// 57P03 (cannot connect now): the login itself failed.
    static func refusesLogin(sqlState: String) -> Bool {
        sqlState.hasPrefix("28") || ["3D000", "53300", "57P03"].contains(sqlState)
    }

    /// A short reason for a network failure: the system's words for an errno, not NIO's dump.
    static func networkReason(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let failure = error.connectionErrors.first { return networkReason(failure.error) }
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve \(error.host): \(dns)" }
            return "cannot reach \(error.host):\(error.port)"
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if let error = error as? ChannelError, case .connectTimeout(let timeout) = error {
            return "no answer within \(timeout.nanoseconds / 1_000_000_000) seconds"
        }
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? error.underlying.map(networkReason) ?? "\(error.code)"
        }
        return String(describing: error)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
