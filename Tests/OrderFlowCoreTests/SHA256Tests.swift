import Testing
@testable import OrderFlowCore

/// FIPS 180-4 test vectors (NIST CSRC "SHA-256" examples and the SHA-2 short/long message set).
@Suite struct SHA256Tests {
    @Test func emptyMessage() {
        #expect(SHA256.hexDigest(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(SHA256.hexDigest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage448Bits() {
        #expect(SHA256.hexDigest(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func message896Bits() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(message.utf8.count == 112)
        #expect(SHA256.hexDigest(of: message) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionA() {
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(SHA256.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func splitUpdatesEqualOneShot() {
        // Bytes 0…999 fed in every split of awkward sizes (1, 63, 64, 65, 127 …) and through the
        // raw-buffer, contiguous and non-contiguous paths must give the one-shot digest.
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var oneShot = SHA256()
        oneShot.update(message)
        let expected = oneShot.finalize()
        for size in [1, 3, 55, 56, 63, 64, 65, 127, 128, 129, 500, 999] {
            var hasher = SHA256()
            var start = 0
            var piece = 0
            while start < message.count {
                let end = min(start + size, message.count)
                switch piece % 3 {
                case 0: message[start..<end].withUnsafeBytes { hasher.update($0) }
                case 1: hasher.update(message[start..<end])
                default: hasher.update(message[start..<end].lazy.map { $0 })
                }
                start = end
                piece += 1
            }
            #expect(hasher.finalize() == expected, "pieces of \(size)")
        }
    }

    @Test func paddingBoundaries() {
        // Lengths around the 55/56-byte limit where padding needs a second block.
        let vectors: [(Int, String)] = [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        ]
        for (count, digest) in vectors {
            #expect(SHA256.hexDigest(of: String(repeating: "a", count: count)) == digest, "\(count) × a")
        }
    }

    @Test func finalizeLeavesTheMessageIntact() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        let first = hasher.finalize()
        #expect(hasher.finalize() == first)
        hasher.update("c".utf8)
        #expect(SHA256.hex(hasher.finalize()) == SHA256.hexDigest(of: "abc"))
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SHA256.hex([UInt8]()) == "")
    }
}
