import Foundation
import Mustache
import Synchronization

/// The chat templates compiled into the binary, by name: the default, and what
/// `tessera prompts export` writes out for editing.
public enum BuiltInChatPrompts {
    public static let templates = ["system": String(decoding: PackageResources.system_mustache, as: UTF8.self)]
}

/// The orchestrator's Mustache templates: those compiled into the binary, or those of a
/// directory's `chat/`, read at run time so operators can change them without rebuilding. A
/// parsed template is reused until its file changes.
final class ChatPrompts: Sendable {
    let directory: URL?
    private let parsed = Mutex<[String: (modified: FileStamp, template: MustacheTemplate)]>([:])
    private let rendered = Mutex<[String: (modified: FileStamp, inputs: any Sendable, text: String)]>([:])
    /// Slots kept for reuse; past this the whole set is dropped and refills with what is in use.
    private static let renderedCapacity = 1_000

    init(directory: URL?) {
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
        let path: String
        let modified: FileStamp
        if let directory {
            path = directory.path + "/chat/" + name + ".mustache"
            guard let stamp = FileStamp(path: path) else {
                throw OrchestratorError.configuration("cannot read the prompt template \(path)")
            }
            modified = stamp
        } else {
            path = "built-in chat/" + name + ".mustache"
            modified = .builtIn
        }
        if let cached = parsed.withLock({ $0[path] }), cached.modified == modified {
            return (cached.template, modified)
        }
        let text = directory == nil ? BuiltInChatPrompts.templates[name] : (try? String(contentsOfFile: path, encoding: .utf8))
        guard let source = text else {
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

    /// A compiled-in template's: it never changes.
    static let builtIn = FileStamp(seconds: 0, nanoseconds: 0)

    private init(seconds: Int, nanoseconds: Int) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
    }
}
