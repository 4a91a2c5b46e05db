import Foundation
import Mustache

/// One prompt of `prompts/mcp/`: a Mustache template whose front matter names it and its arguments.
///
///     ---
///     title: Summarize a table
///     description: What the prompt is for.
///     argument: baseId (required) Id of the base
///     argument: focus What to pay attention to
///     ---
///     Template text with {{baseId}} …
public struct PromptTemplate: Sendable {
    public struct Argument: Sendable, Equatable {
        public let name: String
        public let description: String
        public let required: Bool
    }

    public let name: String
    public let title: String
    public let description: String
    public let arguments: [Argument]
    let template: MustacheTemplate

    public init(name: String, source: String) throws(PromptLibraryError) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else {
            throw .invalid(name, "it must start with front matter between two --- lines")
        }
        var title: String?
        var description: String?
        var arguments: [Argument] = []
        for line in lines[1..<end] where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .invalid(name, "front matter line \"\(line)\" is not key: value") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "title": title = value
            case "description": description = value
            case "argument": arguments.append(try Self.argument(value, prompt: name))
            default: throw .invalid(name, "unknown front matter key \"\(key)\"")
            }
        }
        guard let title, let description else { throw .invalid(name, "the front matter needs a title and a description") }
        self.name = name
        self.title = title
        self.description = description
        self.arguments = arguments
        let body = lines[(end + 1)...].joined(separator: "\n")
        do {
            // Prompts are plain text: no HTML escaping of values.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + body)
        } catch {
            throw .invalid(name, "the template does not parse: \(error)")
        }
    }

    /// Renders with the given values; the caller has checked the required arguments.
    func render(_ context: [String: Any]) -> String {
        template.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `name (required) description` or `name description`.
    private static func argument(_ text: String, prompt: String) throws(PromptLibraryError) -> Argument {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .invalid(prompt, "argument line \"\(text)\" needs a name first")
        }
        var rest = parts.count > 1 ? parts[1] : ""
        let required = rest.hasPrefix("(required)")
        if required { rest = rest.dropFirst("(required)".count).trimmingCharacters(in: .whitespaces) }
        return Argument(name: name, description: rest, required: required)
    }
}
