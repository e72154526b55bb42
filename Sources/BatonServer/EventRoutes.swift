import BatonEngine
import BatonModel
import Foundation
import Hummingbird

/// `/api/event`: Conductor's event handlers. Changes answer an empty 200, as Conductor does.
struct EventRoutes {
    let engine: Engine
    let reader: RequestReader

    func register(on router: Router<BasicRequestContext>) {
        let events = router.group("api/event")
        events.post { request, _ in
            try await engine.addEventHandler(try await reader.decode(EventHandler.self, from: request, what: "event handler"))
            return JSONResponse.ok
        }
        events.put { request, _ in
            try await engine.updateEventHandler(try await reader.decode(EventHandler.self, from: request, what: "event handler"))
            return JSONResponse.ok
        }
        events.get { _, _ in try JSONResponse.make(try await engine.eventHandlers()) }
        // Hummingbird wants one parameter name per position: here `{name}` is the event's name.
        events.get("{name}") { request, context in
            let event = try context.parameters.path("name")
            return try JSONResponse.make(
                try await engine.eventHandlers(
                    forEvent: event.removingPercentEncoding ?? event, activeOnly: try request.queryBool("activeOnly", default: true)))
        }
        events.delete("{name}") { _, context in
            let name = try context.parameters.path("name")
            try await engine.deleteEventHandler(named: name.removingPercentEncoding ?? name)
            return JSONResponse.ok
        }
    }
}
