import NIOCore

/// A synthetic OpenAI Chat Completions stream shaped like real traffic: one SSE event per
/// token-sized text delta, then the finish chunk, the usage chunk and `[DONE]`.
struct StreamFixture {
    let events: [ByteBuffer]
    let totalBytes: Int
    let textEvents: Int

    init(textEvents: Int) {
        let words = ["The", " table", " has", " 42", " records", ";", " Zürich", " is", " the", " largest", " city", "."]
        var events: [ByteBuffer] = []
        for index in 0..<textEvents {
            let word = words[index % words.count]
            events.append(
                ByteBuffer(
                    string: """
                        data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{"content":"\(word)"},"logprobs":null,"finish_reason":null}],"usage":null}


                        """))
        }
        events.append(
            ByteBuffer(
                string: """
                    data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

                    data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":100,"completion_tokens":\(textEvents),"total_tokens":\(100 + textEvents)}}

                    data: [DONE]


                    """))
        self.events = events
        self.totalBytes = events.reduce(0) { $0 + $1.readableBytes }
        self.textEvents = textEvents
    }

    /// The whole body re-cut into pieces of `size` bytes, as a socket might deliver it.
    func pieces(of size: Int) -> [ByteBuffer] {
        var whole = ByteBuffer()
        for event in events { whole.writeImmutableBuffer(event) }
        var pieces: [ByteBuffer] = []
        while whole.readableBytes > 0 {
            pieces.append(whole.readSlice(length: min(size, whole.readableBytes))!)
        }
        return pieces
    }
}
