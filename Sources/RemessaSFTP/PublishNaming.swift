/// The names a publication may take, and its temporary name.
struct PublishNaming {
    let directory: String
    let name: String

    init(remotePath: String) {
        if let slash = remotePath.lastIndex(of: "/") {
            self.directory = String(remotePath[...slash])
            self.name = String(remotePath[remotePath.index(after: slash)...])
        } else {
            self.directory = ""
            self.name = remotePath
        }
    }

    /// `report.csv` for 0, `report-1.csv` for 1, …; the suffix goes before the last extension.
    func candidate(_ index: Int) -> String {
        guard index > 0 else { return self.directory + self.name }
        if let dot = self.name.lastIndex(of: "."), dot != self.name.startIndex {
            let stem = String(self.name[..<dot])
            let pathExtension = String(self.name[dot...])
            return "\(self.directory)\(stem)-\(index)\(pathExtension)"
        }
        return "\(self.directory)\(self.name)-\(index)"
    }

    /// A hidden `.part` name derived from the target name, so a retry finds its own earlier upload.
    var temporary: String {
        "\(self.directory).\(self.name).remessa.part"
    }
}
