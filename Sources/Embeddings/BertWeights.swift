/// A dense layer `y = x·Wᵀ + b`, with `W` stored row-major as `[outputs, inputs]` (PyTorch order).
struct LinearWeights: @unchecked Sendable {
    // @unchecked: the buffers point into a read-only mapping that `BertWeights.file` keeps alive.
    let weight: UnsafeBufferPointer<Float>
    let bias: UnsafeBufferPointer<Float>
    let inputs: Int
    let outputs: Int

    init(_ file: SafetensorsFile, _ prefix: String, inputs: Int, outputs: Int) throws {
        weight = try file.floats("\(prefix).weight", shape: [outputs, inputs])
        bias = try file.floats("\(prefix).bias", shape: [outputs])
        self.inputs = inputs
        self.outputs = outputs
    }
}

struct LayerNormWeights: @unchecked Sendable {
    // @unchecked: see LinearWeights.
    let gamma: UnsafeBufferPointer<Float>
    let beta: UnsafeBufferPointer<Float>

    init(_ file: SafetensorsFile, _ prefix: String, size: Int) throws {
        gamma = try file.floats("\(prefix).weight", shape: [size])
        beta = try file.floats("\(prefix).bias", shape: [size])
    }
}

struct EncoderLayerWeights: Sendable {
    let query: LinearWeights
    let key: LinearWeights
    let value: LinearWeights
    let attentionOutput: LinearWeights
    let attentionNorm: LayerNormWeights
    let intermediate: LinearWeights
    let output: LinearWeights
    let outputNorm: LayerNormWeights
}

/// Every tensor of a BERT encoder, checked against the config's shapes, as views into the mapped
/// safetensors file (no copies).
struct BertWeights: @unchecked Sendable {
    // @unchecked: see LinearWeights.
    let file: SafetensorsFile
    let wordEmbeddings: UnsafeBufferPointer<Float>
    let positionEmbeddings: UnsafeBufferPointer<Float>
    let tokenTypeEmbeddings: UnsafeBufferPointer<Float>
    let embeddingNorm: LayerNormWeights
    let layers: [EncoderLayerWeights]

    init(file: SafetensorsFile, config: BertConfig) throws {
        let hidden = config.hiddenSize
        self.file = file
        wordEmbeddings = try file.floats("embeddings.word_embeddings.weight", shape: [config.vocabularySize, hidden])
        positionEmbeddings = try file.floats("embeddings.position_embeddings.weight", shape: [config.maxPositions, hidden])
        tokenTypeEmbeddings = try file.floats("embeddings.token_type_embeddings.weight", shape: [config.tokenTypeCount, hidden])
        embeddingNorm = try LayerNormWeights(file, "embeddings.LayerNorm", size: hidden)
        layers = try (0..<config.layerCount).map { index in
            let prefix = "encoder.layer.\(index)"
            return EncoderLayerWeights(
                query: try LinearWeights(file, "\(prefix).attention.self.query", inputs: hidden, outputs: hidden),
                key: try LinearWeights(file, "\(prefix).attention.self.key", inputs: hidden, outputs: hidden),
                value: try LinearWeights(file, "\(prefix).attention.self.value", inputs: hidden, outputs: hidden),
                attentionOutput: try LinearWeights(file, "\(prefix).attention.output.dense", inputs: hidden, outputs: hidden),
                attentionNorm: try LayerNormWeights(file, "\(prefix).attention.output.LayerNorm", size: hidden),
                intermediate: try LinearWeights(file, "\(prefix).intermediate.dense", inputs: hidden, outputs: config.intermediateSize),
                output: try LinearWeights(file, "\(prefix).output.dense", inputs: config.intermediateSize, outputs: hidden),
                outputNorm: try LayerNormWeights(file, "\(prefix).output.LayerNorm", size: hidden)
            )
        }
    }
}
