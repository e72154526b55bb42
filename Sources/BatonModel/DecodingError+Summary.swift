extension DecodingError {
    /// One line naming where and why JSON did not decode, e.g.
    /// `missing field 'name' in tasks[1]` or `tasks[0].retryCount: expected a number`.
    public var summary: String {
        switch self {
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : " in \(Self.path(context.codingPath))"
            return "missing field '\(key.stringValue)'\(at)"
        case .typeMismatch(let type, let context):
            return "\(Self.path(context.codingPath)): expected \(Self.kind(type))"
        case .valueNotFound(let type, let context):
            return "\(Self.path(context.codingPath)): expected \(Self.kind(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "\(Self.path(context.codingPath)): \(context.debugDescription.split(whereSeparator: \.isNewline).joined(separator: " "))"
        @unknown default:
            return "\(self)".split(whereSeparator: \.isNewline).joined(separator: " ")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out.isEmpty ? "top level" : out
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") || name == "JSONValue" { return "an object" }
            return name
        }
    }
}
