import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { bootI18n } from "~/modules/i18n/i18n";

// The texts the server rendered with (only those, in the page's locale: #17.4), so hydration renders the same words.
bootI18n();

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
