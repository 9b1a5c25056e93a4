import OrderFlowCore
import Testing

@testable import OrderFlowPipeline

/// The read-ahead must look to the commit exactly like reading inline: file order, the reader's
/// error after what it read before it, and a consumer's error stopping the reader.
@Suite struct ReadAheadTests {
    private struct ReadFailed: Error, Equatable {}
    private struct StoreFailed: Error, Equatable {}

    private static func request(_ line: Int) -> RawRequest {
        RawRequest(action: .order, location: SourceLocation(line: line, column: 1))
    }

    @Test func deliversEveryRequestInFileOrder() throws {
        let count = ReadAhead.chunkSize * ReadAhead.chunks * 3 + 7
        var lines: [Int] = []
        try ReadAhead.run(
            read: { emit in for line in 1...count { try emit(Self.request(line)) } },
            request: { lines.append($0.location.line) })
        #expect(lines == Array(1...count))
    }

    @Test func theReadersErrorComesAfterWhatItReadBeforeIt() {
        var lines: [Int] = []
        #expect(throws: ReadFailed()) {
            try ReadAhead.run(
                read: { emit in
                    for line in 1...45 { try emit(Self.request(line)) }
                    throw ReadFailed()
                },
                request: { lines.append($0.location.line) })
        }
        #expect(lines == Array(1...45))
    }

    @Test func aConsumersErrorStopsTheReader() {
        let total = 100_000
        var seen = 0
        #expect(throws: StoreFailed()) {
            try ReadAhead.run(
                read: { emit in for line in 1...total { try emit(Self.request(line)) } },
                request: { _ in
                    seen += 1
                    if seen == 10 { throw StoreFailed() }
                })
        }
        #expect(seen == 10)
    }

    /// Many hand-overs in a row, each ending another way (the end, the reader's error, the
    /// consumer's error while the reader waits on a full queue): every run returns, and the
    /// queue is freed whatever state its waits were left in.
    @Test func repeatedRunsEndCleanlyWhicheverSideStops() throws {
        let full = ReadAhead.chunkSize * (ReadAhead.chunks + 2)
        for round in 0..<300 {
            var seen = 0
            do {
                try ReadAhead.run(
                    read: { emit in
                        for line in 1...full { try emit(Self.request(line)) }
                        if round % 3 == 1 { throw ReadFailed() }
                    },
                    request: { _ in
                        seen += 1
                        if round % 3 == 2 && seen == 1 { throw StoreFailed() }
                    })
                #expect(round % 3 == 0 && seen == full)
            } catch is ReadFailed {
                #expect(round % 3 == 1 && seen == full)
            } catch is StoreFailed {
                #expect(round % 3 == 2 && seen == 1)
            }
        }
    }
}
