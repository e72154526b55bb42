public import AsyncHTTPClient
import Foundation
public import NIOSSL

/// How HTTP tasks reach remote services: directly or through an HTTP proxy, trusting the system's
/// CA certificates and any extra ones an operator adds (a private CA).
public struct OutboundHTTP: Sendable {
    /// The proxy every call goes through (with `CONNECT`, so https stays end to end); nil: direct.
    public var proxy: HTTPClient.Configuration.Proxy?
    /// CA certificates trusted besides the system's.
    public var extraTrustRoots: [NIOSSLCertificate]

    public init(proxy: HTTPClient.Configuration.Proxy? = nil, extraTrustRoots: [NIOSSLCertificate] = []) {
        self.proxy = proxy
        self.extraTrustRoots = extraTrustRoots
    }

    /// Reads the server's `--http-proxy` and `--http-ca-file` values; a bad one throws naming its flag.
    public init(proxyURL: String?, caFile: String?) throws(OutboundHTTPError) {
        self.init(
            proxy: try proxyURL.map { url throws(OutboundHTTPError) in try Self.proxy(url) },
            extraTrustRoots: try caFile.map { path throws(OutboundHTTPError) in try Self.certificates(path) } ?? [])
    }

    /// The client configuration: AsyncHTTPClient's browser-like defaults (full certificate
    /// verification, redirects followed) with this proxy and these trust roots. A connection that
    /// cannot be made (refused, unverified certificate) fails the call at once with its reason
    /// instead of being retried until the call's deadline: the task's own retries apply.
    public var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.proxy = proxy
        if !extraTrustRoots.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(extraTrustRoots)]
            configuration.tlsConfiguration = tls
        }
        return configuration
    }

    /// `http://[user:password@]host:port`. An https proxy (TLS to the proxy itself) is not supported
    /// by the client, so it is refused rather than silently spoken to in plain text.
    static func proxy(_ text: String) throws(OutboundHTTPError) -> HTTPClient.Configuration.Proxy {
        let invalid = OutboundHTTPError(message: "--http-proxy must be http://[user:password@]host:port (got '\(text)')")
        guard let url = URLComponents(string: text), url.scheme?.lowercased() == "http",
              let host = url.host, !host.isEmpty, let port = url.port, (1...65535).contains(port),
              url.path.isEmpty || url.path == "/", url.query == nil
        else { throw invalid }
        let authorization = url.user.map { HTTPClient.Authorization.basic(username: $0, password: url.password ?? "") }
        return .server(host: host, port: port, authorization: authorization)
    }

    /// The PEM certificates in the file at `path`.
    static func certificates(_ path: String) throws(OutboundHTTPError) -> [NIOSSLCertificate] {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw OutboundHTTPError(message: "--http-ca-file: cannot read '\(path)' (\(error.localizedDescription))")
        }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(bytes)), !certificates.isEmpty else {
            throw OutboundHTTPError(message: "--http-ca-file: '\(path)' holds no PEM certificate")
        }
        return certificates
    }
}

/// A bad outbound HTTP setting, named by its flag.
public struct OutboundHTTPError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
