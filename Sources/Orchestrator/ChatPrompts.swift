import Foundation
import Mustache
import Synchronization

/// The orchestrator's Mustache templates, read from `prompts/chat/` at run time, so operators
/// can change them without rebuilding. A parsed template is reused until its file changes.
final class ChatPrompts: Sendable {
    let directory: URL
    private let parsed = Mutex<[String: (modified: FileStamp, template: MustacheTemplate)]>([:])
    private let rendered = Mutex<[String: (modified: FileStamp, inputs: any Sendable, text: String)]>([:])
    /// Slots kept for reuse; past this the whole set is dropped and refills with what is in use.
    private static let renderedCapacity = 1_000

    init(directory: URL) {
        self.directory = directory
    }

    /// Renders `chat/NAME.mustache`, or returns the text rendered last time for `slot` when the
    /// template is unchanged and `inputs` (all the context is made from) are equal: comparing
    /// a base's schema costs a fraction of rendering it.
    func render<Inputs: Equatable & Sendable>(
        _ name: String, reusingFor slot: String, inputs: Inputs, _ context: () -> [String: Any]
    ) throws -> String {
        let (template, modified) = try template(name)
        let key = name + "/" + slot
        if let last = rendered.withLock({ $0[key] }), last.modified == modified, last.inputs as? Inputs == inputs {
            return last.text
        }
        let text = template.render(context())
        rendered.withLock { cache in
            if cache.count >= Self.renderedCapacity { cache.removeAll() }
            cache[key] = (modified, inputs, text)
        }
        return text
    }

    private func template(_ name: String) throws -> (template: MustacheTemplate, modified: FileStamp) {
        let path = directory.path + "/chat/" + name + ".mustache"
        guard let modified = FileStamp(path: path) else {
            throw OrchestratorError.configuration("cannot read the prompt template \(path)")
        }
        if let cached = parsed.withLock({ $0[path] }), cached.modified == modified {
            return (cached.template, modified)
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
        return (template, modified)
    }
}

/// When a file last changed, from `stat(2)`: `FileManager`'s attributes also look up the
/// owner's user and group names, which cost more than the rest of a turn's prompt work.
struct FileStamp: Equatable, Sendable {
    let seconds: Int
    let nanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
    }
}
