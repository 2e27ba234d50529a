import RemessaSFTP

/// Joins drop-relative paths.
package enum DropPath {
    package static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty || folder == "." { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `report.csv`, `report-1.csv`, `report-2.csv`, …: the `index`th variant of a name, as an SFTP publish
    /// names it.
    package static func variant(_ name: String, _ index: Int) -> String {
        PublishNaming(remotePath: name).candidate(index)
    }
}
