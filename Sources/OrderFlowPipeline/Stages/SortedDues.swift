import OrderFlowCore

/// What is due by subscription, read forward beside the subscriptions as both go by in the order
/// their ids are stored (text compared byte by byte, as SQLite compares it and as `utf8` does):
/// the debt check holds one entry, not one per debtor (DebtCheck).
struct SortedDues {
    private let next: () throws -> (id: String, due: Int64)?
    private var pending: (id: String, due: Int64)?
    private var done = false

    /// `next` gives each subscription's due amount once, in ascending id order, then nil.
    init(next: @escaping () throws -> (id: String, due: Int64)?) {
        self.next = next
    }

    /// What is due for `id` (0 when nothing is); ids are asked for in ascending order, and those
    /// never asked for (no threshold, canceled) are passed over.
    mutating func due(of id: String) throws -> Int64 {
        while true {
            if pending == nil, !done {
                pending = try next()
                done = pending == nil
            }
            guard let entry = pending else { return 0 }
            guard entry.id.utf8.lexicographicallyPrecedes(id.utf8) else { return entry.id == id ? entry.due : 0 }
            pending = nil
        }
    }

    /// Ids by their number (`SUB-9` before `SUB-10`), as the month's outputs list them; an id of
    /// another form after those, by its text.
    static func numberOrder(_ a: String, _ b: String) -> Bool {
        switch (IdKind.subscription.number(of: a), IdKind.subscription.number(of: b)) {
        case let (x?, y?): x < y
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }
}
