/// Earlier batches (``base``) with what earlier requests of the same file did laid over them:
/// refs accepted, orders, renewals and upgrades created or canceled, domains taken or released,
/// promo uses (the rules of Rules.md count what the ledger holds and what earlier requests of the
/// batch did).
///
/// When the base already sees every effect the batch stores as it goes (the ledger, read inside
/// the batch's own transaction), the overlay keeps only the promo uses, which the ledger counts
/// without this batch: everything else would repeat rows the ledger returns identically, and
/// grow with the batch (about 2.5 KB per accepted order). Without such a base, the records are
/// kept packed (``PackedRecords``, a few hundred bytes per accepted order) and unpacked only when a
/// later request names them.
public struct BatchHistory: OrderHistory {
    public let base: any OrderHistory
    /// True when ``base`` returns this batch's accepted requests, orders, accounts, subscriptions
    /// and domains itself, as soon as they are stored.
    public let baseHoldsBatchWrites: Bool
    private var packed = PackedRecords()
    private var accepted: [String: PackedRecords.Position] = [:]
    private var orders: [String: PackedRecords.Position] = [:]
    /// Subscription id → the renewals' and upgrades' sales orders this batch created or changed,
    /// oldest first, each by its ref.
    private var changes: [String: [(ref: String, position: PackedRecords.Position)]] = [:]
    private var accounts: [String: PackedRecords.Position] = [:]
    private var subscriptions: [String: PackedRecords.Position] = [:]
    /// "productId\u{0}domain" → held (true) or released (false) by this batch.
    private var domains: [String: Bool] = [:]
    private var promoUseCounts: [String: Int] = [:]
    private var trialUses: Set<TrialUse> = []

    public init(base: any OrderHistory) {
        self.init(base: base, baseHoldsBatchWrites: false)
    }

    public init(base: any OrderHistory, baseHoldsBatchWrites: Bool) {
        self.base = base
        self.baseHoldsBatchWrites = baseHoldsBatchWrites
    }

    public var hasLedger: Bool { base.hasLedger }

    public func account(id: String, reseller: String) -> AccountRecord? {
        if let position = accounts[id] {
            let account = packed.read(at: position) { $0.account() }
            return account.reseller == reseller ? account : nil
        }
        return base.account(id: id, reseller: reseller)
    }

    public func acceptedRequest(ref: String, reseller: String) -> StoredRequest? {
        if let position = accepted[ref] { return packed.read(at: position) { $0.request() } }
        return base.acceptedRequest(ref: ref, reseller: reseller)
    }

    public func order(ref: String, reseller: String) -> OrderRecord? {
        if let position = orders[ref] { return packed.read(at: position) { $0.order() } }
        return base.order(ref: ref, reseller: reseller)
    }

    public func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] {
        var all = base.renewalsAndUpgrades(subscription: subscription, reseller: reseller)
        for (_, position) in changes[subscription] ?? [] {
            let order = packed.read(at: position) { $0.order() }
            guard order.reseller == reseller else { continue }
            if let index = all.firstIndex(where: { $0.ref == order.ref }) { all[index] = order } else { all.append(order) }
        }
        return all
    }

    public func subscription(id: String, reseller: String) -> SubscriptionRecord? {
        if let position = subscriptions[id] {
            let subscription = packed.read(at: position) { $0.subscription() }
            return subscription.reseller == reseller ? subscription : nil
        }
        return base.subscription(id: id, reseller: reseller)
    }

    public func isDomainHeld(_ domain: String, productId: String) -> Bool {
        domains[productId + "\u{0}" + domain] ?? base.isDomainHeld(domain, productId: productId)
    }

    public func domainHolders(_ domain: String, productId: String) -> [DomainHolder] {
        switch domains[productId + "\u{0}" + domain] {
        // Held by a request of this batch the overlay does not describe: never a trial of the account.
        case true?: [DomainHolder(accountId: nil, planId: "", periodId: "")]
        case false?: []
        case nil: base.domainHolders(domain, productId: productId)
        }
    }

    public func trialUsed(_ use: TrialUse) -> Bool { trialUses.contains(use) || base.trialUsed(use) }

    public func promoUses(code: String) -> Int {
        base.promoUses(code: code) + promoUseCounts[code, default: 0]
    }

    // MARK: What this batch did

    public mutating func record(accepted request: StoredRequest) {
        if !baseHoldsBatchWrites { accepted[request.ref] = packed.append { $0.request(request) } }
    }

    public mutating func record(order: OrderRecord) {
        if !baseHoldsBatchWrites { orders[order.ref] = packed.append { $0.order(order) } }
    }

    /// A renewal's or upgrade's sales order, new or changed.
    public mutating func record(renewalOrUpgrade order: OrderRecord) {
        guard !baseHoldsBatchWrites, let subscription = order.subscriptionId, !subscription.isEmpty else { return }
        let position = packed.append { $0.order(order) }
        var list = changes[subscription, default: []]
        if let index = list.firstIndex(where: { $0.ref == order.ref }) {
            list[index].position = position
        } else {
            list.append((order.ref, position))
        }
        changes[subscription] = list
    }

    public mutating func record(account: AccountRecord) {
        if !baseHoldsBatchWrites { accounts[account.id] = packed.append { $0.account(account) } }
    }

    public mutating func record(subscription: SubscriptionRecord) {
        if !baseHoldsBatchWrites { subscriptions[subscription.id] = packed.append { $0.subscription(subscription) } }
    }

    public mutating func hold(domain: String, productId: String) {
        if !baseHoldsBatchWrites { domains[productId + "\u{0}" + domain] = true }
    }

    public mutating func release(domain: String, productId: String) {
        if !baseHoldsBatchWrites { domains[productId + "\u{0}" + domain] = false }
    }

    public mutating func usePromo(code: String) { promoUseCounts[code, default: 0] += 1 }

    public mutating func record(trialUse use: TrialUse) {
        if !baseHoldsBatchWrites { trialUses.insert(use) }
    }
}
