import BatonCore
import BatonModel
import CJQ
import Foundation

/// One jq run, with a `jq_state` of its own (libjq's state is not thread-safe).
struct JQRun {
    func evaluate(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] {
        guard let state = jq_init() else { throw ScriptError("jq could not start") }
        defer {
            var owned: OpaquePointer? = state
            jq_teardown(&owned)
        }
        let messages = JQMessages()
        jq_set_error_cb(state, { box, message in
            guard let box else { return jv_free(message) }
            Unmanaged<JQMessages>.fromOpaque(box).takeUnretainedValue().add(message)
        }, Unmanaged.passUnretained(messages).toOpaque())

        let compiled = withExtendedLifetime(messages) { jq_compile(state, query) != 0 }
        guard compiled else { throw ScriptError(messages.text) }
        let value = jv_parse(input.compactText)
        guard jv_is_valid(value) != 0 else {
            jv_free(value)
            throw ScriptError("the query's input is not valid JSON")
        }
        jq_start(state, value, 0)
        return try withExtendedLifetime(messages) { () throws(ScriptError) in try results(of: state) }
    }

    /// Every value the started program produces, or the error that ends it.
    private func results(of state: OpaquePointer) throws(ScriptError) -> [JSONValue] {
        var values: [JSONValue] = []
        while true {
            let next = jq_next(state)
            if jv_is_valid(next) != 0 {
                values.append(try JSONText.decode(Self.text(of: next), from: "jq"))
            } else if jv_invalid_has_msg(jv_copy(next)) != 0 {
                throw ScriptError("jq: error: \(Self.text(of: jv_invalid_get_msg(next)))")
            } else {
                jv_free(next)
                if jq_halted(state) != 0 { try Self.checkHalt(of: state) }
                return values
            }
        }
    }

    /// `halt_error` stops the program with an error; plain `halt` just ends it.
    private static func checkHalt(of state: OpaquePointer) throws(ScriptError) {
        let message = jq_get_error_message(state)
        switch jv_get_kind(message) {
        case JV_KIND_INVALID, JV_KIND_NULL: jv_free(message)
        default: throw ScriptError("jq: halt_error: \(text(of: message))")
        }
    }

    /// A string's own text, or any other value as JSON text; consumes `value`.
    static func text(of value: jv) -> String {
        if jv_get_kind(value) == JV_KIND_STRING {
            defer { jv_free(value) }
            return String(cString: jv_string_value(value))
        }
        let dumped = jv_dump_string(value, 0)
        defer { jv_free(dumped) }
        return String(cString: jv_string_value(dumped))
    }
}

/// The messages jq reports while compiling a program, in order.
private final class JQMessages {
    private var lines: [String] = []

    /// Takes a message from jq's error callback (which owns it).
    func add(_ message: jv) {
        lines.append(JQRun.text(of: message).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    var text: String { lines.isEmpty ? "jq: the query does not compile" : lines.joined(separator: "; ") }
}
