/// What identifies one version of an inbox file: it is complete once this has not changed for
/// `stableFor` (Operations.md, stability). The inode tells a file renamed over another apart even
/// when size and mtime match; mtime alone is never trusted (a copy may keep an old one).
public struct FileSignature: Sendable, Hashable {
    public var size: Int64
    public var mtimeNanoseconds: Int64
    public var device: UInt64
    public var inode: UInt64

    public init(size: Int64, mtimeNanoseconds: Int64, device: UInt64, inode: UInt64) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.device = device
        self.inode = inode
    }
}

/// Judges when an inbox file is stable, by OrderFlow's own monotonic clock measured from when
/// it first saw the file with its current signature (Operations.md, stability).
///
/// This is in-memory observation, not listing state: forgetting it (a restart) only means
/// waiting `stableFor` again; a file having left `inbox/` is what says it was taken.
public struct StabilityTracker: Sendable {
    public enum Judgement: Sendable, Hashable {
        case stable
        /// Milliseconds until it can be judged stable, if it stays as it is.
        case waiting(remaining: Int64)
    }

    /// One inbox file: its reseller folder and its name.
    public struct Key: Sendable, Hashable {
        public var reseller: String
        public var name: String

        public init(reseller: String, name: String) {
            self.reseller = reseller
            self.name = name
        }
    }

    private struct Seen {
        var signature: FileSignature
        var since: Int64
    }

    /// Milliseconds a signature must stay unchanged; 0 means stable at first sight.
    public let stableFor: Int64
    private var seen: [Key: Seen] = [:]

    public init(stableFor: Int64) { self.stableFor = max(0, stableFor) }

    /// Records what the file looks like `now` (milliseconds, ``MonotonicClock``) and judges it.
    public mutating func observe(reseller: String, name: String, signature: FileSignature, now: Int64) -> Judgement {
        let key = Key(reseller: reseller, name: name)
        let since: Int64
        if let earlier = seen[key], earlier.signature == signature {
            since = earlier.since
        } else {
            since = now
            seen[key] = Seen(signature: signature, since: now)
        }
        let elapsed = now - since
        return elapsed >= stableFor ? .stable : .waiting(remaining: stableFor - elapsed)
    }

    /// Forgets the file (it was claimed or moved away).
    public mutating func forget(reseller: String, name: String) {
        seen[Key(reseller: reseller, name: name)] = nil
    }

    /// Forgets every file not in `present` so that the memory stays the size
    /// of the inbox.
    public mutating func retain(only present: Set<Key>) {
        seen = seen.filter { present.contains($0.key) }
    }

    /// How many files are being watched.
    public var count: Int { seen.count }
}
