import { redactPersonalData } from "~/modules/accounts/personal-data";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";

/**
 * The last line of defence before a document reaches an engine: mobile numbers and ID numbers in
 * any text field are blotted out, whatever the adapter read (forms refuse them today, but rows
 * written before the refusal, or imported, may still hold them).
 */
export function redactDocument(doc: SearchDocument): SearchDocument {
  return { ...doc, title: redactPersonalData(doc.title), body: redactPersonalData(doc.body), tags: doc.tags.map(redactPersonalData) };
}

/** Wraps an adapter so that every document it loads is redacted. */
export function redacting(adapter: SearchAdapter): SearchAdapter {
  return {
    kind: adapter.kind,
    publicIds: (db, after, take) => adapter.publicIds(db, after, take),
    async load(db, ids) {
      const docs = await adapter.load(db, ids);
      for (const [id, doc] of docs) docs.set(id, redactDocument(doc));
      return docs;
    },
  };
}
