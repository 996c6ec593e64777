import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { getOptionalUser, requireUser } from "~/modules/accounts/auth.server";
import { getPublicProject } from "~/modules/volunteering/listing.server";
import { visibleContactPhone } from "~/modules/organizations/contact-phone.server";
import { cancelSignup, signUpForShift } from "~/modules/volunteering/signups.server";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { beijingTime } from "~/modules/volunteering/time";
import { Markdown } from "~/modules/volunteering/markdown";
import { districtName } from "~/modules/districts/districts";
import { FormError } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { excerpt, originFromMatches, shareMeta } from "~/modules/share/meta";
import { formatDate } from "~/utils/format";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { SubmitButton } from "~/components/submit-button";
import { listNotice, fileObjection } from "~/modules/volunteering/objections.server";
import { ObjectionSchema } from "~/modules/volunteering/review-schema.server";
import { ProjectPageIntentSchema } from "~/modules/volunteering/schema.server";
import { HoursNotice } from "./__hours-notice";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? shareMeta({ title: data.project.title, description: excerpt(data.project.description), path: `/projects/${data.project.id}`, origin: originFromMatches(matches), imagePath: `/projects/${data.project.id}/poster.png` })
    : [{ title: "善联" }];

/** The render reads only the loaders' data and the URL: equal data gives equal HTML (app/utils/render-memo.server.ts). */
export const handle = { memoRender: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  // Side by side (issue 17.5): the notice checks the project's visibility itself.
  const [{ contactPhone, contactPhonePublic, ...project }, notice] = await Promise.all([
    loadOr4xx(() => getPublicProject(params.projectId ?? "", user?.id ?? null)),
    // Hours on notice (issue 15.1): masked names only.
    listNotice(params.projectId ?? "", user?.id ?? null),
  ]);
  const phone = await visibleContactPhone(user, project.org.id, contactPhone, contactPhonePublic);
  // Back from the profile page (or sign-in) with the shift the volunteer meant to take: offer it (#12.7b).
  const wanted = new URL(request.url).searchParams.get("signup");
  const resume = user?.hasProfile && project.status === "PUBLISHED" ? (project.shifts.find((s) => s.id === wanted && !s.mine)?.id ?? null) : null;
  return { project: { ...project, contactPhone: phone.phone, phoneMasked: phone.masked }, signedIn: Boolean(user), hasProfile: Boolean(user?.hasProfile), resume, notice };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const here = `/projects/${params.projectId}`;
  const values = formToObject(await readFormData(request));
  const parsed = ProjectPageIntentSchema.safeParse(values);
  invariantResponse(parsed.success, 400);
  const intent = parsed.data;
  if (intent.intent === "object") {
    const form = parseWithSchema(ObjectionSchema, values);
    if (!form.ok) return data({ ...form.reply, objection: true }, { status: 400 });
    const res = await runAction(values, () => fileObjection(user.id, form.data));
    if (!res.ok) return data({ ...res.response.data, objection: true }, res.response.init ?? { status: 400 });
    return redirectWithFlash(request, `${here}#hours-notice`, "review.flash.objected");
  }
  if (intent.intent === "cancel") {
    const res = await runAction(values, () => cancelSignup(user.id, intent.signupId));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, here, "volunteering.flash.cancelled");
  }
  // Real-name volunteers only: send the others to their profile, then back here.
  // The shift travels along, so the sign-up is offered again on return (#12.7b).
  if (!user.hasProfile) throw redirect(`/me/profile?redirectTo=${encodeURIComponent(`${here}?signup=${encodeURIComponent(intent.shiftId)}`)}`);
  const res = await runAction(values, () => signUpForShift(user.id, intent.shiftId));
  if (!res.ok) return res.response;
  return res.value.status === "CONFIRMED"
    ? redirectWithFlash(request, here, "volunteering.flash.signedUp")
    : redirectWithFlash(request, here, "volunteering.flash.waitlisted", { position: res.value.position ?? 0 });
}

export default function ProjectPage() {
  const { project, signedIn, hasProfile, resume, notice } = useLoaderData<typeof loader>();
  const resumeShift = resume ? project.shifts.find((s) => s.id === resume) : undefined;
  const actionReply = useActionData<typeof action>() as (FormReply & { objection?: boolean }) | undefined;
  const reply = actionReply?.objection ? undefined : actionReply;
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const open = project.status === "PUBLISHED";
  const ages =
    project.minAge !== null && project.maxAge !== null
      ? t("volunteering.project.agesValue", { min: project.minAge, max: project.maxAge })
      : project.minAge !== null
        ? t("volunteering.project.agesMin", { min: project.minAge })
        : project.maxAge !== null
          ? t("volunteering.project.agesMax", { max: project.maxAge })
          : null;
  return (
    <article>
      {project.coverId ? <img src={`/files/${project.coverId}`} alt="" style={{ width: "100%", maxHeight: 280, objectFit: "cover", borderRadius: 8 }} /> : null}
      <div className="page-head">
        <h1>{project.title}</h1>
        <span className={`status status-${project.status}`}>{t(`volunteering.statuses.${project.status}`)}</span>
        <a className="button-small" href={`/projects/${project.id}/poster.png`}>
          {t("share.download.poster")}
        </a>
      </div>
      <p className="muted">
        <Link to={`/orgs/${project.org.id}`}>{t("volunteering.project.by", { org: project.org.name })}</Link> · {t(`common.serviceAreas.${project.category}`)} ·{" "}
        {districtName(project.districtCode, locale)} · {project.address}
      </p>
      <p>{t("volunteering.listing.dates", { from: formatDate(project.startDate, locale), to: formatDate(project.endDate, locale) })}</p>
      <div className="cards cards-main-side">
        <section className="card">
          <Markdown source={project.description} />
        </section>
        <aside className="card">
          <dl className="dl">
            {ages ? (
              <>
                <dt>{t("volunteering.project.ages")}</dt>
                <dd>{ages}</dd>
              </>
            ) : null}
            {project.requirements ? (
              <>
                <dt>{t("volunteering.project.requirements")}</dt>
                <dd>{project.requirements}</dd>
              </>
            ) : null}
            {project.skills.length ? (
              <>
                <dt>{t("volunteering.project.skills")}</dt>
                <dd>{project.skills.join("、")}</dd>
              </>
            ) : null}
            <dt>{t("volunteering.project.contact")}</dt>
            <dd data-testid="contact-phone">
              {project.contactName} {project.contactPhone}
              {project.phoneMasked ? <span className="muted small"> ({t("privacy.contact.masked")})</span> : null}
            </dd>
          </dl>
          <p className="muted">{t("volunteering.project.cutoffNote", { hours: project.cancelCutoffHours })}</p>
        </aside>
      </div>

      <section className="card">
        <h2>{t("volunteering.project.shifts")}</h2>
        {!open ? <p className="muted">{t("volunteering.project.closedNote")}</p> : null}
        {signedIn && !hasProfile && open ? (
          <p className="form-error">
            {t("volunteering.project.profileNeeded")} <Link to={`/me/profile?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("volunteering.me.completeProfile")}</Link>
          </p>
        ) : null}
        <FormError reply={reply} />
        {resumeShift && !reply ? (
          <div className="card" role="status" data-testid="resume-signup">
            <p>
              {t("newcomer.signup.continue")} <strong>{formatDate(resumeShift.startsAt, locale)} {beijingTime(resumeShift.startsAt)}–{beijingTime(resumeShift.endsAt)}</strong> · {resumeShift.place}
            </p>
            {resumeShift.insideCutoff ? <p className="muted">{t("newcomer.signup.insideCutoff", { hours: project.cancelCutoffHours })}</p> : null}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="signup" />
              <input type="hidden" name="shiftId" value={resumeShift.id} />
              <button type="submit" disabled={busy}>
                {t("newcomer.signup.continueButton")}
              </button>
            </Form>
          </div>
        ) : null}
        {project.shifts.length === 0 ? (
          <p className="muted">{t("volunteering.project.noShifts")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("volunteering.project.time")}</th>
                  <th>{t("volunteering.project.place")}</th>
                  <th>{t("volunteering.project.openPlaces")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {project.shifts.map((s) => (
                  <tr key={s.id} data-testid={`shift-${s.id}`}>
                    <td>
                      {formatDate(s.startsAt, locale)} {beijingTime(s.startsAt)}–{beijingTime(s.endsAt)}
                    </td>
                    <td>
                      {s.place}
                      {s.requiredSkill ? <div className="muted">{t("volunteering.project.requiredSkill", { skill: s.requiredSkill })}</div> : null}
                    </td>
                    <td>
                      {s.openPlaces > 0 ? `${s.openPlaces} / ${s.capacity}` : t("volunteering.listing.full")}
                      {s.waitlist ? ` · ${t("volunteering.project.waitlist", { count: s.waitlist })}` : ""}
                    </td>
                    <td>
                      {s.mine ? (
                        <div className="button-row">
                          <span className="tag">{s.mine.status === "WAITLISTED" ? t("volunteering.project.youAreWaitlisted", { rank: s.mine.rank ?? "" }) : t("volunteering.project.youAreIn")}</span>
                          {s.mine.canCancel ? (
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="intent" value="cancel" />
                              <input type="hidden" name="signupId" value={s.mine.id} />
                              <SubmitButton className="button-secondary button-small" disabled={busy}>
                                {t("volunteering.project.cancel")}
                              </SubmitButton>
                            </Form>
                          ) : s.mine.status === "CONFIRMED" ? (
                            <span className="muted small">{t("newcomer.signup.cannotCancel", { hours: project.cancelCutoffHours })}</span>
                          ) : null}
                        </div>
                      ) : open && s.upcoming ? (
                        signedIn ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="signup" />
                            <input type="hidden" name="shiftId" value={s.id} />
                            <SubmitButton className="button-small" disabled={busy}>
                              {s.openPlaces > 0 ? t("volunteering.project.signUp") : t("volunteering.project.joinWaitlist")}
                            </SubmitButton>
                            {s.insideCutoff ? <span className="muted small"> {t("newcomer.signup.cutoffShort", { hours: project.cancelCutoffHours })}</span> : null}
                          </Form>
                        ) : (
                          <Link className="button button-small" to={`/auth/login?redirectTo=${encodeURIComponent(`${location.pathname}?signup=${s.id}`)}`}>
                            {t("volunteering.project.signInToSignUp")}
                          </Link>
                        )
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <HoursNotice rows={notice} signedIn={signedIn} reply={actionReply?.objection ? actionReply : undefined} />
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
