extension SamplingOptions {
    /// The options as members of a request body, under the names the provider gives the
    /// maximum output, the stop sequences and the seed; an option it has no name for is left out.
    func requestMembers(maxTokens: String?, stop: String, seed: String?) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        if let temperature { members["temperature"] = .number(temperature) }
        if let topP { members["top_p"] = .number(topP) }
        if let maxTokens, let maxOutputTokens { members[maxTokens] = .number(Double(maxOutputTokens)) }
        if !stopSequences.isEmpty { members[stop] = .array(stopSequences.map(JSONValue.string)) }
        if let seed, let value = self.seed { members[seed] = .number(Double(value)) }
        return members
    }
}
