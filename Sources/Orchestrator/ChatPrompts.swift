import Foundation
import Mustache
import Synchronization

/// The orchestrator's Mustache templates, read from `prompts/chat/` at run time, so operators
/// can change them without rebuilding. A parsed template is reused until its file changes.
final class ChatPrompts: Sendable {
    let directory: URL
    private let parsed = Mutex<[String: (modified: Date, template: MustacheTemplate)]>([:])

    init(directory: URL) {
        self.directory = directory
    }

    /// Renders `chat/NAME.mustache` with `context`.
    func render(_ name: String, _ context: [String: Any]) throws -> String {
        try template(name).render(context)
    }

    private func template(_ name: String) throws -> MustacheTemplate {
        let path = directory.appendingPathComponent("chat").appendingPathComponent("\(name).mustache").path
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else {
            throw OrchestratorError.configuration("cannot read the prompt template \(path)")
        }
        if let cached = parsed.withLock({ $0[path] }), cached.modified == modified {
            return cached.template
        }
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw OrchestratorError.configuration("cannot read the prompt template \(path)")
        }
        let template: MustacheTemplate
        do {
            // Prompts are plain text: no HTML escaping of record names.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
        } catch {
            throw OrchestratorError.configuration("the prompt template \(path) does not parse: \(error)")
        }
        parsed.withLock { $0[path] = (modified, template) }
        return template
    }
}
