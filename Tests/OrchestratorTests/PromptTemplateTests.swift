import Foundation
import LLM
import Orchestrator
import TesseraCore
import TesseraTesting
import Testing

@Suite("Prompt templates")
struct PromptTemplateTests {
    @Test("the system prompt comes from prompts/chat at run time: an edited template is used by the next turn")
    func editedTemplateIsUsed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("chat"), withIntermediateDirectories: true)
        let template = directory.appendingPathComponent("chat/system.mustache")
        try "First version for {{base.name}}.".write(to: template, atomically: true, encoding: .utf8)

        let world = try await OrchestratorWorld.make(configure: { $0.promptsDirectory = directory }) { _ in .assistant("ok") }
        defer { world.world.remove() }
        _ = try await world.orchestrator.complete(world.turn("one"), as: world.owner)
        try "Second version for {{base.name}}.".write(to: template, atomically: true, encoding: .utf8)
        _ = try await world.orchestrator.complete(world.turn("two"), as: world.owner)

        let systemPrompts = world.model.requests.map { $0.messages.first?.text }
        #expect(systemPrompts == ["First version for Project.", "Second version for Project."])
    }

    @Test("a rendered prompt is reused only while the base is unchanged: a new field shows in the next turn")
    func schemaChangeReachesThePrompt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("chat"), withIntermediateDirectories: true)
        try "{{#tables}}{{name}}:{{#fields}} {{name}}{{/fields}}{{/tables}}".write(
            to: directory.appendingPathComponent("chat/system.mustache"), atomically: true, encoding: .utf8)

        let world = try await OrchestratorWorld.make(configure: { $0.promptsDirectory = directory }) { _ in .assistant("ok") }
        defer { world.world.remove() }
        _ = try await world.orchestrator.complete(world.turn("one"), as: world.owner)
        _ = try await world.orchestrator.complete(world.turn("two"), as: world.owner)
        _ = try await world.world.services.tables.createField(
            FieldDefinition(name: "Owner", type: "singleLineText"), in: TableRef(baseID: world.base.id, table: "Tasks", by: world.owner))
        _ = try await world.orchestrator.complete(world.turn("three"), as: world.owner)

        let systemPrompts = world.model.requests.compactMap { $0.messages.first?.text }
        #expect(systemPrompts.count == 3)
        #expect(systemPrompts[0] == systemPrompts[1])
        #expect(!systemPrompts[1].hasSuffix(" Owner") && systemPrompts[2].hasSuffix(" Owner"))
    }

    @Test("without a directory the template compiled into the binary describes the base")
    func builtInTemplate() async throws {
        let world = try await OrchestratorWorld.make { _ in .assistant("ok") }
        defer { world.world.remove() }
        _ = try await world.orchestrator.complete(world.turn("one"), as: world.owner)
        let system = try #require(world.model.requests.first?.messages.first?.text)
        #expect(system.contains("Project") && system.contains("Tasks"))
        #expect(system.hasPrefix("You are the assistant of Tessera"))
    }

    @Test("a missing template is a configuration error, not a crash")
    func missingTemplate() async throws {
        let world = try await OrchestratorWorld.make(configure: { $0.promptsDirectory = URL(fileURLWithPath: "/nonexistent") }) { _ in .assistant("ok") }
        defer { world.world.remove() }
        await #expect(throws: OrchestratorError.self) { try await world.orchestrator.complete(world.turn("hi"), as: world.owner) }
    }
}
