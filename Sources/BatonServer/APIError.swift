import BatonEngine
import Foundation
import Hummingbird

/// An error answer in Conductor's shape: `{"status": 404, "message": "...", "instance": ..., "retryable": false}`.
///
/// Every failure of a request becomes one of these in ``ErrorMiddleware``, the one place where
/// errors are mapped to statuses.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    /// Maps any error a route can throw to its answer.
    init(from error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as EngineError:
            switch error {
            case .notFound(let message): self.init(.notFound, message)
            case .conflict(let message): self.init(.conflict, message)
            case .invalid(let message): self.init(.badRequest, message)
            case .unavailable(let message): self.init(.serviceUnavailable, message)
            case .gone(let message): self.init(.gone, message)
            case .store(let failure): self.init(.internalServerError, failure.description)
            }
        case let error as HTTPError:
            self.init(error.status, error.body ?? error.status.reasonPhrase)
        default:
            self.init(.internalServerError, "\(error)")
        }
    }

    private struct Body: Encodable {
        var status: Int
        var message: String
        var instance: String
        var retryable: Bool
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(status: status.code, message: message, instance: Self.instance, retryable: false)
        var response = try JSONResponse.make(body)
        response.status = status
        return response
    }

    static let instance = ProcessInfo.processInfo.hostName
}

/// Turns every error thrown below it into a Conductor error body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = APIError(from: error)
            if failure.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path): \(failure.message)")
            }
            return try failure.response(from: request, context: context)
        }
    }
}
