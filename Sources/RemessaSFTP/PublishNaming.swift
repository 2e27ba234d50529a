/// The names a publication may take, and its temporary name: the one rule for both drop transports (the local
/// one uses it through `RemessaDrops`).
package struct PublishNaming {
    let directory: String
    let name: String

    package init(remotePath: String) {
        if let slash = remotePath.lastIndex(of: "/") {
            self.directory = String(remotePath[...slash])
            self.name = String(remotePath[remotePath.index(after: slash)...])
        } else {
            self.directory = ""
            self.name = remotePath
        }
    }

    /// `report.csv` for 0, `report-1.csv` for 1, …; the suffix goes before the last extension.
    package func candidate(_ index: Int) -> String {
        guard index > 0 else { return self.directory + self.name }
        if let dot = self.name.lastIndex(of: "."), dot != self.name.startIndex {
            let stem = String(self.name[..<dot])
            let pathExtension = String(self.name[dot...])
            return "\(self.directory)\(stem)-\(index)\(pathExtension)"
        }
        return "\(self.directory)\(self.name)-\(index)"
    }

    /// A hidden `.part` name derived from the target name, so a retry finds its own earlier upload. It stays
    /// within the 255 bytes a name may have: a long name keeps its start and gains a hash of the whole.
    package var temporary: String {
        let whole = ".\(self.name).remessa.part"
        guard whole.utf8.count > Self.maxNameBytes else { return self.directory + whole }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in self.name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let mark = "~" + String(hash, radix: 16) + ".remessa.part"
        var kept = "."
        for character in self.name {
            guard kept.utf8.count + character.utf8.count + mark.utf8.count <= Self.maxNameBytes else { break }
            kept.append(character)
        }
        return self.directory + kept + mark
    }

    /// The longest name OpenSSH's server (and Linux file systems) take for one path component.
    static let maxNameBytes = 255
}
