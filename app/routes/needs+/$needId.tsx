import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getNeed } from "~/modules/needs/queries.server";
import { RESPONDABLE_STATUSES } from "~/modules/needs/types";
import { NeedStatus, ProgressBars, ResponseOffer } from "~/components/need-ui";
import { roleHas } from "~/modules/organizations/permissions.server";
import { districtName } from "~/modules/districts/districts";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { excerpt, originFromMatches, shareMeta } from "~/modules/share/meta";
import { productsForNeed } from "~/modules/matching/products.server";
import { ProductCard } from "~/components/product-card";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? shareMeta({ title: data.need.title, description: excerpt(data.need.description), path: `/needs/${data.need.id}`, origin: originFromMatches(matches) }) : [{ title: "善联" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(params.needId, 404);
  const user = await getOptionalUser(request);
  const staff = isStaff(user);
  const memberships = user
    ? await prisma.orgMembership.findMany({ where: { userId: user.id, org: { status: "APPROVED" } }, select: { role: true, org: { select: { id: true, name: true } } } })
    : [];
  const needOrgs = memberships.filter((m) => roleHas(m.role, "org:needs"));
  const probe = await prisma.need.findUnique({ where: { id: params.needId }, select: { proposedByOrgId: true, status: true } });
  invariantResponse(probe, 404);
  const isOwner = Boolean(probe.proposedByOrgId && needOrgs.some((m) => m.org.id === probe.proposedByOrgId));
  const need = await getNeed(params.needId, { allResponses: staff || isOwner });
  invariantResponse(need, 404);
  // Proposed and rejected needs are visible only to staff and to the organization that proposed them.
  invariantResponse(need.isPublic || staff || isOwner, 404);
  const canRespond = (RESPONDABLE_STATUSES as readonly string[]).includes(need.status);
  // Consumption aid: listed products matching the produce (the need's matching, shown to everyone).
  const products = need.category === "CONSUMPTION_AID" && need.isPublic ? await productsForNeed(need.id) : [];
  return {
    need,
    products,
    signedIn: Boolean(user),
    staff,
    ownerOrgId: isOwner ? probe.proposedByOrgId : null,
    respondAs: canRespond ? needOrgs.filter((m) => m.org.id !== probe.proposedByOrgId).map((m) => m.org) : [],
    canRespond,
  };
}

export default function NeedPage() {
  const { need, products, signedIn, staff, ownerOrgId, respondAs, canRespond } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article className="need-page">
      <div className="page-head">
        <div>
          <h1>{need.title}</h1>
          <p className="muted">
            <NeedStatus status={need.status} /> <span className="tag">{t(`needs.categories.${need.category}`)}</span> <span className="tag">{t(`needs.urgencies.${need.urgency}`)}</span>{" "}
            {need.proposedByOrg ? t("needs.detail.proposedBy", { org: need.proposedByOrg.name }) : t("needs.detail.postedByBureau")}
          </p>
        </div>
        {staff ? (
          <Link className="button button-secondary" to={`/staff/needs/${need.id}`}>
            {t("needs.detail.manage")}
          </Link>
        ) : ownerOrgId ? (
          <Link className="button button-secondary" to={`/org/${ownerOrgId}/needs/${need.id}/responses`}>
            {t("needs.detail.manage")}
          </Link>
        ) : null}
      </div>
      <div className="cards cards-main-side">
        <section className="card">
          <p style={{ whiteSpace: "pre-wrap" }}>{need.description}</p>
          <dl className="dl">
            <dt>{t("needs.detail.place")}</dt>
            <dd>{[districtName(need.districtCode, locale), need.town, need.village].filter(Boolean).join(" · ")}</dd>
            {need.peopleAffected ? (
              <>
                <dt>{t("needs.fields.peopleAffected")}</dt>
                <dd>{need.peopleAffected}</dd>
              </>
            ) : null}
            {need.beneficiaryGroups.length ? (
              <>
                <dt>{t("needs.fields.beneficiaryGroups")}</dt>
                <dd>{need.beneficiaryGroups.map((g) => t(`common.beneficiaryGroups.${g}`)).join("、")}</dd>
              </>
            ) : null}
            {need.deadline ? (
              <>
                <dt>{t("needs.fields.deadline")}</dt>
                <dd>{formatDate(need.deadline, locale)}</dd>
              </>
            ) : null}
            <dt>{t("needs.detail.wanted")}</dt>
            <dd>
              <ul>
                {need.wantVolunteers ? <li>{t("needs.detail.volunteersWanted", { count: need.wantVolunteers })}</li> : null}
                {need.wantMoneyFen ? <li>{t("needs.detail.moneyWanted", { amount: formatFen(need.wantMoneyFen, locale).replace("¥", "") })}</li> : null}
                {need.goods.map((g) => (
                  <li key={g.id}>{t("needs.detail.goodsLine", { name: g.name, quantity: g.quantity, unit: g.unit })}</li>
                ))}
                {need.produceName ? <li>{t("needs.detail.producePrice", { name: need.produceName, quantity: need.produceQuantity ?? 0, unit: need.produceUnit ?? "", price: formatFen(need.producePriceFen ?? "0", locale).replace("¥", "") })}</li> : null}
              </ul>
            </dd>
          </dl>
        </section>
        <aside className="card">
          <h2>{t("needs.detail.progress")}</h2>
          <ProgressBars progress={need.progress} />
          {canRespond ? (
            signedIn ? (
              respondAs.length ? (
                <div className="button-row">
                  {respondAs.map((o) => (
                    <Link key={o.id} className="button" to={`/org/${o.id}/needs/${need.id}/respond`}>
                      {respondAs.length > 1 ? t("needs.detail.respondAs", { org: o.name }) : t("needs.detail.respond")}
                    </Link>
                  ))}
                </div>
              ) : staff || ownerOrgId ? null : (
                <p className="muted">{t("needs.detail.noOrg")}</p>
              )
            ) : (
              <p>
                <Link to={`/auth/login?redirectTo=${encodeURIComponent(`/needs/${need.id}`)}`}>{t("needs.detail.signInToRespond")}</Link>
              </p>
            )
          ) : (
            <p className="muted">{t("needs.detail.notOpen")}</p>
          )}
        </aside>
      </div>
      {need.category === "CONSUMPTION_AID" ? (
        <section className="card" data-testid="matching-products">
          <h2>{t("shop.catalogue.matching.title")}</h2>
          <p className="muted">{t("shop.catalogue.matching.intro")}</p>
          {products.length ? (
            <ul className="cards product-cards">
              {products.map((p) => (
                <ProductCard key={p.id} p={p} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t("shop.catalogue.matching.none")}</p>
          )}
        </section>
      ) : null}
      <section className="card">
        <h2>{t("needs.detail.responses")}</h2>
        {need.responses.length ? (
          <div className="table-wrap">
            <table>
              <tbody>
                {need.responses.map((r) => (
                  <tr key={r.id}>
                    <td>{r.org.name}</td>
                    <td>{t(`needs.kinds.${r.kind}`)}</td>
                    <td>
                      <ResponseOffer r={r} goods={need.goods} />
                    </td>
                    <td>{t(`needs.responseStatuses.${r.status}`)}</td>
                    <td>{formatDate(r.createdAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("needs.detail.noResponses")}</p>
        )}
      </section>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
