/// A type read straight from JSON text: a fast path that gives what `JSONDecoder` gives for the
/// same text, or declines it with `JSONTextReader.Unhandled`, never anything else.
public protocol JSONTextReadable {
    init(reading reader: inout JSONTextReader) throws(JSONTextReader.Unhandled)
}

extension JSONTextReader {
    @inlinable
    public mutating func readOptional<Value: JSONTextReadable>(_: Value.Type) throws(Unhandled) -> Value? {
        readNull() ? nil : try Value(reading: &self)
    }

    @inlinable
    public mutating func readOptionalArray<Element: JSONTextReadable>(of _: Element.Type) throws(Unhandled) -> [Element]? {
        guard !readNull() else { return nil }
        var elements: [Element] = []
        try readArray { reader throws(Unhandled) in elements.append(try Element(reading: &reader)) }
        return elements
    }
}
