import BatonCore
import BatonModel
import CJQ
import Foundation

/// A compiled jq program: one `jq_state`, which can run on many inputs, one run at a time.
///
/// libjq's state is not thread-safe; ``JQPrograms`` hands each program to one caller at a time,
/// which is what makes the `@unchecked Sendable` sound.
final class JQProgram: @unchecked Sendable {
    private let state: OpaquePointer

    /// Compiles `query`; a query that does not compile throws jq's messages.
    init(compiling query: String) throws(ScriptError) {
        guard let state = jq_init() else { throw ScriptError("jq could not start") }
        self.state = state
        let messages = JQMessages()
        jq_set_error_cb(state, JQMessages.callback, Unmanaged.passUnretained(messages).toOpaque())
        let compiled = withExtendedLifetime(messages) { jq_compile(state, query) != 0 }
        jq_set_error_cb(state, JQMessages.callback, nil)
        guard compiled else { throw ScriptError(messages.text) }
    }

    deinit {
        var owned: OpaquePointer? = state
        jq_teardown(&owned)
    }

    /// Every value the program produces on `input`, or the error that stops it.
    func run(on input: JSONValue) throws(ScriptError) -> [JSONValue] {
        let value = jv_parse(input.compactText)
        guard jv_is_valid(value) != 0 else {
            jv_free(value)
            throw ScriptError("the query's input is not valid JSON")
        }
        jq_start(state, value, 0)
        var values: [JSONValue] = []
        while true {
            let next = jq_next(state)
            if jv_is_valid(next) != 0 {
                values.append(try JSONText.decode(Self.json(of: next), from: "jq"))
            } else if jv_invalid_has_msg(jv_copy(next)) != 0 {
                throw ScriptError("jq: error: \(Self.text(of: jv_invalid_get_msg(next)))")
            } else {
                jv_free(next)
                if jq_halted(state) != 0 { try checkHalt() }
                return values
            }
        }
    }

    /// `halt_error` stops the program with an error; plain `halt` just ends it.
    private func checkHalt() throws(ScriptError) {
        let message = jq_get_error_message(state)
        switch jv_get_kind(message) {
        case JV_KIND_INVALID, JV_KIND_NULL: jv_free(message)
        default: throw ScriptError("jq: halt_error: \(Self.text(of: message))")
        }
    }

    /// A message's text: a string's own text, any other value as JSON text; consumes `value`.
    static func text(of value: jv) -> String {
        guard jv_get_kind(value) == JV_KIND_STRING else { return json(of: value) }
        defer { jv_free(value) }
        return String(cString: jv_string_value(value))
    }

    /// The value as JSON text; consumes `value`.
    static func json(of value: jv) -> String {
        let dumped = jv_dump_string(value, 0)
        defer { jv_free(dumped) }
        return String(cString: jv_string_value(dumped))
    }
}

/// The messages jq reports while compiling a program, in order.
private final class JQMessages {
    private var lines: [String] = []

    /// jq's error callback: adds the message to the `JQMessages` that `box` points to, if any.
    /// The callback owns the message.
    static let callback: jq_msg_cb = { box, message in
        guard let box else { return jv_free(message) }
        let messages = Unmanaged<JQMessages>.fromOpaque(box).takeUnretainedValue()
        messages.lines.append(JQProgram.text(of: message).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    var text: String { lines.isEmpty ? "jq: the query does not compile" : lines.joined(separator: "; ") }
}
