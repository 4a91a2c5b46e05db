/// How a fast path reads one member's value into a wire type.
public struct JSONField<Wire>: Sendable {
    public typealias Unhandled = JSONTextReader.Unhandled

    @usableFromInline let read: @Sendable (inout Wire, inout JSONTextReader) throws(Unhandled) -> Void
    /// A missing member is then `JSONDecoder`'s to report.
    @usableFromInline let isRequired: Bool

    @usableFromInline
    init(isRequired: Bool = false, read: @escaping @Sendable (inout Wire, inout JSONTextReader) throws(Unhandled) -> Void) {
        self.isRequired = isRequired
        self.read = read
    }

    @inlinable
    public static func string(_ path: any WritableKeyPath<Wire, String?> & Sendable) -> Self {
        Self { wire, reader throws(Unhandled) in wire[keyPath: path] = try reader.readOptionalString() }
    }

    /// A string the type cannot do without: missing or null, it is left to `JSONDecoder`.
    @inlinable
    public static func requiredString(_ path: any WritableKeyPath<Wire, String> & Sendable) -> Self {
        Self(isRequired: true) { wire, reader throws(Unhandled) in wire[keyPath: path] = try reader.readString() }
    }

    @inlinable
    public static func int(_ path: any WritableKeyPath<Wire, Int?> & Sendable) -> Self {
        Self { wire, reader throws(Unhandled) in wire[keyPath: path] = try reader.readOptionalInt() }
    }

    @inlinable
    public static func bool(_ path: any WritableKeyPath<Wire, Bool?> & Sendable) -> Self {
        Self { wire, reader throws(Unhandled) in wire[keyPath: path] = try reader.readOptionalBool() }
    }

    @inlinable
    public static func object<Value: JSONTextReadable & SendableMetatype>(_ path: any WritableKeyPath<Wire, Value?> & Sendable) -> Self {
        Self { wire, reader throws(Unhandled) in wire[keyPath: path] = try reader.readOptional(Value.self) }
    }

    @inlinable
    public static func array<Element: JSONTextReadable & SendableMetatype>(_ path: any WritableKeyPath<Wire, [Element]?> & Sendable) -> Self {
        Self { wire, reader throws(Unhandled) in wire[keyPath: path] = try reader.readOptionalArray(of: Element.self) }
    }

    /// A member taken only when null: any other value is left to `JSONDecoder` (objects it
    /// decodes leniently, or that come too seldom for a fast path).
    public static var onlyNull: Self {
        Self { _, reader throws(Unhandled) in
            guard reader.readNull() else { throw Unhandled() }
        }
    }
}
