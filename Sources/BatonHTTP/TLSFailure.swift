import NIOSSL

/// A TLS handshake that failed, described by BoringSSL's reason code (`CERTIFICATE_VERIFY_FAILED`)
/// rather than NIOSSL's whole error, which names source files of the build.
struct TLSFailure: Error, CustomStringConvertible {
    let description: String

    init(_ error: NIOSSLError) {
        guard case .handshakeFailed(.sslError(let errors)) = error, !errors.isEmpty else {
            description = "TLS failed: \(error)"
            return
        }
        // An error reads "Error: <code> error:<hex>:<library>:<function>:<REASON> at <file>:<line>".
        let reasons = errors.map { error in
            let text = String(describing: error)
            let message = text.range(of: " at ").map { String(text[..<$0.lowerBound]) } ?? text
            return message.split(separator: ":").last.map(String.init) ?? message
        }
        var description = "TLS handshake failed: \(reasons.joined(separator: ", "))"
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            description += " (the server's certificate is not signed by a CA that Baton trusts; --http-ca-file adds one)"
        }
        self.description = description
    }
}
