import Foundation

/// The MCP prompts: those compiled into the binary, or one `NAME.mustache` file per prompt in a
/// directory an operator keeps, read at start.
public struct PromptLibrary: Sendable {
    /// The compiled-in templates' sources by name: the default, and what `tessera prompts export`
    /// writes out for editing.
    public static let builtInSources: [String: String] = [
        "draft_record": String(decoding: PackageResources.draft_record_mustache, as: UTF8.self),
        "explain_formula": String(decoding: PackageResources.explain_formula_mustache, as: UTF8.self),
        "find_duplicates": String(decoding: PackageResources.find_duplicates_mustache, as: UTF8.self),
        "summarize_table": String(decoding: PackageResources.summarize_table_mustache, as: UTF8.self),
    ]

    /// The prompts compiled into the binary.
    public static func builtIn() throws(PromptLibraryError) -> PromptLibrary {
        var prompts: [PromptTemplate] = []
        for (name, source) in builtInSources {
            prompts.append(try PromptTemplate(name: name, source: source))
        }
        return PromptLibrary(prompts: prompts)
    }

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
