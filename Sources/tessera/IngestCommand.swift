import ArgumentParser
import Foundation
import Ingest
import Logging
import Search
import TesseraCore
import TesseraStorage

/// `tessera ingest`: streams a CSV or JSON Lines file into a table through the record service,
/// while the search indexer embeds the new records alongside.
struct IngestCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument {
        case csv, jsonl
    }

    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load a CSV or JSON Lines file into a table and make it searchable.",
        discussion: """
            Rows are written in batches, one transaction each. With --key, rows are upserted on that field, so \
            running the same command again after a crash or Ctrl-C completes the job without duplicates. \
            Bad rows are reported with their line number and skipped (or stop the run with --strict). \
            Cells reading NA, N/A, null or - are left empty (see --blanks). A link field's cells name linked \
            records by their primary field (or the key --link gives), several separated by commas. \
            --dry-run prints the table --create-table would make and writes nothing.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "The file: .csv (header row first) or .jsonl (one JSON object per line).")
    var file: String

    @Option(help: "Base id (appXXXXXXXXXXXXXX).")
    var base: String?

    @Option(help: "Table name or id (with --dry-run, default: the file's name).")
    var table: String?

    @Flag(help: "Create the table, with field types inferred from the first rows, if it does not exist.")
    var createTable = false

    @Option(help: "Upsert on this field (name) instead of creating: makes re-runs idempotent.")
    var key: String?

    @Option(help: "Comma-separated fields the search index embeds (default: every text field).")
    var embedFields: String?

    @Option(help: "Map a column to a field of another name: COLUMN=FIELD (repeatable).")
    var map: [String] = []

    @Option(
        help: ArgumentHelp(
            "Make COLUMN a link to TABLE whose cells name records by TABLE's primary field, or by FIELD (repeatable).",
            valueName: "COLUMN=TABLE[.FIELD]"))
    var link: [String] = []

    @Option(
        help:
            "Comma-separated cell texts read as empty cells (default: \(BlankMarkers.standard.markers.sorted().joined(separator: ","))); --blanks '' keeps them as text."
    )
    var blanks: String?

    @Flag(help: "Print the fields and types --create-table would make from the file, and write nothing.")
    var dryRun = false

    @Option(help: "csv or jsonl (default: from the file extension).")
    var format: Format?

    @Option(help: "Rows per transaction.")
    var batchSize = 500

    @Flag(help: "Stop at the first bad row instead of skipping it.")
    var strict = false

    @OptionGroup var token: TokenOptions

    @Option(
        help:
            "Embedding model directory (env TESSERA_EMBEDDING_MODEL; default: all-MiniLM-L6-v2 under the data directory's models/, ~/.local/share/tessera/models/ or ./models/)."
    )
    var model: String?

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        guard (1...RecordService.maxImportBatchSize).contains(batchSize) else {
            throw ValidationError("--batch-size must be between 1 and \(RecordService.maxImportBatchSize)")
        }
        if !dryRun {
            guard base != nil else { throw ValidationError("Missing expected argument '--base <base>'") }
            guard table != nil else { throw ValidationError("Missing expected argument '--table <table>'") }
        }
    }

    func run() async throws {
        let logger = CLILogging.bootstrap(level: .warning)
        let inputFormat = try format ?? Self.format(of: file)
        let columnMap = try Self.columnMap(map)
        let links = try await reportingErrors { try link.map { text throws(TesseraError) in try LinkColumn(parsing: text) } }
        let blankMarkers = blanks.map { BlankMarkers($0.split(separator: ",").map(String.init)) } ?? .standard
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("Cannot open \(file)") }
        defer { try? handle.close() }
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0

        var reader = RowReader(handle: handle, format: inputFormat, blanks: blankMarkers)
        // The first rows decide the columns (and their types for --create-table).
        let samples = try reader.read(rows: 1000)
        let columns = reader.columns(from: samples.rows)
        if dryRun {
            let inferred = InferredTable(
                columns: columns, samples: samples.rows, key: key,
                links: Dictionary(links.map { ($0.column, $0.target) }, uniquingKeysWith: { $1 }), columnMap: columnMap)
            let name = table ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            if json {
                var summary = inferred.json.objectValue ?? [:]
                summary["table"] = .string(name)
                print(JSONValue.object(summary).jsonString())
            } else {
                print("Table \(name), from the first \(inferred.sampledRows) rows of \(file) (dry run: nothing written):")
                for line in inferred.summaryLines { print("  " + line) }
            }
            return
        }
        guard let base, let table else { return }

        let (database, services) = try await reportingErrors { try await store.openServices(logger: logger) }
        let principal = try await reportingErrors { try await services.auth.authenticate(bearer: try token.resolve(for: "ingest")) }
        let search = try await SearchRuntime.open(store: database, modelDirectory: model, dataDirectory: store.dataDirectory, workload: .bulk, logger: logger)
        if key == nil { printError("note: without --key, running this again creates the rows again") }

        let target = try await reportingErrors {
            try await resolveTable(
                base: base, table: table, columns: columns, samples: samples.rows, columnMap: columnMap, links: links,
                services: services, principal: principal)
        }
        let linkTargets = try await reportingErrors {
            try await Self.linkTargets(target, columns: columns, columnMap: columnMap, links: links, services: services, principal: principal)
        }

        let startSequence = try await database.latestEventSequence()
        let indexing = Task { try await search.indexer.run() }
        defer { indexing.cancel() }
        let progress = IngestProgress(totalBytes: fileSize)
        let resolver = linkTargets.isEmpty ? nil : LinkResolver(records: services.records, baseID: base, principal: principal, targets: linkTargets)
        let writer = IngestWriter(
            records: services.records, tableID: target.id, baseID: base, principal: principal, key: key, columnMap: columnMap,
            links: resolver)
        var summary = IngestSummary()
        func indexed() -> Int { max(0, min(summary.written, Int(search.indexer.indexedThrough - startSequence))) }

        var pending = samples
        while true {
            for problem in pending.problems {
                if strict { throw CLIError("\(file) \(problem) (--strict: stopped; \(summary.written) rows were written)") }
                summary.skipped.append(problem)
            }
            var start = 0
            while start < pending.rows.count {
                let batch = Array(pending.rows[start..<min(start + batchSize, pending.rows.count)])
                let outcome = try await reportingErrors { try await writer.write(batch) }
                summary.written += outcome.written
                if strict, let problem = outcome.problems.first {
                    throw CLIError("\(file) \(problem) (--strict: stopped; \(summary.written) rows were written)")
                }
                summary.failed += outcome.problems
                start += batch.count
                progress.update(bytesRead: reader.bytesRead, written: summary.written, indexed: indexed())
            }
            if reader.isFinished { break }
            pending = try reader.read(rows: batchSize)
        }

        // Writing is done; the records are searchable once the indexer has caught up.
        let lastSequence = try await database.latestEventSequence()
        while search.indexer.indexedThrough < lastSequence {
            try await Task.sleep(for: .milliseconds(100))
            progress.update(bytesRead: reader.bytesRead, written: summary.written, indexed: indexed())
        }
        progress.update(bytesRead: reader.bytesRead, written: summary.written, indexed: indexed(), force: true)
        progress.finish()
        summary.seconds = progress.elapsed
        print(json ? summary.json(table: target).jsonString() : summary.text(file: file, table: target))
    }

    /// The table to write to, created when asked; every column must name one of its fields.
    private func resolveTable(
        base: String, table: String, columns: [String], samples: [IngestRow], columnMap: [String: String],
        links: [LinkColumn], services: TesseraServices, principal: Principal
    ) async throws -> Table {
        let tables = try await services.tables.tables(baseID: base, for: principal)
        var target: Table
        if let existing = tables.first(where: { $0.id == table || $0.name == table }) {
            target = existing
        } else if createTable {
            var linkedTables: [String: String] = [:]
            for link in links { linkedTables[link.column] = try link.resolve(in: tables).table.id }
            let inferred = InferredTable(columns: columns, samples: samples, key: key, links: linkedTables, columnMap: columnMap)
            target = try await services.tables.createTable(TableDefinition(name: table, fields: inferred.fields), baseID: base, by: principal)
            printError("created table \(target.name) (\(target.id)):")
            for line in inferred.summaryLines { printError("  " + line) }
        } else {
            throw CLIError("No table \"\(table)\" in base \(base); pass --create-table to create it from the file")
        }
        let unknown = columns.filter { target.field(named: columnMap[$0] ?? $0) == nil }
        guard unknown.isEmpty else {
            throw CLIError(
                "Columns without a field in table \(target.name): \(unknown.joined(separator: ", ")); add the fields or map them with --map COLUMN=FIELD")
        }
        if let key, target.field(named: key) == nil {
            throw CLIError("--key \(key) is not a field of table \(target.name)")
        }
        if let embedFields {
            let names = embedFields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            target = try await services.tables.updateTable(
                TableRef(baseID: base, table: target.id, by: principal), name: nil, description: nil, searchFields: .fields(names))
        }
        return target
    }

    /// Where each link column of `table` points: the linked table, and the field that names its
    /// records (`--link` may name one; the primary field otherwise).
    private static func linkTargets(
        _ table: Table, columns: [String], columnMap: [String: String], links: [LinkColumn],
        services: TesseraServices, principal: Principal
    ) async throws -> [String: LinkResolver.Target] {
        let tables = try await services.tables.tables(baseID: table.baseID, for: principal)
        var targets: [String: LinkResolver.Target] = [:]
        for column in columns {
            guard let field = table.field(named: columnMap[column] ?? column), let linked = LinkOptions(field)?.linkedTableID else { continue }
            if let spec = links.first(where: { $0.column == column }) {
                let (linkedTable, key) = try spec.resolve(in: tables)
                guard linkedTable.id == linked else {
                    throw CLIError("--link \(column): field \(field.name) links to another table than \(linkedTable.name)")
                }
                targets[column] = LinkResolver.Target(tableID: linked, keyFieldID: key.id)
            } else if let linkedTable = tables.first(where: { $0.id == linked }) {
                targets[column] = LinkResolver.Target(tableID: linked, keyFieldID: linkedTable.primaryFieldID)
            }
        }
        if let stray = links.first(where: { targets[$0.column] == nil }) {
            throw CLIError("--link \(stray.column): the table has no link field for that column")
        }
        return targets
    }

    private static func format(of file: String) throws -> Format {
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "csv": .csv
        case "jsonl", "ndjson": .jsonl
        default: throw CLIError("Cannot tell the format of \(file) from its extension; pass --format csv or --format jsonl")
        }
    }

    private static func columnMap(_ pairs: [String]) throws -> [String: String] {
        var map: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw CLIError("--map wants COLUMN=FIELD, got \"\(pair)\"") }
            map[parts[0]] = parts[1]
        }
        return map
    }
}

/// Reads the file in chunks and parses rows from it, never holding more than a chunk and the
/// rows asked for.
private struct RowReader {
    struct Rows {
        var rows: [IngestRow] = []
        var problems: [RowProblem] = []
    }

    private let handle: FileHandle
    private let format: IngestCommand.Format
    private let blanks: BlankMarkers
    private var csv = CSVParser()
    private var jsonLines = JSONLinesParser()
    private var buffered: [IngestItem] = []
    private(set) var bytesRead: Int64 = 0
    private(set) var isFinished = false
    private var atEnd = false

    init(handle: FileHandle, format: IngestCommand.Format, blanks: BlankMarkers) {
        self.handle = handle
        self.format = format
        self.blanks = blanks
    }

    /// Up to `count` rows, and the problems met on the way.
    mutating func read(rows count: Int) throws -> Rows {
        var result = Rows()
        while result.rows.count < count {
            if buffered.isEmpty {
                if atEnd {
                    isFinished = true
                    break
                }
                try fill()
                continue
            }
            switch buffered.removeFirst() {
            case .row(let row): result.rows.append(blanks.cleaned(row))
            case .problem(let problem): result.problems.append(problem)
            }
        }
        if buffered.isEmpty && atEnd { isFinished = true }
        return result
    }

    func columns(from samples: [IngestRow]) -> [String] {
        if format == .csv { return csv.header ?? [] }
        var seen: [String] = []
        for row in samples {
            for key in row.values.keys.sorted() where !seen.contains(key) { seen.append(key) }
        }
        return seen
    }

    private mutating func fill() throws {
        let chunk: Data
        do {
            chunk = try handle.read(upToCount: 1 << 20) ?? Data()
        } catch {
            throw CLIError("Cannot read the input file: \(error.localizedDescription)")
        }
        bytesRead += Int64(chunk.count)
        if chunk.isEmpty {
            atEnd = true
            buffered += format == .csv ? csv.finish() : jsonLines.finish()
        } else {
            buffered += format == .csv ? csv.feed(chunk) : jsonLines.feed(chunk)
        }
    }
}

/// What `tessera ingest` reports at the end.
private struct IngestSummary {
    var written = 0
    /// Rows that could not be read (column count, encoding, syntax).
    var skipped: [RowProblem] = []
    /// Rows read but refused by the table (bad values, missing key).
    var failed: [RowProblem] = []
    var seconds = 0.0

    var rate: Double { seconds > 0 ? Double(written) / seconds : 0 }

    func text(file: String, table: Table) -> String {
        var lines = [
            "Ingested \(file) into \(table.name) (\(table.id))",
            "  written: \(IngestProgress.count(written))   skipped: \(skipped.count)   failed: \(failed.count)",
            String(format: "  time: %.1f s   rate: %.0f records/s (embedding included)", seconds, rate),
        ]
        for (title, problems) in [("skipped", skipped), ("failed", failed)] where !problems.isEmpty {
            lines.append("  \(title):")
            lines += problems.prefix(20).map { "    \($0)" }
            if problems.count > 20 { lines.append("    … and \(problems.count - 20) more") }
        }
        return lines.joined(separator: "\n")
    }

    func json(table: Table) -> JSONValue {
        func list(_ problems: [RowProblem]) -> JSONValue {
            .array(problems.map { ["line": .number(Double($0.line)), "reason": .string($0.reason)] })
        }
        return [
            "table": .string(table.id), "written": .number(Double(written)), "skipped": list(skipped), "failed": list(failed),
            "seconds": .number(seconds), "recordsPerSecond": .number(rate),
        ]
    }
}
