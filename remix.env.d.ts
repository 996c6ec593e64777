/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single Fetch typing (loader data inferred without Jsonify) — matches future.v3_singleFetch.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
