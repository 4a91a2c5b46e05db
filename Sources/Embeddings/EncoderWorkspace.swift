/// Activation buffers for one forward pass, allocated once per pass so the layer loops never
/// allocate. Rows are tokens of all sequences packed back to back.
struct EncoderWorkspace: ~Copyable {
    let tokenCount: Int
    /// Hidden states, `[tokens, hidden]`.
    let hidden: UnsafeMutablePointer<Float>
    /// Query, key and value side by side, `[tokens, 3 × hidden]`.
    let queryKeyValue: UnsafeMutablePointer<Float>
    /// Attention output before its projection, `[tokens, hidden]`.
    let context: UnsafeMutablePointer<Float>
    /// Output of a projection back to the hidden size, `[tokens, hidden]`.
    let projected: UnsafeMutablePointer<Float>
    /// Feed-forward activations, `[tokens, intermediate]`.
    let intermediate: UnsafeMutablePointer<Float>
    /// Attention scores of one head of one sequence, `[length, length]`.
    let scores: UnsafeMutablePointer<Float>

    init(tokenCount: Int, longestSequence: Int, config: BertConfig) {
        self.tokenCount = tokenCount
        hidden = .allocate(capacity: tokenCount * config.hiddenSize)
        queryKeyValue = .allocate(capacity: tokenCount * 3 * config.hiddenSize)
        context = .allocate(capacity: tokenCount * config.hiddenSize)
        projected = .allocate(capacity: tokenCount * config.hiddenSize)
        intermediate = .allocate(capacity: tokenCount * config.intermediateSize)
        scores = .allocate(capacity: longestSequence * longestSequence)
    }

    deinit {
        hidden.deallocate()
        queryKeyValue.deallocate()
        context.deallocate()
        projected.deallocate()
        intermediate.deallocate()
        scores.deallocate()
    }
}
