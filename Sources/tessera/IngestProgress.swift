import Foundation

/// Progress of `tessera ingest` on stderr: a bar redrawn in place on a terminal, plain lines
/// (at most one a second) otherwise, so logs and CI output stay readable.
final class IngestProgress {
    private let totalBytes: Int64
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(10)

    init(totalBytes: Int64) {
        self.totalBytes = max(totalBytes, 1)
    }

    var elapsed: Double { (ContinuousClock.now - start).secondsValue }

    func update(bytesRead: Int64, written: Int, indexed: Int, force: Bool = false) {
        let now = ContinuousClock.now
        guard force || now - lastDraw >= (isTerminal ? .milliseconds(100) : .seconds(1)) else { return }
        lastDraw = now
        let fraction = min(1, Double(bytesRead) / Double(totalBytes))
        let elapsed = self.elapsed
        let rate = elapsed > 0 ? Double(indexed) / elapsed : 0
        // Rows expected in all, from the share of the file read so far; indexing is the slower
        // stage, so the ETA follows it.
        let expected = fraction > 0 ? Double(written) / fraction : 0
        let eta = rate > 0 ? max(0, (expected - Double(indexed)) / rate) : nil
        let text =
            "\(Self.count(written)) written, \(Self.count(indexed)) indexed, \(Self.count(Int(rate)))/s, "
            + "\(Int(fraction * 100))% of file, ETA \(eta.map(Self.clock) ?? "–")"
        if isTerminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(text)".utf8))
        } else {
            FileHandle.standardError.write(Data("ingest: \(text)\n".utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func count(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }

    private static func clock(_ seconds: Double) -> String {
        guard seconds < 1e8 else { return "–" } // an estimate this far out says nothing
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60) : String(format: "%d:%02d", total / 60, total % 60)
    }
}

extension Duration {
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
