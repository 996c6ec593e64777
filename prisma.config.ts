// Configuration for the Prisma CLI (Prisma 7 reads the connection string from here, not from the
// schema). Used by `prisma migrate deploy` on machines where the CLI can fetch its engine; this
// repository's own scripts apply migrations through the WASM schema engine instead.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/shanlian" },
});
