public import BatonStore
import Foundation
import PostgresNIO

/// Where a PostgreSQL database is and how to log in: a parsed
/// `postgres://user:password@host:port/database?sslmode=...` (or `postgresql://`) URL.
///
/// The port defaults to 5432, the database to the user name, as `psql` does. `sslmode` may be
/// `disable`, `prefer` (the default: TLS when the server offers it) or `require`.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `url`; a malformed one is a ``StoreError/database(_:)`` that says which part is wrong.
    public init(_ url: String) throws(StoreError) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw .database("a PostgreSQL URL looks like postgres://user:password@host:port/database (got '\(Self.redacted(url))')")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .database("the PostgreSQL URL '\(Self.redacted(url))' names no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw .database("the PostgreSQL URL '\(Self.redacted(url))' names no user")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw .database("the PostgreSQL URL '\(Self.redacted(url))' has an invalid port \(port)")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            case let other:
                throw .database("the PostgreSQL URL's sslmode must be disable, prefer or require (got '\(other)')")
            }
        }
        self.init(
            host: host, port: components.port ?? 5432,
            username: username.removingPercentEncoding ?? username,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: path.isEmpty ? username : (path.removingPercentEncoding ?? path), tls: tls)
    }

    /// `host:port`, as connection errors name the server.
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL without its password, fit for logs.
    public var description: String {
        "postgres://\(username)@\(endpoint)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// The same server and login with another database.
    public func with(database: String) -> PostgresURL {
        var url = self
        url.database = database
        return url
    }

    /// The configuration of a pooled ``PostgresClient``.
    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: clientTLS)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The configuration of one connection outside the pool.
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw .database("cannot set up TLS for PostgreSQL at \(endpoint): \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// `url` with any password replaced, so that errors never print it.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
