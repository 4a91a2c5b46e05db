import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route (`Resources/openapi.json`),
/// compiled into the binary so that it is served from any working directory.
enum OpenAPIDocument {
    static func addRoute(to router: Router<TesseraRequestContext>) {
        router.get("openapi.json") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_json)))
        }
    }
}
