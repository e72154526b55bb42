import BatonCore
import BatonModel
import CJavaScriptCore

/// One JavaScript evaluation, in a context group (a JavaScriptCore VM) of its own that is torn
/// down afterwards, stopped by JavaScriptCore's watchdog once it has used `timeLimit` of CPU time.
///
/// The script is read as Conductor reads an INLINE `expression`: a program whose completion value
/// is the result (`$.a + 1`, `(function(){ return 1 })()`), or else, if it only compiles as one,
/// a function body (`var x = $.a; return x * 2;`).
struct JavaScriptRun {
    let timeLimit: Duration

    func evaluate(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        let stopped = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        stopped.initialize(to: false)
        defer { stopped.deallocate() }

        let group = JSContextGroupCreate()!
        defer { JSContextGroupRelease(group) }
        JSContextGroupSetExecutionTimeLimit(group, timeLimit.seconds, { _, flag in
            flag?.assumingMemoryBound(to: Bool.self).pointee = true
            return true
        }, stopped)
        let context = JSGlobalContextCreateInGroup(group, nil)!
        defer { JSGlobalContextRelease(context) }

        try bindInput(input, in: context)
        let source = try program(for: script, in: context)
        defer { JSStringRelease(source) }
        var exception: JSValueRef?
        let value = JSEvaluateScript(context, source, nil, nil, 1, &exception)
        if stopped.pointee { throw ScriptError("script ran longer than \(timeLimit.secondsText)") }
        if let exception { throw ScriptError(describe(exception, in: context)) }
        return try json(of: value, in: context)
    }

    /// Binds the global `$` to a copy of `input`.
    private func bindInput(_ input: JSONValue, in context: JSGlobalContextRef) throws(ScriptError) {
        let text = makeJSString(input.compactText)
        defer { JSStringRelease(text) }
        guard let value = JSValueMakeFromJSONString(context, text) else {
            throw ScriptError("the script's input is not valid JSON")
        }
        let name = makeJSString("$")
        defer { JSStringRelease(name) }
        JSObjectSetProperty(context, JSContextGetGlobalObject(context), name, value, JSPropertyAttributes(kJSPropertyAttributeNone), nil)
    }

    /// The source to evaluate: `script` as a program if it compiles as one, else wrapped as the
    /// body of a function that is called at once. A script that compiles neither way throws the
    /// syntax error of the program.
    private func program(for script: String, in context: JSContextRef) throws(ScriptError) -> JSStringRef {
        let plain = makeJSString(script)
        var syntaxError: JSValueRef?
        if JSCheckScriptSyntax(context, plain, nil, 1, &syntaxError) { return plain }
        JSStringRelease(plain)
        let body = makeJSString("(function () {\n\(script)\n})()")
        if JSCheckScriptSyntax(context, body, nil, 0, nil) { return body }
        JSStringRelease(body)
        throw ScriptError(syntaxError.map { describe($0, in: context) } ?? "SyntaxError")
    }

    /// The value as JSON; `undefined` (and functions, which JSON cannot hold) become null.
    private func json(of value: JSValueRef?, in context: JSContextRef) throws(ScriptError) -> JSONValue {
        guard let value else { return .null }
        var exception: JSValueRef?
        guard let text = JSValueCreateJSONString(context, value, 0, &exception) else {
            if let exception { throw ScriptError("the script's result cannot be JSON: \(describe(exception, in: context))") }
            return .null
        }
        defer { JSStringRelease(text) }
        return try JSONText.decode(swiftString(text), from: "the script")
    }
}
