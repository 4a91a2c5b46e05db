import MCP

// The server's methods with their parameters taken as raw JSON: the SDK turns a parameter shape
// it cannot decode into an internal error, while MCP wants invalid params (-32602) with a reason,
// so the handlers read the parameters themselves (`ParameterReader`). Results are the SDK's types.

enum ListToolsMethod: Method {
    static let name = ListTools.name
    typealias Parameters = Value
    typealias Result = ListTools.Result
}

/// The result is built as JSON (see `ToolCallOutcome`), the same for both paths.
enum CallToolMethod: Method {
    static let name = CallTool.name
    typealias Parameters = Value
    typealias Result = Value
}

enum ListResourcesMethod: Method {
    static let name = ListResources.name
    typealias Parameters = Value
    typealias Result = ListResources.Result
}

enum ListResourceTemplatesMethod: Method {
    static let name = ListResourceTemplates.name
    typealias Parameters = Value
    typealias Result = ListResourceTemplates.Result
}

enum ReadResourceMethod: Method {
    static let name = ReadResource.name
    typealias Parameters = Value
    typealias Result = ReadResource.Result
}

enum ListPromptsMethod: Method {
    static let name = ListPrompts.name
    typealias Parameters = Value
    typealias Result = ListPrompts.Result
}

enum GetPromptMethod: Method {
    static let name = GetPrompt.name
    typealias Parameters = Value
    typealias Result = GetPrompt.Result
}

enum CompleteMethod: Method {
    static let name = Complete.name
    typealias Parameters = Value
    typealias Result = Complete.Result
}
