public import BatonEngine
public import Hummingbird

/// Baton's HTTP API: Conductor's routes under `/api`, plus `/health`.
public enum APIServer {
    /// Settings of the HTTP layer.
    public struct Configuration: Sendable {
        /// The largest request body accepted, in bytes.
        public var maxBodySize: Int

        public init(maxBodySize: Int = 10 * 1024 * 1024) {
            self.maxBodySize = maxBodySize
        }
    }

    /// The router with every route, errors rendered as Conductor does.
    public static func router(engine: Engine, configuration: Configuration = .init()) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("health") { _, _ in try JSONResponse.make(["healthy": true]) }
        let reader = RequestReader(maxBodySize: configuration.maxBodySize)
        MetadataRoutes(engine: engine, reader: reader).register(on: router)
        WorkflowRoutes(engine: engine, reader: reader).register(on: router)
        TaskRoutes(engine: engine, reader: reader).register(on: router)
        ChangeRoutes(engine: engine).register(on: router)
        WebhookRoutes(engine: engine, reader: reader).register(on: router)
        EventRoutes(engine: engine, reader: reader).register(on: router)
        return router
    }
}
