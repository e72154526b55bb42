import CJavaScriptCore

/// A JavaScriptCore string made from a Swift string; release it with `JSStringRelease`.
func makeJSString(_ text: String) -> JSStringRef {
    JSStringCreateWithUTF8CString(text)
}

/// The text of a JavaScriptCore string (the string is not released).
func swiftString(_ string: JSStringRef) -> String {
    let length = JSStringGetLength(string)
    guard length > 0, let characters = JSStringGetCharactersPtr(string) else { return "" }
    return String(decoding: UnsafeBufferPointer(start: characters, count: length), as: UTF16.self)
}

/// The text of a JavaScript value as `String(value)` gives it: an exception's `Name: message`.
func describe(_ value: JSValueRef, in context: JSContextRef) -> String {
    guard let string = JSValueToStringCopy(context, value, nil) else { return "unknown JavaScript error" }
    defer { JSStringRelease(string) }
    return swiftString(string)
}
