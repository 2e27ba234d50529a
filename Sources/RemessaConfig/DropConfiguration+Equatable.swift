import RemessaCore

extension DropConfiguration {
    public static func == (lhs: DropConfiguration, rhs: DropConfiguration) -> Bool {
        lhs.name == rhs.name && lhs.transport == rhs.transport && lhs.path == rhs.path
            && lhs.folders == rhs.folders && lhs.include == rhs.include && lhs.pollInterval == rhs.pollInterval
            && lhs.readiness == rhs.readiness && lhs.stableFor == rhs.stableFor
            && lhs.maxClaimsPerPoll == rhs.maxClaimsPerPoll && sameValidation(lhs.validation, rhs.validation)
            && lhs.templateFile == rhs.templateFile && lhs.route == rhs.route && lhs.sendWindow == rhs.sendWindow
            && lhs.ttl == rhs.ttl && lhs.dlrInterval == rhs.dlrInterval && lhs.dlrTimeout == rhs.dlrTimeout
            && lhs.dedupeWindow == rhs.dedupeWindow && lhs.locale == rhs.locale && lhs.bom == rhs.bom
    }

    private static func sameValidation(_ lhs: ValidationOptions, _ rhs: ValidationOptions) -> Bool {
        lhs.layout == rhs.layout && lhs.phonePolicy == rhs.phonePolicy && lhs.template == rhs.template
            && lhs.transliterate == rhs.transliterate && lhs.maxSegments == rhs.maxSegments
            && lhs.onMissingField == rhs.onMissingField && lhs.defaultPriority == rhs.defaultPriority
            && lhs.maxRecordBytes == rhs.maxRecordBytes && lhs.maxFileBytes == rhs.maxFileBytes
            && lhs.maxFileErrors == rhs.maxFileErrors
    }
}
