import ArgumentParser
import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowPipeline

/// `orderflow ledger import-subscriptions FILE.csv --pipeline P [--as-of DATE]`
/// (PipelineFiles.md).
struct ImportSubscriptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-subscriptions",
        abstract: "Import subscriptions that exist before OrderFlow (on-premise licences and others) into a pipeline's ledger.",
        discussion: """
            FILE is CSV like a drop (UTF-8, a BOM accepted, RFC 4180 quoting, LF or CRLF, a header row, \
            columns in any order, blank lines skipped, an empty cell is an absent value), one subscription \
            of ONE reseller per row. Columns:
              reseller, ref            required; the ref joins the reseller's refs (orders, renewals, upgrades)
              account                  an existing account id of this reseller, OR the company details:
              account_type, company_name, vat_id, contact_name, contact_email, country, region, city,
                postal_code, address_line1   (full registration, as in a drop file; rows of one file with
                identical details share one new account)
              product, plan, period    plan and period required; a trial period cannot be imported;
                                       on-premise products are allowed
              resource:<ID>            total amount, included units counted (absent: the included amount)
              period_start             required: first day of the current period (YYYY-MM-DD)
              period_end               first day after it (default: period_start + the period's duration)
              currency                 billing currency (default: the reseller's; only SaaS may differ)
              payment_model            prepay|postpay (default: the reseller's; must be offered by the plan)
              blocking_threshold       postpay only (default: the plan's, converted and rounded)
              domain                   required where the product says so; must be free
              status                   Active (default), Stopped or Canceled
            error_code and error_message columns are accepted and ignored.

            Rows are judged like drop requests (same codes: MISSING_FIELD, INVALID_VALUE, UNKNOWN_PRODUCT, \
            UNKNOWN_PLAN, AMBIGUOUS_PLAN, UNKNOWN_PERIOD, UNKNOWN_RESOURCE, UNKNOWN_ACCOUNT, \
            AMOUNT_BELOW_MIN/ABOVE_MAX, PAYMENT_MODEL_NOT_ALLOWED, THRESHOLD_NOT_POSTPAID, DOMAIN_REQUIRED/\
            INVALID/TAKEN, REGION_FORBIDDEN, RESTRICTION_CHECK_FAILED, COUNTRY_LOCKED, \
            ACCOUNT_TYPE_NOT_ALLOWED, CURRENCY_NOT_AVAILABLE, DUPLICATE_REF_CONFLICT, CSV_MALFORMED), each \
            error printed to standard error as file:line:col: error: [CODE] field: message. Everything \
            valid is stored in one ledger transaction under the reseller's lease, with account and \
            subscription ids from the platform-wide sequences, no sales order, payment or invoice, and a \
            state change per subscription. A row identical to one imported before (same ref) changes \
            nothing and reports the same ids (outcome duplicate); a changed one is DUPLICATE_REF_CONFLICT.

            Standard output is CSV, one row per input row: \
            ref,line,outcome,account_id,subscription_id,error_code,error_field,error_message \
            (outcome accepted|rejected|duplicate): the ids to name in renewals and upgrades.

            Exit codes: 0 all rows imported or already there; 65 a row or the file was rejected; 66 FILE \
            missing; 75 the ledger is busy or the reseller's files are being processed (try again); 78 \
            a problem with the pipeline file or what it names.
            """)

    @Argument(help: "The CSV file of subscriptions.") var file: String
    @Option(help: "The pipeline file (YAML) whose ledger and catalog to use.") var pipeline: String
    @Option(name: .customLong("as-of"), help: "The import's date, for exchange rates and the state changes (default: the pipeline's asOf, else today in the reseller's time zone).")
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD.")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: file), let data = FileManager.default.contents(atPath: file) else {
            Stderr.print("\(file): error: no such file")
            throw ExitStatus.noInput
        }
        let setup = try PipelineSetup.open(pipeline)
        let bytes = Array(data)
        let parsed: SubscriptionImportReader.Parsed
        do {
            parsed = try SubscriptionImportReader(bytes: bytes).read()
        } catch let error as FileError {
            for diagnostic in error.diagnostics { Stderr.print(diagnostic.formatted(file: file)) }
            throw ExitStatus.dataError
        }
        var writer = CSVWriter()
        writer.writeRow(
            ["ref", "line", "outcome", "account_id", "subscription_id", "error_code", "error_field", "error_message"],
            spreadsheetSafe: true)
        guard let resellerId = parsed.reseller ?? (parsed.rows.isEmpty ? nil : ""), !parsed.rows.isEmpty else {
            Stdout.write(writer.bytes)
            return
        }
        guard let reseller = setup.catalog.reseller(id: resellerId) else {
            let diagnostic = Diagnostic(
                .unknownReseller, field: RequestField.reseller.name,
                resellerId.isEmpty
                    ? "No row names the reseller: write your reseller id in the reseller column."
                    : "The catalog has no reseller '\(resellerId)'.",
                at: parsed.rows[0].raw.location(of: .reseller))
            Stderr.print(diagnostic.formatted(file: file))
            throw ExitStatus.dataError
        }
        var digest = SHA256()
        digest.update(bytes)
        let importFile = SubscriptionImportFile(
            fileName: URL(fileURLWithPath: file).lastPathComponent, sha256: SHA256.hex(digest.finalize()))
        let runDate = try asOf.flatMap { CalendarDate(iso: $0) } ?? setup.config.asOf ?? RunDate.today(for: reseller)

        let outcomes: [SubscriptionImportOutcome]
        do {
            guard let lease = try setup.ledger.acquireLease(
                reseller: reseller.id, owner: ProcessIdentity.current, now: SQLiteLedger.systemClock(),
                duration: setup.config.lease, ownerIsGone: ProcessIdentity.isGone)
            else {
                Stderr.print("\(pipeline): reseller \(reseller.id)'s files are being processed by another worker: try again later.")
                throw ExitStatus.temporaryFailure
            }
            defer { try? setup.ledger.releaseLease(lease) }
            outcomes = try setup.ledger.importSubscriptions(
                parsed.rows, file: importFile, catalog: setup.catalog, asOf: runDate, under: lease)
        } catch {
            throw ExitStatus.forRunFailure(error, pipeline: pipeline)
        }
        var rejected = 0
        for outcome in outcomes {
            let first = outcome.diagnostics.first
            if outcome.outcome == .rejected { rejected += 1 }
            for diagnostic in outcome.diagnostics { Stderr.print(diagnostic.formatted(file: file)) }
            writer.writeRow(
                [
                    outcome.ref, String(outcome.line), outcome.outcome.rawValue, outcome.accountId ?? "",
                    outcome.subscriptionId ?? "", first?.code.rawValue ?? "", first?.field ?? "", first?.message ?? "",
                ], spreadsheetSafe: true)
        }
        Stdout.write(writer.bytes)
        let stored = outcomes.filter { $0.outcome == .accepted }.count
        let duplicates = outcomes.filter { $0.outcome == .duplicate }.count
        Stderr.print("\(file): \(stored) subscriptions imported, \(duplicates) already there, \(rejected) rows rejected.")
        if rejected > 0 { throw ExitStatus.dataError }
    }
}
