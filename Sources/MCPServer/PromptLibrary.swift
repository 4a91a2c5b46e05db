import Foundation

/// The prompts of `prompts/mcp/`, read at start: one `NAME.mustache` file per prompt.
public struct PromptLibrary: Sendable {
    public let prompts: [PromptTemplate]

    public init(prompts: [PromptTemplate]) {
        self.prompts = prompts.sorted { $0.name < $1.name }
    }

    public init(directory: URL) throws(PromptLibraryError) {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        } catch {
            throw .unreadable(directory.path)
        }
        var prompts: [PromptTemplate] = []
        for file in files where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            guard let source = try? String(contentsOf: file, encoding: .utf8) else { throw .unreadable(file.path) }
            prompts.append(try PromptTemplate(name: name, source: source))
        }
        self.init(prompts: prompts)
    }

    public func prompt(named name: String) -> PromptTemplate? {
        prompts.first { $0.name == name }
    }
}
