internal import CBLAS

/// The BERT encoder with mean pooling and L2 normalization: token ids in, one unit-length
/// sentence vector per sequence out. Matrix products go through `cblas_sgemm`, except those of
/// a few token rows (one query), which an AVX2 kernel does without re-packing the weights.
///
/// Sequences are packed back to back rather than padded to a common length: the dense layers
/// see only real tokens, and attention runs per sequence over exactly its own tokens. That is
/// what an attention mask achieves, with no rows computed for padding.
struct BertEncoder: Sendable {
    let config: BertConfig
    let weights: BertWeights

    /// Encodes `sequences` (each at most `config.maxPositions` ids, all ids < vocabulary size)
    /// into `output`, `sequences.count × hiddenSize` floats.
    func encode(_ sequences: [[Int32]], into output: UnsafeMutablePointer<Float>) {
        guard !sequences.isEmpty else { return }
        let tokenCount = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.map(\.count).max() ?? 0
        let workspace = EncoderWorkspace(tokenCount: tokenCount, longestSequence: longest, config: config)
        var offsets: [Int] = []
        offsets.reserveCapacity(sequences.count)
        var offset = 0
        for sequence in sequences {
            offsets.append(offset)
            offset += sequence.count
        }

        embed(sequences, offsets: offsets, into: workspace.hidden)
        for layer in weights.layers {
            attention(layer, sequences: sequences, offsets: offsets, workspace: workspace)
            feedForward(layer, workspace: workspace)
        }
        pool(sequences, offsets: offsets, hidden: workspace.hidden, into: output)
    }

    /// Word + position + token-type (always type 0: single sentences) embeddings, then LayerNorm.
    private func embed(_ sequences: [[Int32]], offsets: [Int], into hidden: UnsafeMutablePointer<Float>) {
        let size = config.hiddenSize
        let words = weights.wordEmbeddings.baseAddress!
        let positions = weights.positionEmbeddings.baseAddress!
        let tokenType = weights.tokenTypeEmbeddings.baseAddress!
        for (sequence, offset) in zip(sequences, offsets) {
            for (position, id) in sequence.enumerated() {
                let row = hidden + (offset + position) * size
                let word = words + Int(id) * size
                let positionRow = positions + position * size
                for i in 0..<size {
                    row[i] = word[i] + tokenType[i] + positionRow[i]
                }
                Self.layerNorm(row, size: size, norm: weights.embeddingNorm, epsilon: config.layerNormEpsilon)
            }
        }
    }

    /// Multi-head self-attention, output projection, residual and LayerNorm, in place on `hidden`.
    private func attention(_ layer: EncoderLayerWeights, sequences: [[Int32]], offsets: [Int], workspace: borrowing EncoderWorkspace) {
        let size = config.hiddenSize
        let tokens = workspace.tokenCount
        let qkv = workspace.queryKeyValue
        let stride = 3 * size
        for (index, linear) in [layer.query, layer.key, layer.value].enumerated() {
            Self.multiply(workspace.hidden, rows: tokens, by: linear, into: qkv + index * size, outputStride: stride)
            Self.addBias(linear.bias, to: qkv + index * size, rows: tokens, stride: stride)
        }

        let headSize = config.headSize
        let scale = 1 / Float(headSize).squareRoot()
        for (sequence, offset) in zip(sequences, offsets) {
            let length = Int32(sequence.count)
            for head in 0..<config.headCount {
                let query = qkv + offset * stride + head * headSize
                let key = query + size
                let value = query + 2 * size
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, length, length, Int32(headSize),
                    scale, query, Int32(stride), key, Int32(stride), 0, workspace.scores, length
                )
                Self.softmaxRows(workspace.scores, rows: sequence.count, columns: sequence.count)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, length, Int32(headSize), length,
                    1, workspace.scores, length, value, Int32(stride), 0,
                    workspace.context + offset * size + head * headSize, Int32(size)
                )
            }
        }

        Self.multiply(workspace.context, rows: tokens, by: layer.attentionOutput, into: workspace.projected, outputStride: size)
        Self.addBiasResidualAndNormalize(
            workspace.projected, bias: layer.attentionOutput.bias, residual: workspace.hidden,
            rows: tokens, size: size, norm: layer.attentionNorm, epsilon: config.layerNormEpsilon
        )
    }

    /// GELU feed-forward, residual and LayerNorm, in place on `hidden`.
    private func feedForward(_ layer: EncoderLayerWeights, workspace: borrowing EncoderWorkspace) {
        let tokens = workspace.tokenCount
        let inner = config.intermediateSize
        Self.multiply(workspace.hidden, rows: tokens, by: layer.intermediate, into: workspace.intermediate, outputStride: inner)
        Self.addBiasAndGELU(layer.intermediate.bias, to: workspace.intermediate, count: tokens * inner)
        Self.multiply(workspace.intermediate, rows: tokens, by: layer.output, into: workspace.projected, outputStride: config.hiddenSize)
        Self.addBiasResidualAndNormalize(
            workspace.projected, bias: layer.output.bias, residual: workspace.hidden,
            rows: tokens, size: config.hiddenSize, norm: layer.outputNorm, epsilon: config.layerNormEpsilon
        )
    }

    /// Mean over each sequence's tokens, scaled to unit length.
    private func pool(_ sequences: [[Int32]], offsets: [Int], hidden: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let size = config.hiddenSize
        for (index, (sequence, offset)) in zip(sequences, offsets).enumerated() {
            let vector = output + index * size
            vector.update(repeating: 0, count: size)
            for position in 0..<sequence.count {
                let row = hidden + (offset + position) * size
                for i in 0..<size { vector[i] += row[i] }
            }
            let count = Float(sequence.count)
            var squaredNorm: Float = 0
            for i in 0..<size {
                vector[i] /= count
                squaredNorm += vector[i] * vector[i]
            }
            let scale = 1 / max(squaredNorm.squareRoot(), 1e-12)
            for i in 0..<size { vector[i] *= scale }
        }
    }
}
