/**
 * `npm run ids:rekey`: re-encrypts the stored ID numbers (national-export consent) under the current
 * ID_ENCRYPTION_KEY generation, reading older ones with ID_ENCRYPTION_PREVIOUS_KEYS. Run after a key
 * rotation (README, environment table, the `ID_ENCRYPTION_KEY_VERSION` row); prints counts only, never a number. Exits 1 when
 * a ciphertext could not be read with any configured key.
 */
import { runScript } from "./lib/bootstrap";

runScript("ids:rekey", async () => {
  const { prisma } = await import("../app/utils/db.server");
  const { idKeyring, rekeyIdNumbers } = await import("../app/modules/accounts/id-cipher.server");
  const ring = idKeyring();
  const r = await rekeyIdNumbers(prisma, ring);
  console.log(`ID numbers: ${r.rekeyed} re-encrypted to key generation ${ring.version}, ${r.current} already on it, ${r.unreadable} unreadable with the configured keys`);
  return r.unreadable ? 1 : 0;
});
