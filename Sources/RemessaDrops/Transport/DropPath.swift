/// Joins drop-relative paths.
package enum DropPath {
    package static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty || folder == "." { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `report.csv`, `report-1.csv`, `report-2.csv`, …: the `index`th variant of a name.
    package static func variant(_ name: String, _ index: Int) -> String {
        guard index > 0 else { return name }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return "\(name[..<dot])-\(index)\(name[dot...])"
        }
        return "\(name)-\(index)"
    }
}
