/// `put`'s REMOTE split into the folder to publish into and the name to publish as: `inbox/base.csv` is
/// `inbox` + `base.csv`; `inbox/` (or `.`) keeps the local file's name; a bare `base.csv` goes to the drop's root.
struct DropRemotePath {
    /// Relative to the drop's path; `.` for the root.
    var folder: String
    var name: String

    init(_ remote: String, localPath: String) {
        let localName = String(localPath.split(separator: "/").last ?? Substring(localPath))
        if remote == "." || remote.isEmpty {
            folder = "."
            name = localName
        } else if let slash = remote.lastIndex(of: "/") {
            let head = String(remote[..<slash])
            let tail = String(remote[remote.index(after: slash)...])
            folder = head.isEmpty ? "." : head
            name = tail.isEmpty ? localName : tail
        } else {
            folder = "."
            name = remote
        }
    }

    /// `folder/name`, or `name` in the root.
    static func join(_ folder: String, _ name: String) -> String {
        folder == "." ? name : folder + "/" + name
    }
}
