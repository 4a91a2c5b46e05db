extension Sequence<UInt8> {
    /// Runs `body` on the bytes as one buffer, copying them only when they are not contiguous.
    func withContiguousBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws(LLMError) -> Result) throws(LLMError) -> Result {
        var result: Swift.Result<Result, LLMError>?
        _ = withContiguousStorageIfAvailable { buffer in
            result = Swift.Result { () throws(LLMError) in try body(buffer) }
        }
        if let result { return try result.get() }
        return try Array(self).withUnsafeBufferPointer { buffer in Swift.Result { () throws(LLMError) in try body(buffer) } }.get()
    }
}
