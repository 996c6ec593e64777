import { useT } from "~/modules/i18n/use-t";
import type { Flash } from "~/utils/flash.server";

export function FlashMessage({ flash }: { flash: Flash }) {
  const t = useT();
  return (
    <div className={`flash flash-${flash.kind ?? "success"}`} role="status">
      {t(flash.messageKey, flash.params)}
    </div>
  );
}
