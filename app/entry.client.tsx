import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { bootI18n } from "~/modules/i18n/i18n";

function hydrate() {
  // The texts the server rendered with (in the page's locale only: #17.4), so hydration renders the same words.
  bootI18n();
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// Remix's entry script is an async module: it may run while the HTML is still streaming in, before
// the texts (the last element of <body>) have arrived. Hydrating waits for the whole document.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hydrate, { once: true });
else hydrate();
