import BatonClient
import BatonModel
import BatonWorker
import Foundation
import Logging
import ServiceLifecycle

/// The order saga's workers in Swift, on Baton's worker SDK (BatonWorker): the same steps and
/// undo steps as `workers.py`, printing the same lines.
///
///     BATON_SERVER=http://127.0.0.1:8080 FAIL_SHIPPING=1 swift run order-saga-workers
///
/// `FAIL_SHIPPING` is `1` (every shipment fails) or a comma list of order ids whose shipments fail;
/// a card is declined for an amount over 1000.
@main
struct OrderSagaWorkers {
    static func main() async throws {
        let server = ProcessInfo.processInfo.environment["BATON_SERVER"] ?? "http://127.0.0.1:8080"
        let failing = ProcessInfo.processInfo.environment["FAIL_SHIPPING"] ?? ""
        let failShipping: @Sendable (String) -> Bool = { order in
            failing == "1" || failing.split(separator: ",").contains { $0 == order }
        }
        let runner = WorkerRunner(client: Client(baseURL: server), workers: workers(failShipping: failShipping), workerId: "order-saga-swift")
        let group = ServiceGroup(services: [runner], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "order-saga"))
        try await group.run()
    }

    /// Writes a line at once, so that the order of the steps shows when output goes to a file.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func reference(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    static let cardLimit = 1000.0

    static func workers(failShipping: @escaping @Sendable (String) -> Bool) -> [Worker] {
        [
            Worker(taskType: "generate_order") { task in
                let order = task.inputData["orderId"]?.stringValue ?? "?"
                say("order      \(order) created for \(task.inputData["customer"]?.stringValue ?? "?")")
                return .completed(["orderId": .string(order)])
            },
            Worker(taskType: "reserve_inventory") { task in
                let reservation = reference("res")
                say("inventory  \(task.inputData["quantity"]?.interpolationText ?? "?") x \(task.inputData["sku"]?.stringValue ?? "?") reserved as \(reservation)")
                return .completed(["reservationId": .string(reservation)])
            },
            Worker(taskType: "charge_payment") { task in
                let amount = task.inputData["amount"] ?? .null
                if let value = amount.doubleValue, value > cardLimit {
                    say("payment    \(amount.interpolationText) for \(task.inputData["orderId"]?.stringValue ?? "?") DECLINED")
                    // A declined card stays declined: no retry.
                    return .failed(reason: "card declined: \(amount.interpolationText) is over the limit of \(Int(cardLimit))", terminal: true)
                }
                let payment = reference("pay")
                say("payment    \(amount.interpolationText) charged for \(task.inputData["orderId"]?.stringValue ?? "?") as \(payment)")
                return .completed(["paymentId": .string(payment), "amount": amount])
            },
            Worker(taskType: "ship_order") { task in
                let order = task.inputData["orderId"]?.stringValue ?? "?"
                if failShipping(order) {
                    say("shipping   \(order) FAILED: no courier available")
                    return .failed(reason: "no courier available")
                }
                let tracking = reference("trk")
                say("shipping   \(order) shipped as \(tracking)")
                return .completed(["trackingNumber": .string(tracking)])
            },
            Worker(taskType: "notify_customer") { task in
                say("notify     \(task.inputData["customer"]?.stringValue ?? "?"): your parcel is \(task.inputData["trackingNumber"]?.stringValue ?? "?")")
                return .completed(["notified": true])
            },
            Worker(taskType: "refund_payment") { task in
                say("UNDO       refund \(task.inputData["amount"]?.interpolationText ?? "?") of \(task.inputData["paymentId"]?.stringValue ?? "?")")
                return .completed(["refunded": true])
            },
            Worker(taskType: "release_inventory") { task in
                say("UNDO       release reservation \(task.inputData["reservationId"]?.stringValue ?? "?")")
                return .completed(["released": true])
            },
            Worker(taskType: "cancel_order") { task in
                say("UNDO       cancel order \(task.inputData["orderId"]?.stringValue ?? "?") (\(task.inputData["reason"]?.stringValue ?? ""))")
                return .completed(["cancelled": true])
            },
            Worker(taskType: "apologise_to_customer") { task in
                say("UNDO       sorry, \(task.inputData["customer"]?.stringValue ?? "?")")
                return .completed(["apologised": true])
            },
        ]
    }
}
