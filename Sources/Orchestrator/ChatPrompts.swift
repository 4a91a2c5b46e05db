import Foundation
import Mustache

/// The orchestrator's Mustache templates, read from `prompts/chat/` at run time, so operators
/// can change them without rebuilding.
struct ChatPrompts: Sendable {
    let directory: URL

    /// Renders `chat/NAME.mustache` with `context`.
    func render(_ name: String, _ context: [String: Any]) throws -> String {
        let url = directory.appendingPathComponent("chat").appendingPathComponent("\(name).mustache")
        let source: String
        do {
            source = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw OrchestratorError.configuration("cannot read the prompt template \(url.path)")
        }
        do {
            // Prompts are plain text: no HTML escaping of record names.
            let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
            return template.render(context)
        } catch {
            throw OrchestratorError.configuration("the prompt template \(url.path) does not parse: \(error)")
        }
    }
}
