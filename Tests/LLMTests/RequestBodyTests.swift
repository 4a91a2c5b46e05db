import Testing

@testable import LLM

@Suite("Request bodies with tools written from their schemas' JSON")
struct RequestBodyTests {
    static let tools = [
        ToolDefinition(
            name: "count_records", description: "Counts \"records\"",
            parameters: ["type": "object", "properties": ["table": ["type": "string"]], "required": ["table"]]),
        ToolDefinition(name: "ping", description: "No arguments"),
    ]

    @Test func writtenBodiesEqualTheGenericEncoding() throws {
        let members: [String: JSONValue] = ["model": "m", "messages": [["role": "user", "content": "hi"]], "tool_choice": "auto", "stream": true]
        let openAI: JSONValue = .array(
            Self.tools.map { tool in
                ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters]]
            })
        let anthropic: JSONValue = .array(
            Self.tools.map { tool in
                ["name": .string(tool.name), "description": .string(tool.description), "input_schema": tool.parameters]
            })
        for (written, expected) in [(RequestBody.functionTools(Self.tools), openAI), (AnthropicRequestBody.tools(Self.tools), anthropic)] {
            var whole = members
            whole["tools"] = expected
            let body = RequestBody(members, tools: written)
            #expect(String(decoding: body.jsonBytes(), as: UTF8.self) == JSONValue.object(whole).jsonString())
        }
        #expect(RequestBody(members).jsonBytes() == JSONValue.object(members).jsonBytes())
    }

    @Test func changedParametersAreWrittenAnew() {
        var tool = Self.tools[1]
        tool.parameters = ["type": "object", "properties": ["limit": ["type": "integer"]]]
        #expect(tool.parametersJSON == tool.parameters.jsonBytes())
        #expect(String(decoding: RequestBody.functionTools([tool]), as: UTF8.self).contains(#""properties":{"limit":{"type":"integer"}}"#))
    }
}
