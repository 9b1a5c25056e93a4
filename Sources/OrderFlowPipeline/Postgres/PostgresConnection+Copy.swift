import CLibPQ

extension PostgresConnection {
    /// Writes `rows` into `table` with `COPY … FROM STDIN` (PQputCopyData in 64 KiB pieces, then
    /// PQputCopyEnd): the bulk path for a batch's per-order rows, one round trip for all of them.
    /// Returns the number of rows copied.
    ///
    /// Names are quoted as given, so write them as the table was created (lowercase). A row whose
    /// field count is not the columns' count, or a text with a NUL, aborts the COPY: nothing of it
    /// stays, and inside ``transaction(_:)`` the transaction fails with it.
    @discardableResult
    func copy<Rows: Sequence<[PostgresParameter]>>(
        into table: String, columns: [String], rows: Rows
    ) throws(PostgresError) -> Int64 {
        try sync()
        let operation = "COPY \(table)"
        let sql = "COPY \(Self.quoted(table)) (\(columns.map(Self.quoted).joined(separator: ", "))) FROM STDIN"
        guard let start = PQexec(handle, sql) else { throw failure(nil, operation) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw failure(start, operation)
        }
        PQclear(start)

        var refusal: PostgresError?
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunk + 4_096)
        rowLoop: for (number, row) in rows.enumerated() {
            guard row.count == columns.count else {
                refusal = PostgresError(
                    .refused, operation: operation,
                    message: "row \(number + 1) has \(row.count) fields for \(columns.count) columns")
                break
            }
            for (index, field) in row.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "\t")) }
                guard let text = field.text else {
                    buffer.append(contentsOf: Array("\\N".utf8))
                    continue
                }
                guard !text.utf8.contains(0) else {
                    refusal = PostgresError(
                        .refused, operation: operation,
                        message: "row \(number + 1) has a text with a NUL character, which PostgreSQL cannot store")
                    break rowLoop
                }
                Self.appendEscaped(text, to: &buffer)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= Self.copyChunk {
                guard send(buffer) else { break }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if refusal == nil, !buffer.isEmpty { _ = send(buffer) }
        // A message here makes the server fail the COPY, so none of its rows stay.
        _ = PQputCopyEnd(handle, refusal?.message)

        var copied: Int64 = 0
        var serverError: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int64(String(cString: PQcmdTuples(result))) ?? 0
            } else if serverError == nil {
                serverError = failure(result, operation)
            }
            PQclear(result)
        }
        if let refusal { throw refusal }
        if let serverError { throw serverError }
        return copied
    }

    /// Ends a COPY that ``execute(_:_:)`` started by mistake, so that the session can go on: a COPY
    /// IN is failed, a COPY OUT's data is read and dropped, and the results are drained.
    func abandonCopy(_ status: ExecStatusType) {
        if status == PGRES_COPY_IN {
            _ = PQputCopyEnd(handle, "COPY runs through copy(into:columns:rows:)")
        } else {
            var data: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &data, 0) >= 0 { PQfreemem(data) }
        }
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    /// Sends one piece of COPY data; false when the connection failed (the final result says why).
    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) == 1 }
        }
    }

    private static let copyChunk = 64 * 1_024

    /// COPY's text format: backslash, tab, newline and carriage return are escaped; `\N` is NULL.
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }

    /// An identifier in double quotes (`"orders"`, `"ledger"."orders"`), quotes inside doubled.
    static func quoted(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false)
            .map { "\"" + $0.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" }
            .joined(separator: ".")
    }
}
