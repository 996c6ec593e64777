// Namespace "reconcile": daily reconciliation of provider statements with the ledger (#14.6).
export default {
  title: "TODO",
};
