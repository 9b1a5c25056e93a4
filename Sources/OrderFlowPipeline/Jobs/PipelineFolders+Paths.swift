import OrderFlowCore

extension PipelineFolders {
    /// `processing/<reseller>/<claimId>--<name>`.
    func processingPath(_ claim: FileClaim) -> String {
        processing + "/" + claim.reseller + "/" + claim.processingName
    }

    /// `outbox/<reseller>/<batchId>/` (the batch id's form is checked before any commit).
    func outboxPath(reseller: String, batchId: String) -> PipelinePath {
        PipelinePath(root: outbox, reseller, batchId)
    }

    func failedFolder(reseller: String) -> PipelinePath { PipelinePath(root: failed, reseller) }
}
