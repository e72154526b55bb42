/// A string field that decodes as empty when its key is missing.
///
/// Conductor accepts some objects without a name (an inline `taskDefinition` takes its task's
/// name); whether an empty value is acceptable is for validation to say, with a clear message,
/// not for decoding.
@propertyWrapper
public struct EmptyIfMissing: Codable, Sendable, Hashable {
    public var wrappedValue: String

    public init(wrappedValue: String) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an ``EmptyIfMissing`` field, empty when the key is absent.
    public func decode(_ type: EmptyIfMissing.Type, forKey key: Key) throws -> EmptyIfMissing {
        try decodeIfPresent(type, forKey: key) ?? EmptyIfMissing(wrappedValue: "")
    }
}
