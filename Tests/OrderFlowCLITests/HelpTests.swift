import Testing

@Suite struct HelpTests {
    @Test func helpListsTheCommand() throws {
        let result = try CLI.run(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("orderflow"))
    }
}
