import OrderFlowCore

/// A drop reader of either format: the batch header first, then each request in file order.
public protocol DropRequestReader: Sendable {
    func read(header: (BatchHeader) throws -> Void, request: (RawRequest) throws -> Void) throws
}

extension DropRequestReader {
    /// The whole file at once: for small inputs and tests (this holds every request in memory).
    public func readAll() throws -> (header: BatchHeader, requests: [RawRequest]) {
        var batchHeader: BatchHeader?
        var requests: [RawRequest] = []
        try read(header: { batchHeader = $0 }, request: { requests.append($0) })
        guard let batchHeader else {
            preconditionFailure("\(Self.self).read returned without delivering the batch header")
        }
        return (batchHeader, requests)
    }
}
