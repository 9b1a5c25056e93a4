import OrderFlowCore
import Testing

/// The canonical text of a request and its digest, which the ledger keeps to recognise a request
/// sent again (Rules.md, refs). The digests below were computed outside OrderFlow (Python's
/// `hashlib.sha256` of the text written out here), so a change to the text or to how it is hashed
/// breaks the duplicate detection of every ledger already written, and fails here first.
@Suite struct RequestContentTests {
    static let at = SourceLocation(line: 3, column: 5)

    static var request: RawRequest {
        var raw = RawRequest(action: .order, location: at)
        raw[.ref] = "A-1"
        raw[.companyName] = "Smith, Jones = Co:\\"
        raw[.plan] = "MAIL-BASIC"
        raw[.domain] = "example.com"
        // Written out of order: the text sorts resources by id.
        raw.resources = [
            ResourceAmount(id: "USERS", amount: "10", location: at), ResourceAmount(id: "DISK", amount: "50", location: at),
        ]
        raw.unitParameters = [UnitParameterSet(resource: "USERS", values: [("username", "alice"), ("note", "a,b")], location: at)]
        return raw
    }

    @Test func theTextListsFieldsInOrderResourcesByIdAndEscapesSeparators() {
        #expect(
            RequestContent.canonicalText(of: Self.request)
                == "action=order\nref=A-1\ncompany_name=Smith\\, Jones \\= Co\\:\\\\\nplan=MAIL-BASIC\ndomain=example.com\n"
                + "resource:DISK=50\nresource:USERS=10\nunitParameters:USERS=username:alice,note:a\\,b\n")
    }

    @Test func theDigestIsTheSHA256OfThatText() {
        #expect(RequestContent.digest(of: Self.request) == "cbc590cb197587e62d49f68d8b335f53e973b5eef5d4a9c03ed318bb2d096121")
        #expect(RequestContent.digest(of: Self.request) == SHA256.hexDigest(of: RequestContent.canonicalText(of: Self.request)))
    }

    @Test func aRequestWithNothingInItHasTheDigestOfItsEmptyAction() {
        let empty = RawRequest(action: nil, location: Self.at)
        #expect(RequestContent.canonicalText(of: empty) == "action=\n")
        #expect(RequestContent.digest(of: empty) == "983b958b055f217aa29a74c3c28cca7916e5fc900c2ad7f8de30fc1f30a18227")
    }

    @Test func resourcesWrittenInAnotherOrderAreTheSameRequest() {
        var reordered = Self.request
        reordered.resources.reverse()
        #expect(RequestContent.digest(of: reordered) == RequestContent.digest(of: Self.request))
    }
}
