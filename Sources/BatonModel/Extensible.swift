/// The typed fields of an ``Extensible`` object.
public protocol ExtensibleFields: Codable, Sendable, Hashable {
    /// The JSON keys of the typed fields; every other key of the object lands in ``Extensible/extra``.
    /// A stored constant: it is consulted on every decode.
    static var fieldNames: Set<String> { get }
}

/// A Conductor object whose known fields are typed and whose other fields round-trip verbatim.
///
/// Conductor definitions carry many fields Baton has no use for (`ownerEmail`, `inputSchema`, ...);
/// clients expect to read back what they registered, so unknown members are kept in ``extra``
/// and written back on encoding. Typed fields read and write through dynamic member lookup.
@dynamicMemberLookup
public struct Extensible<Fields: ExtensibleFields>: Sendable, Hashable {
    public var fields: Fields
    /// Members of the JSON object that ``fields`` does not name.
    public var extra: [String: JSONValue]

    public init(_ fields: Fields, extra: [String: JSONValue] = [:]) {
        self.fields = fields
        self.extra = extra
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        get { fields[keyPath: keyPath] }
        set { fields[keyPath: keyPath] = newValue }
    }
}

extension Extensible: Codable {
    public init(from decoder: any Decoder) throws {
        fields = try Fields(from: decoder)
        let all = try decoder.container(keyedBy: AnyCodingKey.self)
        let known = Fields.fieldNames
        var extra: [String: JSONValue] = [:]
        for key in all.allKeys where !known.contains(key.stringValue) {
            extra[key.stringValue] = try all.decode(JSONValue.self, forKey: key)
        }
        self.extra = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        let known = Fields.fieldNames
        for (key, value) in extra where !known.contains(key) {
            try container.encode(value, forKey: AnyCodingKey(key))
        }
        try fields.encode(to: encoder)
    }
}

/// A coding key made from any string.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }

    public init(_ stringValue: String) { self.stringValue = stringValue }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
