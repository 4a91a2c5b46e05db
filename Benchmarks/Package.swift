// swift-tools-version:6.2
// Benchmarks live in their own package so the product build never pulls in the benchmark
// framework. ordo-one benchmarks go in Benchmarks/<Name>/ (the plugin's convention); plain
// measuring executables (vector-bench, …) go in Sources/<name>/.
import PackageDescription

let package = Package(
    name: "tessera-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named so products resolve as package "tessera" whatever the checkout directory is called.
        .package(name: "tessera", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "llm-stream-bench",
            dependencies: [
                .product(name: "LLM", package: "tessera"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "llm-decode-bench",
            dependencies: [
                .product(name: "LLM", package: "tessera"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraStorage", package: "tessera"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "vector-bench",
            dependencies: [
                .product(name: "VectorIndex", package: "tessera"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "embedding-bench",
            dependencies: [
                .product(name: "Embeddings", package: "tessera"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
