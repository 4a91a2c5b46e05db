import Foundation
import Synchronization
import TesseraCore

/// Where an export goes and an import comes from: a `.json` file, or a directory holding
/// `base.json` and a CSV per table.
struct BaseFiles {
    static let documentName = "base.json"

    let path: String

    private var isFile: Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return !isDirectory.boolValue }
        return path.lowercased().hasSuffix(".json")
    }

    private var documentPath: String {
        isFile ? path : URL(fileURLWithPath: path).appendingPathComponent(Self.documentName).path
    }

    var describe: String { isFile ? path : "\(path)/ (\(Self.documentName) and a CSV per table)" }

    func write(_ export: BaseTransferService.Export) throws {
        if !isFile {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw CLIError("Cannot make the directory \(path): \(error.localizedDescription)")
            }
            var used = Set<String>()
            for table in export.csvTables {
                try Self.write(Data(table.text.utf8), to: URL(fileURLWithPath: path).appendingPathComponent(Self.fileName(table.name, used: &used)).path)
            }
        }
        try Self.write(Data(export.document.json.jsonBytes() + [UInt8(ascii: "\n")]), to: documentPath)
    }

    func read() throws -> BaseDocument {
        let file = documentPath
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("Cannot read \(file)") }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw CLIError("\(file) is not valid JSON")
        }
        return try reportingErrorsSync { try BaseDocument(json: json) }
    }

    /// Written beside the target and renamed into place, so a reader never sees half a file.
    private static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("Cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// `<table name>.csv`, with what a file name cannot hold replaced and clashes numbered.
    static func fileName(_ tableName: String, used: inout Set<String>) -> String {
        var stem = String(tableName.map { $0 == "/" || $0 == "\\" || $0 == "\0" || $0 == ":" ? "_" : $0 })
        if stem.hasPrefix(".") { stem = "_" + stem }
        var name = stem + ".csv"
        var suffix = 2
        while !used.insert(name.lowercased()).inserted || name.lowercased() == documentName {
            name = "\(stem) \(suffix).csv"
            suffix += 1
        }
        return name
    }
}

/// Records read so far, on stderr at most once a second; a base read within a second prints nothing.
final class TransferProgress: Sendable {
    private let verb: String
    private let lastReport = Mutex(ContinuousClock.now)

    init(verb: String) {
        self.verb = verb
    }

    func update(_ done: Int, of total: Int) {
        let now = ContinuousClock.now
        let due = lastReport.withLock { last in
            guard now - last >= .seconds(1) else { return false }
            last = now
            return true
        }
        if due { printError("\(verb): \(IngestProgress.count(done)) of \(IngestProgress.count(total)) records read") }
    }
}
