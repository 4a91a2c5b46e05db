import Foundation
import Testing

@testable import MCPServer

@Suite("Prompt library")
struct PromptLibraryTests {
    @Test("front matter names the prompt's title, description and arguments")
    func frontMatter() throws {
        let prompt = try PromptTemplate(
            name: "greet",
            source: """
                ---
                title: Greet
                description: Says hello.
                argument: who (required) Whom to greet
                argument: mood How to sound
                ---
                Hello {{who}}{{#mood}}, {{mood}}{{/mood}}!
                """)
        #expect(prompt.title == "Greet")
        #expect(
            prompt.arguments == [
                PromptTemplate.Argument(name: "who", description: "Whom to greet", required: true),
                PromptTemplate.Argument(name: "mood", description: "How to sound", required: false),
            ])
        #expect(prompt.render(["who": "Ada & <Bob>"]) == "Hello Ada & <Bob>!")
        #expect(prompt.render(["who": "Ada", "mood": "cheerfully"]) == "Hello Ada, cheerfully!")
    }

    @Test(
        "malformed prompt files are refused with the reason",
        arguments: [
            "no front matter",
            "---\ntitle: T\n---\nbody",
            "---\ntitle: T\ndescription: D\ncolour: red\n---\nbody",
            "---\ntitle: T\ndescription: D\nargument: (required) nameless\n---\nbody",
            "---\ntitle: T\ndescription: D\n---\n{{#open}}never closed",
        ])
    func malformed(source: String) {
        #expect(throws: PromptLibraryError.self) { try PromptTemplate(name: "bad", source: source) }
    }

    @Test("the prompts compiled into the binary load")
    func builtInPrompts() throws {
        let library = try PromptLibrary.builtIn()
        #expect(Set(library.prompts.map(\.name)).isSuperset(of: ["summarize_table", "find_duplicates", "draft_record", "explain_formula"]))
        for prompt in library.prompts {
            #expect(!prompt.arguments.isEmpty && prompt.arguments.contains { $0.required }, "\(prompt.name)")
        }
    }
}
