import Foundation

/// JSON text for database columns; every store encodes and decodes payloads through here.
public enum JSONText {
    public static func encode<T: Encodable>(_ value: T) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        } catch {
            throw .database("cannot encode \(T.self): \(error)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw .database("stored \(T.self) cannot be read: \(error)")
        }
    }
}
