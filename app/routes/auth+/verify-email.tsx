import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyEmail } from "~/modules/accounts/email-tokens.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "验证邮箱 · 善联" }, { name: "referrer", content: "no-referrer" }];

/** Following the link is the proof: it works signed in or not, once. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = (new URL(request.url).searchParams.get("token") ?? "").slice(0, 100);
  return { verified: await verifyEmail(token) };
}

export default function VerifyEmail() {
  const { verified } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="form-card form-narrow">
      <h1>{t("security.accounts.verify.title")}</h1>
      <p role={verified ? "status" : "alert"}>{t(verified ? "security.accounts.verify.ok" : "security.accounts.verify.failed")}</p>
      <p>
        <Link to="/me">{t("security.accounts.verify.continue")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
