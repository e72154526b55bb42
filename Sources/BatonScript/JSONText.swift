import BatonCore
import BatonModel
import Foundation

/// JSON text as the interpreters exchange it with Baton.
enum JSONText {
    /// Decodes `text`, which an interpreter produced, into a value.
    static func decode(_ text: String, from source: String) throws(ScriptError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw ScriptError("\(source) produced a value that is not JSON: \(text.prefix(200))")
        }
    }
}

extension Duration {
    /// The duration in seconds, as the C libraries take it.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration as a message names it: `2 s`, `0.5 s`.
    var secondsText: String {
        let value = seconds
        return value.rounded() == value ? "\(Int64(value)) s" : "\(value) s"
    }
}
